"""What every control service does the same way: check the actor, validate, audit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.core.errors import DomainError, NotFound, PermissionRefused


def require(actor: Any, perm: P, obj: models.Model | None = None) -> None:
    """Refuse a role without ``perm`` (PermissionRefused) and an object outside scope (NotFound)."""
    if not has_perm(actor, perm):
        raise PermissionRefused()
    if obj is not None and not can(actor, perm, obj):
        raise NotFound()


def clean(obj: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """``full_clean()``, a failure turned into a DomainError naming the fields."""
    try:
        obj.full_clean(exclude=list(exclude or ()))
    except ValidationError as exc:
        fields = ({k: list(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict")
                  else {NON_FIELD_ERRORS: list(exc.messages)})
        field = next(iter(fields))
        code = "duplicate" if any(e.code in ("unique", "unique_together") for errs in getattr(
            exc, "error_dict", {}).values() for e in errs) else "invalid"
        raise DomainError(code, fields[field][0], field=None if field == NON_FIELD_ERRORS else field,
                          fields=fields) from None


def today_or(day: date | None) -> date:
    return day or timezone.localdate()


@dataclass(frozen=True)
class SystemActor:
    """The scheduled job reading the system's own records for the risk criteria: it sees every row
    (it writes nothing through other apps' services; its own writes are audited as "system")."""

    pk: None = None
    username: str = "system"
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = True
    role: str = "admin"
    region_id: None = None
    provider_id: None = None


SYSTEM = SystemActor()
