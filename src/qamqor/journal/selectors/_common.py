"""What every journal selector shares: the provider check and public identifiers."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.registry.models import Provider


def require_provider(actor: Any, provider: Provider) -> None:
    """The actor may read this provider's journal; Http404 otherwise (as for a missing provider)."""
    if not has_perm(actor, P.JOURNAL_VIEW) or not can(actor, P.JOURNAL_VIEW, provider):
        raise Http404


def parse_uid(uid: UUID | str) -> UUID:
    """A public identifier from a URL or a form; Http404 when it is not a UUID."""
    try:
        return uid if isinstance(uid, UUID) else UUID(str(uid))
    except ValueError:
        raise Http404 from None
