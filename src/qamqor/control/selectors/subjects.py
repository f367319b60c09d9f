"""Reads of controlled subjects, their findings, complaints, risk scores and preventive-control lists,
each scoped to what the actor may see."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from qamqor.access.core import get_for_actor, has_perm, scope
from qamqor.access.permissions import P
from qamqor.control.domain.applicability import CriterionRow, applicable_criteria, checklist_code_for
from qamqor.control.models import (
    Complaint,
    Finding,
    PreventiveControlEntry,
    PreventiveControlList,
    RiskScore,
    Subject,
)
from qamqor.registry.models import Region
from qamqor.rules.models import Checklist, ChecklistRequirement, RiskCriterion


def _uuid(uid: UUID | str) -> UUID:
    try:
        return uid if isinstance(uid, UUID) else UUID(str(uid))
    except ValueError:
        raise Http404 from None


def _latest_scores() -> QuerySet[RiskScore]:
    return RiskScore.objects.filter(subject=OuterRef("pk")).order_by("-computed_at", "-id")


def subject_list(actor: Any, *, kind: str | None = None, region: Region | int | None = None,
                 degree: str | None = None, search: str = "", active: bool | None = True) -> QuerySet[Subject]:
    """The subjects the actor may see, annotated with ``latest_score``/``latest_degree``/``latest_as_of``
    (None when never scored), highest score first."""
    if not has_perm(actor, P.CONTROL_VIEW):
        return Subject.objects.none()
    qs = scope(actor, Subject.objects.all()).select_related("region", "provider")
    if kind:
        qs = qs.filter(kind=kind)
    if region is not None:
        qs = qs.filter(region=region)
    if active is not None:
        qs = qs.filter(is_active=active)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(bin_iin__startswith=search))
    latest = _latest_scores()
    qs = qs.annotate(latest_score=Subquery(latest.values("score")[:1]),
                     latest_degree=Subquery(latest.values("degree")[:1]),
                     latest_as_of=Subquery(latest.values("as_of")[:1]))
    if degree:
        qs = qs.filter(latest_degree=degree)
    return qs.order_by(F("latest_score").desc(nulls_last=True), "name", "pk")


def subject_get(actor: Any, uid: UUID | str, perm: P = P.CONTROL_VIEW) -> Subject:
    """One subject (Http404 when missing or outside the actor's scope)."""
    return get_for_actor(actor, perm, Subject.objects.select_related("region", "provider"), uid=_uuid(uid))


def subject_checklist(subject: Subject) -> Checklist | None:
    """The checklist (Appendices 2–7) used to inspect this subject, with its requirements in order."""
    code = checklist_code_for(subject.kind, subject.setting)
    if code is None:
        return None
    return (Checklist.objects.filter(subject_code=code)
            .prefetch_related(Prefetch("requirements", queryset=ChecklistRequirement.objects
                                       .select_related("criterion").order_by("number")))
            .order_by("appendix").first())


def criterion_rows(on: Any = None) -> list[CriterionRow]:
    """All risk criteria (in force on ``on`` when given) as the pure formula sees them."""
    rows = []
    for c in RiskCriterion.objects.order_by("number"):
        if on is not None and not c.in_force(on):
            continue
        rows.append(CriterionRow(c.number, c.severity, c.subject_setting, c.source_group))
    return rows


def subject_applicable_criteria(subject: Subject, on: Any = None) -> list[CriterionRow]:
    """The criteria that apply to the subject: of its kind/setting, plus those its checklist checks."""
    code = checklist_code_for(subject.kind, subject.setting)
    linked: list[int] = []
    if code is not None:
        linked = [n for n in ChecklistRequirement.objects.filter(
            checklist__subject_code=code, criterion__isnull=False).values_list("criterion__number", flat=True)]
    return applicable_criteria(criterion_rows(on), subject.kind, subject.setting, linked)


def subject_requirement_criteria(subject: Subject, on: Any = None) -> list[CriterionRow]:
    """The criteria the subject's checklist verifies (the "requirements that apply": the denominators SP1
    and SN1); for a subject no checklist covers, the criteria that apply to it."""
    code = checklist_code_for(subject.kind, subject.setting)
    if code is None:
        return subject_applicable_criteria(subject, on)
    rows: dict[int, CriterionRow] = {}
    for c in RiskCriterion.objects.filter(requirements__checklist__subject_code=code).distinct().order_by("number"):
        if on is not None and not c.in_force(on):
            continue
        rows[c.number] = CriterionRow(c.number, c.severity, c.subject_setting, c.source_group)
    return list(rows.values())


def finding_list(actor: Any, *, subject: Subject | None = None, status: str | None = "active",
                 origin: str | None = None, criterion: int | None = None) -> QuerySet[Finding]:
    """Findings the actor may see, newest first."""
    if not has_perm(actor, P.CONTROL_VIEW):
        return Finding.objects.none()
    qs = scope(actor, Finding.objects.all()).select_related("subject", "criterion", "recorded_by", "inspection")
    if subject is not None:
        qs = qs.filter(subject=subject)
    if status:
        qs = qs.filter(status=status)
    if origin:
        qs = qs.filter(origin=origin)
    if criterion is not None:
        qs = qs.filter(criterion__number=criterion)
    return qs.order_by("-found_on", "-id")


def finding_get(actor: Any, uid: UUID | str) -> Finding:
    return get_for_actor(actor, P.CONTROL_VIEW, Finding.objects.select_related("subject", "criterion"),
                         uid=_uuid(uid))


def score_latest(subject: Subject) -> RiskScore | None:
    """The subject's latest risk score (no scope check: the caller already holds the subject)."""
    return RiskScore.objects.filter(subject=subject).order_by("-computed_at", "-id").first()


def score_history(actor: Any, subject: Subject) -> QuerySet[RiskScore]:
    """Every computation of the subject's score, newest first."""
    if not has_perm(actor, P.CONTROL_VIEW):
        return RiskScore.objects.none()
    return scope(actor, RiskScore.objects.filter(subject=subject)).order_by("-computed_at", "-id")


def complaint_list(actor: Any, *, subject: Subject | None = None, decision: str | None = None,
                   topic: int | None = None) -> QuerySet[Complaint]:
    """The register of complaints the actor may see, newest first."""
    if not has_perm(actor, P.CONTROL_VIEW):
        return Complaint.objects.none()
    qs = scope(actor, Complaint.objects.all()).select_related("subject", "topic")
    if subject is not None:
        qs = qs.filter(subject=subject)
    if decision:
        qs = qs.filter(decision=decision)
    if topic is not None:
        qs = qs.filter(topic__number=topic)
    return qs.order_by("-received_on", "-id")


def complaint_get(actor: Any, uid: UUID | str) -> Complaint:
    return get_for_actor(actor, P.CONTROL_VIEW, Complaint.objects.select_related("subject", "topic"), uid=_uuid(uid))


def complaint_topics() -> QuerySet[RiskCriterion]:
    """The criteria a complaint may be about (Appendix 1, rows 85–90)."""
    return RiskCriterion.objects.filter(source_group=4).order_by("number")


def preventive_list_list(actor: Any) -> QuerySet[PreventiveControlList]:
    if not has_perm(actor, P.CONTROL_VIEW):
        return PreventiveControlList.objects.none()
    return scope(actor, PreventiveControlList.objects.select_related("region")).order_by("-year", "-half", "-id")


def preventive_list_get(actor: Any, uid: UUID | str) -> PreventiveControlList:
    return get_for_actor(actor, P.CONTROL_VIEW, PreventiveControlList.objects.select_related("region"),
                         uid=_uuid(uid))


def preventive_entries(actor: Any, control_list: PreventiveControlList) -> QuerySet[PreventiveControlEntry]:
    """The list's planned visits the actor may see, in the list's order."""
    if not has_perm(actor, P.CONTROL_VIEW):
        return PreventiveControlEntry.objects.none()
    return scope(actor, control_list.entries.select_related("subject", "subject__region")).order_by("order")


def risk_by_region(actor: Any) -> list[dict[str, Any]]:
    """For each region the actor sees: how many active subjects are at high, medium and low risk on their
    latest score, and how many were never scored."""
    rows: dict[int, dict[str, Any]] = {}
    for s in subject_list(actor).order_by():
        row = rows.setdefault(s.region_id, {"region": s.region, "high": 0, "medium": 0, "low": 0, "unscored": 0,
                                            "total": 0})
        row[s.latest_degree or "unscored"] += 1
        row["total"] += 1
    return sorted(rows.values(), key=lambda r: (-r["high"], -r["medium"], r["region"].code))


def findings_by_criterion(actor: Any) -> list[dict[str, Any]]:
    """For each criterion with active findings the actor sees: the number of findings and of subjects."""
    from django.db.models import Count

    qs = (finding_list(actor).filter(criterion__isnull=False).order_by()
          .values("criterion__number", "criterion__severity", "criterion__source_group")
          .annotate(findings=Count("id"), subjects=Count("subject", distinct=True))
          .order_by("-subjects", "criterion__number"))
    criteria = {c.number: c for c in RiskCriterion.objects.filter(number__in=[r["criterion__number"] for r in qs])}
    return [{"criterion": criteria[r["criterion__number"]], "number": r["criterion__number"],
             "severity": r["criterion__severity"], "source_group": r["criterion__source_group"],
             "findings": r["findings"], "subjects": r["subjects"]} for r in qs]
