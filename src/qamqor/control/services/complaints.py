"""The register of complaints and appeals; confirmed ones produce the complaint criteria (85–90)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qamqor.access.permissions import P
from qamqor.control import parameters as params
from qamqor.control.domain.choices import ComplaintDecision, FindingOrigin
from qamqor.control.domain.complaints import (
    COMPLAINT_CRITERIA,
    ComplaintRow,
    topics_over_threshold,
    window_start,
)
from qamqor.control.models import Complaint, Subject
from qamqor.control.services._common import clean, require, today_or
from qamqor.control.services.findings import UpsertCounts, system_finding_set, system_findings_withdraw
from qamqor.control.services.risk import recompute_after_change
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError
from qamqor.core.models import AuditAction
from qamqor.rules.models import RiskCriterion

RULE_CODE = "complaint_threshold"


@transaction.atomic
def complaint_register(actor: Any, *, subject: Subject, topic: RiskCriterion | int, number: str, received_on: date,
                       applicant: str = "", summary: str = "") -> Complaint:
    """Register a complaint (being examined) about a subject on one of the topics of criteria 85–90."""
    require(actor, P.COMPLAINT_RECORD, subject)
    if not isinstance(topic, RiskCriterion):
        topic = RiskCriterion.objects.filter(number=topic).first()
    if topic is None or topic.number not in COMPLAINT_CRITERIA:
        raise DomainError("topic_invalid", _("Choose one of the complaint criteria 85–90."), field="topic")
    if received_on > today_or(None):
        raise DomainError("future_date", _("The date cannot be in the future."), field="received_on")
    complaint = Complaint(subject=subject, topic=topic, number=number.strip(), received_on=received_on,
                          applicant=applicant.strip(), summary=summary.strip(),
                          recorded_by=actor if getattr(actor, "pk", None) else None)
    clean(complaint)
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:
        raise DomainError("duplicate", _("A complaint with this number is already registered."),
                          field="number") from None
    audit_record(actor=actor, action=AuditAction.CREATE, obj=complaint, changes=diff({}, snapshot(complaint)))
    return complaint


@transaction.atomic
def complaint_decide(actor: Any, complaint: Complaint, *, confirmed: bool, decided_on: date,
                     note: str = "") -> Complaint:
    """Record whether the complaint was confirmed; the complaint criteria of the subject are re-applied and
    its score recomputed."""
    require(actor, P.COMPLAINT_RECORD, complaint)
    if decided_on < complaint.received_on:
        raise DomainError("decided_before_received", _("The decision cannot be before the complaint was received."),
                          field="decided_on")
    if decided_on > today_or(None):
        raise DomainError("future_date", _("The date cannot be in the future."), field="decided_on")
    before = snapshot(complaint)
    complaint.decision = ComplaintDecision.CONFIRMED if confirmed else ComplaintDecision.REJECTED
    complaint.decided_on = decided_on
    complaint.decision_note = note.strip()
    complaint.decided_by = actor if getattr(actor, "pk", None) else None
    complaint.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=complaint, changes=diff(before, snapshot(complaint)))
    complaints_apply_threshold(complaint.subject)
    recompute_after_change(complaint.subject, actor=actor, trigger="complaint")
    return complaint


@transaction.atomic
def complaints_apply_threshold(subject: Subject, *, as_of: date | None = None) -> UpsertCounts:
    """For each complaint topic with at least the threshold of confirmed complaints received within the
    window ending ``as_of``, keep one active finding of that topic's criterion (listing the complaints);
    withdraw the findings of topics that fell below it. Idempotent."""
    day = today_or(as_of)
    threshold = params.value(params.COMPLAINT_THRESHOLD, day)
    window = params.value(params.COMPLAINT_WINDOW_MONTHS, day)
    rows = [ComplaintRow(c.pk, c.number, c.topic.number, c.received_on, True)
            for c in Complaint.objects.filter(subject=subject, decision=ComplaintDecision.CONFIRMED,
                                              decided_on__lte=day).select_related("topic")]
    over = topics_over_threshold(rows, as_of=day, window_months=int(window.value), threshold=int(threshold.value))
    counts = UpsertCounts()
    criteria = {c.number: c for c in RiskCriterion.objects.filter(number__in=list(over))}
    start = window_start(day, int(window.value))
    for topic, complaints in over.items():
        records = [{"model": "control.complaint", "id": c.id, "label": c.number,
                    "received_on": c.received_on.isoformat()} for c in complaints]
        explanation = _("%(count)s confirmed complaints on this topic received from %(start)s to %(end)s "
                        "(threshold %(threshold)s; window %(window)s months%(default)s): %(numbers)s.") % {
            "count": len(complaints), "start": start.isoformat(), "end": day.isoformat(),
            "threshold": threshold.value, "window": window.value,
            "default": _(", a Qamqor default: the seed gives no period") if window.is_default else "",
            "numbers": ", ".join(c.number for c in complaints)}
        _finding, what = system_finding_set(subject, criterion=criteria[topic], rule_code=RULE_CODE,
                                     origin=FindingOrigin.COMPLAINTS, found_on=day, records=records,
                                     explanation=explanation,
                                     complaint_number=", ".join(c.number for c in complaints)[:200])
        setattr(counts, what, getattr(counts, what) + 1)
    counts.withdrawn += system_findings_withdraw(
        subject, rule_code=RULE_CODE, keep_criteria=set(over),
        reason=_("Fewer confirmed complaints on this topic than the threshold within the window on %(date)s.") % {
            "date": day.isoformat()})
    return counts
