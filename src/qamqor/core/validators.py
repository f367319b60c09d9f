"""Django validators wrapping the pure IIN/BIN checks, with translated messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from qamqor.core.domain import InvalidIdentifier, parse_iin, validate_bin
from qamqor.core.errors import IDENTIFIER_MESSAGES


def iin_validator(value: str) -> None:
    """Refuse a malformed IIN with a message saying which check failed."""
    try:
        parse_iin(value)
    except InvalidIdentifier as exc:
        raise ValidationError(IDENTIFIER_MESSAGES[exc.code], code=f"iin_{exc.code}") from None


def bin_validator(value: str) -> None:
    """Refuse a malformed BIN with a message saying which check failed."""
    try:
        validate_bin(value)
    except InvalidIdentifier as exc:
        raise ValidationError(IDENTIFIER_MESSAGES[exc.code], code=f"bin_{exc.code}") from None
