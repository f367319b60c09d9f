"""Inspections and preventive control with a visit (seed 004, Appendices 2–7): appoint one on an act,
fill its checklist item by item, complete it — every non-compliance then becomes a risk finding of the
first information source (results of inspections) with its criterion's degree, and the subject's risk
degree is computed again — or cancel it.

Only an inspector (or the administrator) conducts inspections, and only of subjects in their scope; a
completed or cancelled inspection no longer changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.control.models import Inspection, InspectionItem, PreventiveControlEntry, Subject
from qamqor.control.selectors.inspections import checklist_for_subject
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.domain import InvalidIdentifier, Source, parse_iin, validate_bin
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction
from qamqor.rules.models import Checklist

CHECKLIST_FORM = Source("004", "Appendices 2–7")

SUBJECT_INACTIVE = _("This subject is no longer controlled.")
NO_CHECKLIST = _("No checklist of the order covers a subject of this kind or setting.")
CHECKLIST_MISMATCH = _("A subject of this kind is inspected on the checklist of Appendix %(appendix)s.")
FIELD_REQUIRED = _("This field is required.")
UNKNOWN_KIND = _("Unknown form of control.")
ACT_IN_FUTURE = _("The act of appointment cannot be dated in the future.")
STARTED_BEFORE_ACT = _("The inspection cannot start before the act that appoints it.")
FINISHED_BEFORE_START = _("The inspection cannot end before it started.")
FINISHED_IN_FUTURE = _("The end date cannot be in the future.")
BAD_BIN_IIN = _("An IIN or BIN is 12 digits with a valid control digit.")
DUPLICATE_ACT = _("This subject already has an inspection appointed by an act with this number and date.")
OTHER_SUBJECT_ENTRY = _("This entry of the preventive-control list is about another subject.")
NOT_DRAFT = _("The inspection is %(status)s; its checklist can no longer be changed.")
UNKNOWN_ITEM = _("The checklist has no requirement number %(number)s.")
NOT_REQUIRED_ASSESSED = _("A requirement that is not required is marked neither compliant nor non-compliant.")
EVIDENCE_REQUIRED = _("Describe the evidence of the non-compliance (what was found, which document).")
ITEMS_UNFILLED = _("Mark every required item compliant or non-compliant before completing; not filled in: "
                   "%(numbers)s.")
ITEM_UNFILLED = _("Mark this required item compliant or non-compliant.")
REASON_REQUIRED = _("Give the reason for cancelling.")


def _require(actor: Any, obj: Any) -> None:
    """Refuse a role that does not conduct inspections, and a subject or inspection outside scope."""
    if not has_perm(actor, P.INSPECTION_CONDUCT):
        raise PermissionRefused()
    if not can(actor, P.INSPECTION_CONDUCT, obj):
        raise NotFound()


def _today(today: date | None = None) -> date:
    return today or timezone.localdate()


def _valid_bin_iin(value: str) -> bool:
    for check in (validate_bin, parse_iin):
        try:
            check(value)
        except InvalidIdentifier:
            continue
        return True
    return False


def _open(inspection: Inspection) -> Inspection:
    """The inspection locked for the change, refused unless it is still being filled in."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != Inspection.Status.DRAFT:
        raise DomainError("not_draft", NOT_DRAFT % {"status": inspection.get_status_display()})
    return inspection


def _refuse(code: str, fields: dict[str, list[Any]]) -> DomainError:
    first = next(iter(fields))
    return DomainError(code, fields[first][0], field=first, fields=fields)


@transaction.atomic
def inspection_appoint(*, actor: Any, subject: Subject, act_number: str, act_date: date, appointing_body: str,
                       officials: str, head_of_subject: str = "", kind: str = Inspection.Kind.PREVENTIVE_VISIT,
                       started_on: date | None = None, checklist: Checklist | None = None,
                       list_entry: PreventiveControlEntry | None = None, note: str = "",
                       subject_name: str | None = None, subject_bin_iin: str | None = None,
                       subject_address: str | None = None, today: date | None = None) -> Inspection:
    """Appoint an inspection (or a preventive control with a visit) of ``subject`` on an act (number,
    date) of the appointing body, with the officials who conduct it. Its checklist is the one for the
    subject's kind (and, for a provider, setting), and every requirement of it becomes an item to fill
    in. The subject's name, IIN/BIN and address are copied as they are on the act (the subject's card
    unless given)."""
    _require(actor, subject)
    if not subject.is_active:
        raise DomainError("subject_inactive", SUBJECT_INACTIVE, field="subject")
    expected = checklist_for_subject(subject)
    if expected is None:
        raise DomainError("no_checklist", NO_CHECKLIST, field="subject", source=CHECKLIST_FORM)
    if checklist is not None and checklist.pk != expected.pk:
        raise DomainError("checklist_mismatch", CHECKLIST_MISMATCH % {"appendix": expected.appendix},
                          field="checklist", source=expected.source)
    values = {
        "act_number": (act_number or "").strip(), "appointing_body": (appointing_body or "").strip(),
        "officials": (officials or "").strip(),
        "subject_name": (subject.name if subject_name is None else subject_name).strip(),
    }
    missing = {name: [FIELD_REQUIRED] for name, value in values.items() if not value}
    if act_date is None:
        missing["act_date"] = [FIELD_REQUIRED]
    if missing:
        raise _refuse("required", missing)
    if kind not in Inspection.Kind.values:
        raise DomainError("unknown_kind", UNKNOWN_KIND, field="kind")
    if act_date > _today(today):
        raise DomainError("act_in_future", ACT_IN_FUTURE, field="act_date")
    if started_on is not None and started_on < act_date:
        raise DomainError("started_before_act", STARTED_BEFORE_ACT, field="started_on")
    bin_iin = (subject.bin_iin if subject_bin_iin is None else subject_bin_iin).strip()
    if bin_iin and not _valid_bin_iin(bin_iin):
        raise DomainError("bad_bin_iin", BAD_BIN_IIN, field="subject_bin_iin")
    if list_entry is not None and list_entry.subject_id != subject.pk:
        raise DomainError("other_subject_entry", OTHER_SUBJECT_ENTRY, field="list_entry")
    if Inspection.objects.filter(subject=subject, act_number=values["act_number"], act_date=act_date).exclude(
            status=Inspection.Status.CANCELLED).exists():
        raise DomainError("duplicate_act", DUPLICATE_ACT, field="act_number")
    inspection = Inspection.objects.create(
        kind=kind, act_date=act_date, subject=subject, checklist=expected, started_on=started_on,
        subject_bin_iin=bin_iin,
        subject_address=(subject.address if subject_address is None else subject_address).strip(),
        head_of_subject=(head_of_subject or subject.head_name or "").strip(), list_entry=list_entry,
        note=note or "", created_by=actor if getattr(actor, "pk", None) else None, **values)
    InspectionItem.objects.bulk_create([InspectionItem(inspection=inspection, requirement=r)
                                        for r in expected.requirements.order_by("number")])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=inspection, changes=diff({}, snapshot(inspection)))
    return inspection


@dataclass(frozen=True)
class ItemInput:
    """One line of the checklist as filled in: required or not; compliant (True), non-compliant (False)
    or not assessed yet (None); the evidence."""

    required: bool = True
    compliant: bool | None = None
    evidence_note: str = ""


def item_field(number: int, part: str) -> str:
    """The name under which a refusal about an item's part (required, compliant, evidence) is reported;
    the fill-in page names its inputs the same way."""
    return f"item_{number}_{part}"


def _item_errors(number: int, value: ItemInput) -> dict[str, list[Any]]:
    if not value.required and value.compliant is not None:
        return {item_field(number, "compliant"): [NOT_REQUIRED_ASSESSED]}
    if value.required and value.compliant is False and not value.evidence_note.strip():
        return {item_field(number, "evidence"): [EVIDENCE_REQUIRED]}
    return {}


@transaction.atomic
def inspection_fill(*, actor: Any, inspection: Inspection, items: Mapping[int, ItemInput]) -> Inspection:
    """Record the checklist items given (by requirement number): required or not; compliant or
    non-compliant; the evidence (required for a non-compliance). Every line is checked before any is
    saved; a refusal names each wrong line."""
    _require(actor, inspection)
    inspection = _open(inspection)
    rows = {i.requirement.number: i for i in inspection.items.select_related("requirement")}
    errors: dict[str, list[Any]] = {}
    for number, value in items.items():
        if number not in rows:
            errors[item_field(number, "compliant")] = [UNKNOWN_ITEM % {"number": number}]
            continue
        errors.update(_item_errors(number, value))
    if errors:
        raise _refuse("invalid_items", errors)
    changes: dict[str, list[Any]] = {}
    changed: list[InspectionItem] = []
    for number, value in sorted(items.items()):
        row = rows[number]
        before = (row.required, row.compliant, row.evidence_note)
        after = (value.required, value.compliant if value.required else None, value.evidence_note.strip())
        if before != after:
            row.required, row.compliant, row.evidence_note = after
            changed.append(row)
            changes[f"item {number}"] = [list(before), list(after)]
    if changed:
        InspectionItem.objects.bulk_update(changed, ["required", "compliant", "evidence_note"])
        inspection.save(update_fields=["updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=inspection, changes=changes)
    return inspection


def inspection_item_set(*, actor: Any, inspection: Inspection, number: int, required: bool = True,
                        compliant: bool | None = None, evidence_note: str = "") -> InspectionItem:
    """Record one checklist item (see ``inspection_fill``)."""
    inspection_fill(actor=actor, inspection=inspection,
                    items={number: ItemInput(required, compliant, evidence_note)})
    return inspection.items.select_related("requirement").get(requirement__number=number)


@transaction.atomic
def inspection_complete(*, actor: Any, inspection: Inspection, finished_on: date,
                        head_of_subject: str | None = None, today: date | None = None) -> Inspection:
    """Complete the inspection once every required item is marked compliant or non-compliant (with its
    evidence). Each non-compliance becomes an active risk finding of the first information source with
    its criterion's degree, and the subject's risk degree is computed again — all in one transaction."""
    from qamqor.control.services.findings import inspection_findings_sync

    _require(actor, inspection)
    inspection = _open(inspection)
    if finished_on is None:
        raise DomainError("required", FIELD_REQUIRED, field="finished_on")
    if finished_on > _today(today):
        raise DomainError("finished_in_future", FINISHED_IN_FUTURE, field="finished_on")
    started = inspection.started_on or inspection.act_date
    if finished_on < started:
        raise DomainError("finished_before_start", FINISHED_BEFORE_START, field="finished_on")
    items = list(inspection.items.select_related("requirement").order_by("requirement__number"))
    unfilled = [i.requirement.number for i in items if i.required and i.compliant is None]
    if unfilled:
        message = ITEMS_UNFILLED % {"numbers": ", ".join(str(n) for n in unfilled)}
        raise DomainError("items_unfilled", message, source=CHECKLIST_FORM, fields={
            "items": [message], **{item_field(n, "compliant"): [ITEM_UNFILLED] for n in unfilled}})
    errors: dict[str, list[Any]] = {}
    for item in items:
        errors.update(_item_errors(item.requirement.number, ItemInput(item.required, item.compliant,
                                                                        item.evidence_note)))
    if errors:
        raise _refuse("invalid_items", errors)
    before = snapshot(inspection)
    inspection.status = Inspection.Status.COMPLETED
    inspection.started_on = started
    inspection.finished_on = finished_on
    inspection.completed_at = timezone.now()
    if head_of_subject is not None and head_of_subject.strip():
        inspection.head_of_subject = head_of_subject.strip()
    inspection.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=inspection, changes=diff(before, snapshot(inspection)))
    inspection_findings_sync(actor=actor, inspection=inspection, recompute=True)
    return inspection


@transaction.atomic
def inspection_cancel(*, actor: Any, inspection: Inspection, reason: str) -> Inspection:
    """Cancel an inspection that is still being filled in (its items stay readable; no finding)."""
    _require(actor, inspection)
    inspection = _open(inspection)
    if not (reason or "").strip():
        raise DomainError("reason_required", REASON_REQUIRED, field="reason")
    before = snapshot(inspection)
    inspection.status = Inspection.Status.CANCELLED
    inspection.note = "\n".join(p for p in (inspection.note, reason.strip()) if p)
    inspection.save(update_fields=["status", "note", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=inspection, changes=diff(before, snapshot(inspection)))
    return inspection
