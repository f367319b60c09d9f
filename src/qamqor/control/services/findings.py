"""Recording and withdrawing risk findings: by an inspector, from an inspection's checklist, and by the
system (computed from records, or produced by confirmed complaints)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qamqor.access.permissions import P
from qamqor.control.domain.choices import FindingOrigin, FindingStatus, SourceGroup
from qamqor.control.models import Finding, Inspection, InspectionItem, Subject
from qamqor.control.services._common import clean, require, today_or
from qamqor.control.services.risk import recompute_after_change
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError
from qamqor.core.models import AuditAction
from qamqor.rules.models import RiskCriterion

SYSTEM_ORIGINS = (FindingOrigin.COMPUTED.value, FindingOrigin.COMPLAINTS.value)


def _criterion(value: RiskCriterion | int | None) -> RiskCriterion | None:
    if value is None or isinstance(value, RiskCriterion):
        return value
    try:
        return RiskCriterion.objects.get(number=int(value))
    except (RiskCriterion.DoesNotExist, ValueError, TypeError):
        raise DomainError("criterion_unknown", _("There is no risk criterion with this number."),
                          field="criterion") from None


@transaction.atomic
def finding_record(actor: Any, subject: Subject, *, criterion: RiskCriterion | int, source_group: int,
                   found_on: date, description: str = "", act_number: str = "", publication_url: str = "",
                   complaint_number: str = "", data_extract: str = "", recompute: bool = True) -> Finding:
    """An inspector records a finding with its source and evidence; the subject's score is recomputed."""
    require(actor, P.FINDING_RECORD, subject)
    crit = _criterion(criterion)
    if crit is None:
        raise DomainError("criterion_required", _("Choose the risk criterion."), field="criterion")
    if found_on > today_or(None):
        raise DomainError("future_date", _("The date cannot be in the future."), field="found_on")
    group = int(source_group)
    if group not in {g.value for g in SourceGroup}:
        raise DomainError("invalid_source", _("Choose the information source."), field="source_group")
    if group != SourceGroup.PORTAL_COMMISSION and crit.source_group != group:
        raise DomainError("source_mismatch", _("Criterion %(number)s belongs to information source %(group)s.") % {
            "number": crit.number, "group": crit.source_group}, field="source_group", source=crit.source)
    evidence = {"act_number": act_number.strip(), "publication_url": publication_url.strip(),
                "complaint_number": complaint_number.strip(), "data_extract": data_extract.strip()}
    if not any(evidence.values()):
        raise DomainError("evidence_required", _(
            "Give the evidence: an act number, a publication address, a complaint number or a data extract."),
            field="act_number")
    finding = Finding(subject=subject, criterion=crit, severity=crit.severity, source_group=group,
                      found_on=found_on, description=description.strip(), origin=FindingOrigin.MANUAL,
                      recorded_by=actor if getattr(actor, "pk", None) else None, **evidence)
    clean(finding)
    finding.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=finding, changes=diff({}, snapshot(finding)))
    if recompute:
        recompute_after_change(subject, actor=actor, trigger="finding")
    return finding


@transaction.atomic
def finding_withdraw(actor: Any, finding: Finding, *, reason: str, recompute: bool = True) -> Finding:
    """Withdraw a finding (it stays on record, no longer counted); the reason is required."""
    require(actor, P.FINDING_RECORD, finding)
    if finding.status == Finding.Status.WITHDRAWN:
        raise DomainError("already_withdrawn", _("This finding is already withdrawn."))
    if not reason.strip():
        raise DomainError("reason_required", _("Give the reason for withdrawing the finding."), field="reason")
    _withdraw(finding, actor=actor, reason=reason.strip())
    if recompute:
        recompute_after_change(finding.subject, actor=actor, trigger="finding")
    return finding


def _withdraw(finding: Finding, *, actor: Any, reason: str) -> None:
    before = snapshot(finding)
    finding.status = Finding.Status.WITHDRAWN
    finding.withdrawn_at = timezone.now()
    finding.withdrawn_by = actor if getattr(actor, "pk", None) else None
    finding.withdrawal_reason = reason
    finding.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=finding, changes=diff(before, snapshot(finding)))


# --- system findings (computed from records, produced by complaints) --------------------------------------

@dataclass
class UpsertCounts:
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    unchanged: int = 0

    def add(self, other: UpsertCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.withdrawn += other.withdrawn
        self.unchanged += other.unchanged


def system_finding_set(subject: Subject, *, criterion: RiskCriterion, rule_code: str, origin: str, found_on: date,
                       records: list[dict[str, Any]], explanation: str, complaint_number: str = "",
                       data_extract: str = "") -> tuple[Finding, str]:
    """Keep one active system finding for (subject, criterion, rule): create it, or update its records and
    explanation when they changed (its date stays the day it was first found). Returns (finding, what
    happened: "created" / "updated" / "unchanged")."""
    current = Finding.objects.select_for_update().filter(
        subject=subject, criterion=criterion, rule_code=rule_code, origin__in=SYSTEM_ORIGINS,
        status=FindingStatus.ACTIVE).first()
    if current is None:
        finding = Finding.objects.create(
            subject=subject, criterion=criterion, severity=criterion.severity, source_group=criterion.source_group,
            found_on=found_on, origin=origin, rule_code=rule_code, records=records, explanation=explanation,
            complaint_number=complaint_number, data_extract=data_extract)
        audit_record(actor=None, action=AuditAction.CREATE, obj=finding, changes=diff({}, snapshot(finding)))
        return finding, "created"
    if current.records == records and current.complaint_number == complaint_number:
        return current, "unchanged"
    before = snapshot(current)
    current.records, current.explanation = records, explanation
    current.complaint_number, current.data_extract = complaint_number, data_extract
    current.save(update_fields=["records", "explanation", "complaint_number", "data_extract", "updated_at"])
    audit_record(actor=None, action=AuditAction.UPDATE, obj=current, changes=diff(before, snapshot(current)))
    return current, "updated"


def system_findings_withdraw(subject: Subject, *, rule_code: str, keep_criteria: set[int], reason: str) -> int:
    """Withdraw the subject's active system findings of a rule whose criterion is not in ``keep_criteria``."""
    stale = Finding.objects.select_for_update().filter(
        subject=subject, rule_code=rule_code, origin__in=SYSTEM_ORIGINS, status=FindingStatus.ACTIVE,
    ).exclude(criterion_id__in=RiskCriterion.objects.filter(number__in=keep_criteria).values("pk"))
    count = 0
    for finding in stale:
        _withdraw(finding, actor=None, reason=reason)
        count += 1
    return count


# --- findings from an inspection's checklist --------------------------------------------------------------

def _item_finding_wanted(item: InspectionItem) -> bool:
    return item.required and item.compliant is False


@transaction.atomic
def inspection_findings_sync(actor: Any, inspection: Inspection, *, recompute: bool = True) -> list[Finding]:
    """Each required and non-compliant item of the inspection's checklist becomes one active finding of the
    first information source (inspections), with its criterion's severity; an item no longer
    non-compliant has its finding withdrawn. Then the subject's score is recomputed. Returns the active
    findings of the inspection."""
    require(actor, P.INSPECTION_CONDUCT, inspection)
    found_on = inspection.finished_on or inspection.act_date
    items = list(inspection.items.select_related("requirement__criterion", "requirement__checklist"))
    existing = {f.inspection_item_id: f for f in Finding.objects.select_for_update().filter(
        inspection=inspection, status=FindingStatus.ACTIVE, inspection_item__isnull=False)}
    active: list[Finding] = []
    for item in items:
        current = existing.get(item.pk)
        if not _item_finding_wanted(item):
            if current is not None:
                _withdraw(current, actor=actor, reason=_("The checklist item is no longer marked non-compliant."))
            continue
        requirement = item.requirement
        criterion = requirement.criterion
        severity = (criterion.severity if criterion else "") or requirement.severity or ""
        if current is not None:
            if (current.data_extract != item.evidence_note or current.found_on != found_on
                    or current.act_number != inspection.act_number):
                before = snapshot(current)
                current.data_extract, current.found_on = item.evidence_note, found_on
                current.act_number = inspection.act_number
                current.save(update_fields=["data_extract", "found_on", "act_number", "updated_at"])
                audit_record(actor=actor, action=AuditAction.UPDATE, obj=current,
                             changes=diff(before, snapshot(current)))
            active.append(current)
            continue
        finding = Finding.objects.create(
            subject=inspection.subject, criterion=criterion, severity=severity,
            source_group=SourceGroup.INSPECTIONS, found_on=found_on, origin=FindingOrigin.INSPECTION,
            act_number=inspection.act_number, data_extract=item.evidence_note,
            description=f"{requirement.checklist.appendix}.{requirement.number}",
            inspection=inspection, inspection_item=item,
            recorded_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=finding, changes=diff({}, snapshot(finding)))
        active.append(finding)
    if recompute:
        recompute_after_change(inspection.subject, actor=actor, trigger="inspection")
    return active
