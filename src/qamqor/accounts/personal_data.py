"""Personal data: the subject-access report (everything the system holds on one person, including who
viewed or exported it) and the retention rules.

The report walks the model graph from ``registry.Person``: every table that points at the person, and
the tables that point at those rows (plan items under a plan, events under a stay...), so that a new
table of another module appears in the report without a change here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from qamqor.access.core import has_perm
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record
from qamqor.core.errors import PermissionRefused
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry.models import Person

# Never in a report: derived search keys and secrets.
_SKIP_FIELDS = {"search_name", "password", "secret", "code_hash"}
_MAX_ROWS = 5000


def _value(obj: models.Model, field: models.Field) -> Any:
    if field.is_relation:
        related = getattr(obj, field.name, None)
        return None if related is None else str(related)
    value = getattr(obj, field.attname)
    if isinstance(value, date | datetime | UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    if field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{field.name}_display")())
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SKIP_FIELDS or field.name == "id":
            continue
        row[str(field.verbose_name)] = _value(obj, field)
    for field in obj._meta.many_to_many:
        row[str(field.verbose_name)] = [str(o) for o in getattr(obj, field.name).all()]
    return row


def _children(obj: models.Model, skip: set[type[models.Model]]) -> Iterable[tuple[Any, models.QuerySet[Any]]]:
    """Reverse relations of a row: (relation, queryset of the rows that point at it)."""
    for rel in obj._meta.related_objects:
        model = rel.related_model
        if model in skip or model is AuditEvent or not getattr(rel, "field", None):
            continue
        if rel.many_to_many:
            yield rel, model._default_manager.filter(**{rel.field.name: obj})
        else:
            yield rel, model._default_manager.filter(**{rel.field.name: obj.pk})


def _section_name(rel: Any) -> str:
    meta = rel.related_model._meta
    return f"{meta.verbose_name_plural} ({meta.label}.{rel.field.name})"


def _collect(person: Person) -> dict[str, list[dict[str, Any]]]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for rel, qs in _children(person, {Person}):
        rows = []
        for child in qs[:_MAX_ROWS]:
            row = _row(child)
            nested: dict[str, list[dict[str, Any]]] = {}
            for sub_rel, sub_qs in _children(child, {Person, type(child)}):
                sub_rows = [_row(o) for o in sub_qs[:_MAX_ROWS]]
                if sub_rows:
                    nested[_section_name(sub_rel)] = sub_rows
            if nested:
                row["records"] = nested
            rows.append(row)
        if rows:
            sections[_section_name(rel)] = rows
    return sections


def _audit_rows(person: Person) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(subject_person=str(person.uid)).order_by("at", "id")
    return [{"when": e.at.isoformat(), "who": e.actor_username, "action": e.get_action_display(),
             "record_type": e.object_type, "record": e.object_repr, "address": e.ip or "",
             "path": e.path} for e in events]


def subject_access_report(*, actor: Any, person: Person, fmt: str = "json") -> dict[str, Any]:
    """Everything the system holds on ``person``: the person's record, every record tied to it, and the
    audit trail of who created, changed, viewed or exported it. Only for roles that may read the audit
    trail (the administrator); the export itself is audited (and so appears in the report)."""
    if not has_perm(actor, P.AUDIT_VIEW):
        raise PermissionRefused()
    audit_record(actor=actor, action=AuditAction.EXPORT, obj=person, subject_person=str(person.uid),
                 changes={"report": [None, "subject_access"], "format": [None, fmt]})
    return {
        "generated_at": timezone.localtime().isoformat(),
        "generated_by": {"username": actor.username, "name": actor.get_full_name()},
        "person": _row(person),
        "records": _collect(person),
        "audit_trail": _audit_rows(person),
    }


# --- Retention ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RetentionRule:
    label: str
    field: str
    days: int

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def cutoff(self, now: datetime | None = None) -> datetime:
        return (now or timezone.now()) - timedelta(days=self.days)

    def expired(self, now: datetime | None = None) -> models.QuerySet[Any]:
        value = self.cutoff(now)
        field = self.model._meta.get_field(self.field)
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            value = value.date()
        return self.model._default_manager.filter(**{f"{self.field}__lt": value})


def retention_rules() -> list[RetentionRule]:
    """The rules of ``QAMQOR_RETENTION``: {"app.Model": {"field": date field, "days": N}}."""
    return [RetentionRule(label, rule["field"], int(rule["days"]))
            for label, rule in settings.QAMQOR_RETENTION.items() if rule.get("days") is not None]


@dataclass
class RetentionResult:
    rule: RetentionRule
    expired: int
    erased: int = 0
    kept: int = 0


def apply_retention(*, actor: Any = None, erase: bool = False, now: datetime | None = None) -> list[RetentionResult]:
    """Count (and with ``erase``, delete) the records older than their retention period. A record still
    referenced by another (a protected link) is kept and counted as such. Deleting a person's record is
    audited."""
    results = []
    for rule in retention_rules():
        qs = rule.expired(now)
        result = RetentionResult(rule, qs.count())
        if erase:
            audited = rule.model is Person or hasattr(rule.model, "person")
            if not audited:
                try:
                    with transaction.atomic():
                        result.erased = qs.delete()[1].get(rule.label, 0)
                    results.append(result)
                    continue
                except (ProtectedError, RestrictedError):
                    pass
            for obj in qs.iterator():
                try:
                    with transaction.atomic():
                        if audited:
                            subject = str(getattr(obj, "uid", "")) if rule.model is Person else str(
                                getattr(getattr(obj, "person", None), "uid", ""))
                            audit_record(actor=actor, action=AuditAction.DELETE, obj=obj, subject_person=subject,
                                         changes={"retention": [f"{rule.days} days", None]})
                        obj.delete()
                    result.erased += 1
                except (ProtectedError, RestrictedError):
                    result.kept += 1
        results.append(result)
    return results
