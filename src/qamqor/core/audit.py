"""Writing the audit trail: every service that touches a person, provider or ground calls this."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models

from qamqor.core.context import current_request
from qamqor.core.models import AuditAction, AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime | UUID | Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of a row, as JSON-friendly values (foreign keys by id)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs: {field: [old, new]}."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def audit_record(*, actor: Any, action: AuditAction | str, obj: models.Model,
                 changes: dict[str, Any] | None = None, subject_person: str = "") -> AuditEvent:
    """Append one event to the audit trail, attributed to the actor and the current request."""
    info = current_request.get()
    user = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_username=getattr(actor, "username", "") or "system",
        action=str(action),
        object_type=obj._meta.label,
        object_id=str(getattr(obj, "uid", None) or obj.pk),
        object_repr=str(obj)[:300],
        subject_person=subject_person,
        changes=changes or {},
        ip=info.ip if info else None,
        path=info.path if info else "",
    )
