"""What every care service does the same way: check the actor, validate, save, audit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction
from qamqor.registry.models import Person

NOT_EDITABLE = _("This field cannot be changed here.")
DUPLICATE = _("Such a record already exists.")
PERIOD_REVERSED = _("The end date cannot be before the start date.")


def require(actor: Any, perm: P, obj: models.Model | None = None) -> None:
    """Refuse a role without ``perm`` (PermissionRefused) and an object outside scope (NotFound)."""
    if not has_perm(actor, perm):
        raise PermissionRefused()
    if obj is not None and not can(actor, perm, obj):
        raise NotFound()


def require_person(actor: Any, person: Person) -> None:
    """The person a record concerns must be one the actor can see: otherwise it does not exist for them."""
    if not can(actor, P.PERSON_VIEW, person):
        raise NotFound()


def clean(obj: models.Model, *, exclude: Iterable[str] | None = None, duplicate: Any = DUPLICATE) -> None:
    """``full_clean()``, with a validation failure turned into a DomainError naming the fields (a unique
    constraint's failure is the code "duplicate")."""
    try:
        obj.full_clean(exclude=list(exclude or ()))
    except ValidationError as exc:
        errors = [e for errs in getattr(exc, "error_dict", {}).values() for e in errs]
        if any(e.code in ("unique", "unique_together") for e in errors):
            raise DomainError("duplicate", duplicate) from None
        fields = ({k: list(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict")
                  else {NON_FIELD_ERRORS: list(exc.messages)})
        field = next(iter(fields))
        raise DomainError("invalid", fields[field][0], field=None if field == NON_FIELD_ERRORS else field,
                          fields=fields) from None


def save_new(actor: Any, obj: models.Model, *, subject: Person | None, duplicate: Any = DUPLICATE,
             exclude: Iterable[str] | None = None) -> models.Model:
    """Validate, insert and audit a new row; a race on a unique constraint is a DomainError too."""
    clean(obj, exclude=exclude, duplicate=duplicate)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise DomainError("duplicate", duplicate) from None
    audit_record(actor=actor, action=AuditAction.CREATE, obj=obj, changes=diff({}, snapshot(obj)),
                 subject_person=str(subject.uid) if subject else "")
    return obj


def save_changed(actor: Any, obj: models.Model, before: dict[str, Any], *, subject: Person | None,
                 exclude: Iterable[str] | None = None) -> models.Model:
    """Validate, update only the changed fields and audit what changed (nothing changed: no write)."""
    clean(obj, exclude=exclude)
    changes = diff(before, snapshot(obj))
    if not changes:
        return obj
    fields = [obj._meta.get_field(name).name for name in changes]
    try:
        with transaction.atomic():
            obj.save(update_fields=[*fields, "updated_at"] if hasattr(obj, "updated_at") else fields)
    except IntegrityError:
        raise DomainError("duplicate", DUPLICATE) from None
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=obj, changes=changes,
                 subject_person=str(subject.uid) if subject else "")
    return obj


def delete(actor: Any, obj: models.Model, *, subject: Person | None) -> None:
    before = snapshot(obj)
    obj.delete()
    audit_record(actor=actor, action=AuditAction.DELETE, obj=obj, changes=diff(before, {}),
                 subject_person=str(subject.uid) if subject else "")


def apply(obj: models.Model, data: Mapping[str, Any], editable: frozenset[str]) -> None:
    """Set the given fields, refusing any that may not be changed here."""
    for key, value in data.items():
        if key not in editable:
            raise DomainError("not_editable", NOT_EDITABLE, field=key)
        setattr(obj, key, value)


def lock(obj: models.Model) -> Any:
    """The row again, locked until the transaction ends (status changes and counts are serialised)."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)
