"""The one exception type the services raise for a refused action.

Its message is translatable and, where a rule refused the action, it carries the rule's ``Source``
so that pages and the API can show why."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qamqor.core.domain import IdentifierError, Source


class DomainError(Exception):
    """A refused action: ``code`` for machines, ``message`` for people, ``field`` where it belongs."""

    def __init__(self, code: str, message: Any, *, field: str | None = None, source: Source | None = None,
                 fields: dict[str, list[Any]] | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        self.source = source
        self.fields = fields or ({field: [message]} if field else {})

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {k: [str(m) for m in v] for k, v in self.fields.items()},
            "source": str(self.source) if self.source else None,
        }


class NotFound(DomainError):
    """Missing, or outside the actor's scope: both look the same to the actor."""

    def __init__(self) -> None:
        super().__init__("not_found", _("Not found."))


class PermissionRefused(DomainError):
    """The actor's role does not allow this action on an object they can see."""

    def __init__(self) -> None:
        super().__init__("permission_denied", _("Your role does not allow this action."))


IDENTIFIER_MESSAGES = {
    IdentifierError.NOT_DIGITS: _("Must contain digits only."),
    IdentifierError.WRONG_LENGTH: _("Must be exactly 12 digits."),
    IdentifierError.IMPOSSIBLE_DATE: _("The date encoded in the first digits does not exist."),
    IdentifierError.WRONG_CENTURY_DIGIT: _("The 7th digit (century and sex) must be 1 to 6."),
    IdentifierError.WRONG_ENTITY_DIGIT: _("The 5th digit (type of legal entity) must be 4, 5 or 6."),
    IdentifierError.WRONG_CHECK_DIGIT: _("The control digit (12th) does not match; check the number."),
}
