"""Computing a subject's risk-degree indicator, with its breakdown, and keeping its history.

A computation that yields exactly the same breakdown as the subject's latest score adds no row (so the
history shows changes, and re-running the scheduled job is idempotent); anything else adds a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from qamqor.access.permissions import P
from qamqor.control import parameters as params
from qamqor.control.domain.risk import Violation, risk_score
from qamqor.control.models import Finding, RiskScore, Subject
from qamqor.control.selectors.subjects import (
    score_latest,
    subject_applicable_criteria,
    subject_requirement_criteria,
)
from qamqor.control.services._common import require, today_or
from qamqor.core.audit import audit_record
from qamqor.core.models import AuditAction

METHOD_STATUS = "not_stated_in_seed"
FORMULA = ("gross found: score = gross_score; otherwise score = SP + SN, "
           "SP = SP2 * 100 / SP1 * weight_significant (0 when SP1 = 0), "
           "SN = SN2 * 100 / SN1 * weight_minor (0 when SN1 = 0); "
           "SP1, SN1 = significant, minor requirements of the subject's checklist; "
           "SP2, SN2 = distinct significant, minor criteria of the subject violated (at most SP1, SN1); "
           "high: score > threshold_high; medium: score > threshold_medium; otherwise low")


def counted_findings(subject: Subject, as_of: date) -> list[Finding]:
    """The findings the score counts: active and found on or before the date."""
    return list(Finding.objects.filter(subject=subject, status=Finding.Status.ACTIVE, found_on__lte=as_of)
                .select_related("criterion").order_by("found_on", "id"))


def score_breakdown(subject: Subject, as_of: date) -> dict[str, Any]:
    """The full computation for a subject as of a date, as JSON: the findings, the applicable criteria by
    severity, the parameters (with their sources and whether they are defaults), the formula and result."""
    method, used = params.risk_method(as_of)
    applicable = subject_applicable_criteria(subject, as_of)
    requirements = subject_requirement_criteria(subject, as_of)
    findings = counted_findings(subject, as_of)
    violations = [Violation(f.pk, f.criterion.number if f.criterion_id else None,
                            f.severity or (f.criterion.severity if f.criterion_id else "")) for f in findings]
    result = risk_score(applicable, violations, method, requirements=requirements)
    not_counted = set(result.not_counted)
    return {
        "as_of": as_of.isoformat(),
        "method_status": METHOD_STATUS,
        "formula": FORMULA,
        "parameters": [u.as_dict() for u in used],
        # The requirements that apply (denominators SP1/SN1) and the criteria whose violation counts.
        "applicable": {sev: [c.number for c in requirements if c.severity == sev]
                       for sev in ("gross", "significant", "minor")},
        "counted_criteria": {sev: [c.number for c in applicable if c.severity == sev]
                             for sev in ("gross", "significant", "minor")},
        "findings": [{"id": f.pk, "uid": str(f.uid),
                      "criterion": f.criterion.number if f.criterion_id else None,
                      "severity": v.severity, "source_group": f.source_group, "origin": f.origin,
                      "found_on": f.found_on.isoformat(), "counted": f.pk not in not_counted}
                     for f, v in zip(findings, violations, strict=True)],
        "severity_counts": {"gross": len(result.gross_criteria), "significant": result.sp2, "minor": result.sn2},
        "result": result.as_dict(),
    }


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    strip = ("as_of",)
    return {k: v for k, v in a.items() if k not in strip} == {k: v for k, v in b.items() if k not in strip}


@transaction.atomic
def _recompute(subject: Subject, as_of: date, actor: Any, trigger: str) -> RiskScore:
    Subject.objects.select_for_update().filter(pk=subject.pk).first()
    breakdown = score_breakdown(subject, as_of)
    latest = score_latest(subject)
    if latest is not None and _same(latest.breakdown, breakdown):
        return latest
    result = breakdown["result"]
    row = RiskScore.objects.create(
        subject=subject, as_of=as_of, score=Decimal(result["score"]), degree=result["degree"], breakdown=breakdown,
        trigger=trigger[:40], computed_by=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row,
                 changes={"score": [str(latest.score) if latest else None, result["score"]],
                          "degree": [latest.degree if latest else None, result["degree"]]})
    return row


def risk_recompute(subject: Subject, *, as_of: date | None = None, actor: Any = None,
                   trigger: str = "manual") -> RiskScore:
    """Recompute one subject's score as of a date (today by default). With an actor, the actor must hold
    ``P.RISK_RECOMPUTE`` for the subject; without one it is the system (scheduled job, other services)."""
    if actor is not None:
        require(actor, P.RISK_RECOMPUTE, subject)
    return _recompute(subject, today_or(as_of), actor, trigger)


def recompute_after_change(subject: Subject, *, actor: Any, trigger: str, as_of: date | None = None) -> RiskScore:
    """Recompute after a finding changed, on behalf of the service that changed it (no further check)."""
    return _recompute(subject, today_or(as_of), actor, trigger)


@dataclass
class RecomputeReport:
    subjects: int = 0
    scores_added: int = 0
    findings_created: int = 0
    findings_updated: int = 0
    findings_withdrawn: int = 0
    skipped_rules: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"subjects": self.subjects, "scores_added": self.scores_added,
                "findings_created": self.findings_created, "findings_updated": self.findings_updated,
                "findings_withdrawn": self.findings_withdrawn, "skipped_rules": list(self.skipped_rules)}


def risk_recompute_all(*, as_of: date | None = None, actor: Any = None, trigger: str = "scheduled",
                       compute_findings: bool = True, subjects: Any = None) -> RecomputeReport:
    """Recompute the findings from the system's records and then the score of every active subject (or of
    ``subjects``): what the scheduled job and the ``recompute_risk`` command run."""
    from qamqor.control.services.complaints import complaints_apply_threshold
    from qamqor.control.services.computed import findings_compute

    if actor is not None:
        require(actor, P.RISK_RECOMPUTE)
    day = today_or(as_of)
    qs = subjects if subjects is not None else Subject.objects.filter(is_active=True)
    report = RecomputeReport()
    skipped: set[str] = set()
    for subject in qs.order_by("pk"):
        report.subjects += 1
        if compute_findings:
            computed = findings_compute(subject, as_of=day)
            produced = complaints_apply_threshold(subject, as_of=day)
            report.findings_created += computed.created + produced.created
            report.findings_updated += computed.updated + produced.updated
            report.findings_withdrawn += computed.withdrawn + produced.withdrawn
            skipped |= set(computed.skipped_rules)
        before = score_latest(subject)
        row = _recompute(subject, day, actor, trigger)
        if before is None or row.pk != before.pk:
            report.scores_added += 1
    report.skipped_rules = tuple(sorted(skipped))
    return report


def scheduled_recompute() -> dict[str, Any]:
    """Entry point for a scheduler (cron, Celery beat, systemd timer): recompute everything as of today."""
    return risk_recompute_all(trigger="scheduled").as_dict()
