"""Small helpers shared by the care selectors."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.http import Http404
from django.utils import timezone


def uuid_or_404(uid: UUID | str) -> UUID:
    """A malformed identifier in a URL is a missing record, not a server error."""
    try:
        return uid if isinstance(uid, UUID) else UUID(str(uid))
    except ValueError:
        raise Http404 from None


def today_or(day: date | None) -> date:
    return day or timezone.localdate()
