"""Reads for the interface's own pages: what is due on the home page, the search across registries,
and the hook to the control app. Each read goes through the journal, care and registry selectors (which
scope by ``qamqor.access.core.scope``) or scopes its own queryset: nothing from outside the user's scope.

Aggregates (occupancy, queues, plans, services by region or provider) are in ``qamqor.web.dashboards``."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from qamqor.access.core import has_perm
from qamqor.access.permissions import P
from qamqor.access.scopes import is_national, is_provider_staff, region_of
from qamqor.care import selectors as care
from qamqor.care.domain.homecare import LoadFlag
from qamqor.care.models import NeedAssessment
from qamqor.journal import selectors as journal
from qamqor.journal.models import ApplicationStatus
from qamqor.registry import selectors as registry
from qamqor.registry.models import Person, Provider, Region

# An offer "about to lapse": the arrival date falls within this many days (or has passed without the
# lapse being recorded yet). A display threshold of the home page, not a rule of the regulations.
OFFER_WARNING_DAYS = 3
# "Plans due this week": the next deadline falls within the next seven days.
PLANS_DUE_WITHIN_DAYS = 7
SEARCH_LIMIT = 20


# --- provider staff ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffDue:
    """What a provider's staff have to do (counts; None where the role may not read that record)."""

    plans_due: int | None
    plans_late: int | None
    monitoring_due: int | None
    offers_lapsing: int | None
    applications_waiting: int | None
    missing_documents: int | None
    incoming_transfers: int | None


def _offers_lapsing(actor: Any, provider: Provider | None, today: date) -> int | None:
    if not has_perm(actor, P.JOURNAL_VIEW):
        return None
    return journal.application_list(actor=actor, provider=provider, status=ApplicationStatus.OFFERED).filter(
        arrival_by__lte=today + timedelta(days=OFFER_WARNING_DAYS)).count()


def _applications_waiting(actor: Any, provider: Provider | None) -> int | None:
    if not has_perm(actor, P.JOURNAL_VIEW):
        return None
    return journal.application_list(actor=actor, provider=provider, status=ApplicationStatus.PENDING).count()


def staff_due(*, actor: Any, provider: Provider, today: date) -> StaffDue:
    """The counts of a provider's work lists: plans due this week and late, quarterly monitoring due,
    offers about to lapse, applications waiting in its queues, documents missing from open dossiers,
    transfers to it awaiting arrival."""
    plans = has_perm(actor, P.PLAN_VIEW)
    return StaffDue(
        plans_due=len(care.plans_due(actor=actor, provider=provider, within_days=PLANS_DUE_WITHIN_DAYS,
                                     today=today)) if plans else None,
        plans_late=len(care.plans_late(actor=actor, provider=provider, today=today)) if plans else None,
        monitoring_due=len(care.monitoring_due_list(actor=actor, provider=provider, today=today)) if plans else None,
        offers_lapsing=_offers_lapsing(actor, provider, today),
        applications_waiting=_applications_waiting(actor, provider),
        missing_documents=(care.missing_document_list(actor=actor, provider=provider).count()
                           if has_perm(actor, P.DOSSIER_VIEW) else None),
        incoming_transfers=(len(journal.transfers_incoming(actor=actor, provider=provider))
                            if has_perm(actor, P.JOURNAL_VIEW) else None),
    )


def caseload_flags(*, actor: Any, provider: Provider, today: date) -> list[care.CaseloadRow]:
    """Care social workers whose caseload is outside the norm today (for the head)."""
    if not has_perm(actor, P.SERVICE_VIEW):
        return []
    return [row for row in care.caseload_list(actor=actor, provider=provider, on=today) if row.flag != LoadFlag.OK]


@dataclass(frozen=True)
class SpecialistPlans:
    """A social work specialist's individual work plans at the provider: open (not closed) and late."""

    coordinator: Any
    open_plans: int
    late: int


def specialist_plans(*, actor: Any, provider: Provider, today: date) -> list[SpecialistPlans]:
    """Each coordinator's open plans and how many of them are late, read through the care selectors."""
    if not has_perm(actor, P.PLAN_VIEW):
        return []
    late = {row.plan.pk for row in care.plans_late(actor=actor, provider=provider, today=today)}
    by_coordinator: dict[Any, list[int]] = {}
    for plan in care.plan_list(actor=actor, provider=provider).exclude(status="closed"):
        counts = by_coordinator.setdefault(plan.coordinator, [0, 0])
        counts[0] += 1
        counts[1] += plan.pk in late
    rows = [SpecialistPlans(who, n, k) for who, (n, k) in by_coordinator.items()]
    return sorted(rows, key=lambda r: (r.coordinator is None, str(r.coordinator or "")))


# --- local executive body -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class NeedDue:
    """Applications for services awaiting the local executive body: the assessment of need and the
    decision on the guaranteed volume, pending and late (the deadlines are dated parameters), and the
    queue applications waiting in the region."""

    assessments_pending: int
    assessments_late: int
    decisions_pending: int
    decisions_late: int
    applications_waiting: int | None
    deadline_source: str = ""


def need_due(*, actor: Any, today: date) -> NeedDue | None:
    """None for a role that may not read assessments of need."""
    if not has_perm(actor, P.NEED_VIEW):
        return None
    rows = care.need_deadlines(actor=actor, today=today)
    pending = [r for r in rows if r.assessment.outcome == NeedAssessment.Outcome.PENDING]
    undecided = [r for r in rows if r.assessment.outcome == NeedAssessment.Outcome.NEED and r.decision is None]
    return NeedDue(
        assessments_pending=len(pending),
        assessments_late=sum(1 for r in pending if r.timing.assessment_kept is False),
        decisions_pending=len(undecided),
        decisions_late=sum(1 for r in undecided if r.timing.decision_kept is False),
        applications_waiting=_applications_waiting(actor, None),
        deadline_source=rows[0].deadline_source if rows else "",
    )


# --- control app (inspections, risk) -------------------------------------------------------------------------
# HOOK (control app): the home, provider and region pages read ``qamqor.control`` when it is installed
# (see /work/status/control-models.md): subjects with their latest risk degree, findings, the preventive
# control lists' planned visits and the inspections being conducted. Without it (or while a selector is
# missing) the pages say that the control module is not available, and nothing else changes.

CONTROL_LIMIT = 10


@dataclass(frozen=True)
class ControlItem:
    label: str
    on: date | None = None
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class ControlSummary:
    """What the control app tells an inspector on the home page. ``available`` is False while the
    ``qamqor.control`` app (or its selectors) is not installed: the page says so instead."""

    available: bool
    planned_count: int = 0
    planned: list[ControlItem] = field(default_factory=list)
    in_progress_count: int = 0
    high_risk_count: int = 0
    high_risk: list[ControlItem] = field(default_factory=list)


def _control() -> Any | None:
    try:
        return importlib.import_module("qamqor.control.selectors")
    except ImportError:
        return None


def _control_url(name: str, uid: Any) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs={"uid": uid})
    except NoReverseMatch:
        return ""


def control_summary(*, actor: Any, today: date) -> ControlSummary:
    """Planned preventive-control visits from today on, inspections being conducted, and the subjects
    whose latest risk degree is high — all in the actor's scope, read from the control app."""
    module = _control()
    perm = getattr(P, "CONTROL_VIEW", None)
    subject_list = getattr(module, "subject_list", None)
    if module is None or perm is None or subject_list is None:
        return ControlSummary(available=False)
    if not has_perm(actor, perm):
        return ControlSummary(available=True)
    from qamqor.access.core import scope
    from qamqor.control.models import Inspection, PreventiveControlEntry

    entries = scope(actor, PreventiveControlEntry.objects.filter(planned_visit_on__gte=today)
                    ).select_related("subject").order_by("planned_visit_on", "order", "pk")
    in_progress = scope(actor, Inspection.objects.filter(status="draft")).count()
    high = subject_list(actor, degree="high")
    return ControlSummary(
        available=True,
        planned_count=entries.count(),
        planned=[ControlItem(e.subject.name, e.planned_visit_on, url=_control_url("control:subject_detail", e.subject.uid))
                 for e in entries[:CONTROL_LIMIT]],
        in_progress_count=in_progress,
        high_risk_count=high.count(),
        high_risk=[ControlItem(s.name, s.latest_as_of, detail=str(s.latest_score or ""),
                               url=_control_url("control:subject_detail", s.uid)) for s in high[:CONTROL_LIMIT]],
    )


@dataclass(frozen=True)
class ProviderRisk:
    """A provider's control subjects (one per setting) with the latest risk degree and active findings."""

    setting_label: str
    degree: str
    degree_label: str
    score: Any
    as_of: date | None
    findings: list[str]
    url: str


CONTROL_ABSENT, CONTROL_HIDDEN, CONTROL_SHOWN = "absent", "hidden", "shown"


def provider_risk(*, actor: Any, provider: Provider, today: date) -> tuple[str, list[ProviderRisk]]:
    """(``absent`` while the control app is not installed, ``hidden`` for a role that may not read it,
    else ``shown``; the provider's subjects with their risk degree and findings)."""
    module = _control()
    perm = getattr(P, "CONTROL_VIEW", None)
    subject_list = getattr(module, "subject_list", None)
    finding_list = getattr(module, "finding_list", None)
    if module is None or perm is None or subject_list is None:
        return CONTROL_ABSENT, []
    if not has_perm(actor, perm):
        return CONTROL_HIDDEN, []
    from qamqor.control.domain.choices import Degree
    from qamqor.control.models import RiskScore
    from qamqor.rules.choices import Setting

    labels = dict(RiskScore.DegreeChoice.choices) if hasattr(RiskScore, "DegreeChoice") else {}
    settings = dict(Setting.choices)
    rows = []
    for subject in subject_list(actor, kind="provider").filter(provider=provider):
        findings = list(finding_list(actor, subject=subject)[:CONTROL_LIMIT]) if finding_list else []
        degree = subject.latest_degree or ""
        rows.append(ProviderRisk(
            setting_label=str(settings.get(subject.setting, subject.setting)), degree=degree,
            degree_label=str(labels.get(degree, degree)) if degree in {d.value for d in Degree} else "",
            score=subject.latest_score, as_of=subject.latest_as_of,
            findings=[str(f.criterion or f.description) for f in findings],
            url=_control_url("control:subject_detail", subject.uid)))
    return CONTROL_SHOWN, rows


# --- scope helpers -------------------------------------------------------------------------------------------

def regions_in_reach(actor: Any) -> QuerySet[Region]:
    """The regions whose page the actor may open: all for national roles with reports, the own region
    for region-scoped roles, none otherwise."""
    if not has_perm(actor, P.REPORT_VIEW):
        return Region.objects.none()
    if is_national(actor):
        return Region.objects.all()
    region = region_of(actor)
    if region is not None:
        return Region.objects.filter(pk=region)
    return Region.objects.none()


def home_provider(actor: Any) -> Provider | None:
    """The provider a staff member works for (None for other roles)."""
    return actor.provider if is_provider_staff(actor) else None


# --- search --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchResults:
    """Matches of one query, by kind; ``None`` for a kind the actor's role may not search."""

    query: str
    persons: list[Person] | None
    persons_more: bool
    providers: list[Provider] | None
    providers_more: bool

    @property
    def total(self) -> int:
        return len(self.persons or []) + len(self.providers or [])


def search(*, actor: Any, query: str, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Search everywhere the actor may look: persons by IIN prefix or name prefix (any word; case and
    Kazakh letters do not matter), providers by BIN prefix or part of the name. Each kind is read
    through its registry selector, so the results are scoped like the lists."""
    query = " ".join((query or "").split())
    persons = providers = None
    persons_more = providers_more = False
    if query and has_perm(actor, P.PERSON_VIEW):
        rows = list(registry.person_list(actor=actor, query=query).order_by("search_name", "pk")[:limit + 1])
        persons, persons_more = rows[:limit], len(rows) > limit
    if query and has_perm(actor, P.PROVIDER_VIEW):
        rows = list(registry.provider_list(actor=actor, query=query).order_by("search_name", "pk")[:limit + 1])
        providers, providers_more = rows[:limit], len(rows) > limit
    return SearchResults(query, persons, persons_more, providers, providers_more)
