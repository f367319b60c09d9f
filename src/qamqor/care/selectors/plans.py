"""Reads of individual work plans: lists, deadlines (due, late), coverage, quarters, versions, execution."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.db.models import F, Prefetch, Q, QuerySet, Sum

from qamqor.access.core import get_for_actor, has_perm, scope
from qamqor.access.permissions import P
from qamqor.care import catalog
from qamqor.care import parameters as params
from qamqor.care.domain import plans as rules
from qamqor.care.models import IndividualWorkPlan, PlanItem, PlanMonitoring, PlanVersion, ServiceDelivery
from qamqor.care.selectors._common import today_or, uuid_or_404
from qamqor.core.audit import audit_record
from qamqor.core.models import AuditAction
from qamqor.registry.models import Person, Provider
from qamqor.rules.models import ServiceItem, ServiceType

OPEN_STATUSES = (rules.PlanStatus.DRAFT, rules.PlanStatus.FILLED)


def _plans(actor: Any) -> QuerySet[IndividualWorkPlan]:
    if not has_perm(actor, P.PLAN_VIEW):
        return IndividualWorkPlan.objects.none()
    return scope(actor, IndividualWorkPlan.objects.all()).select_related("person", "provider", "coordinator")


def plan_timing(plan: IndividualWorkPlan, today: date) -> rules.PlanTiming:
    """Where the plan stands against its stored deadlines on ``today`` (stage, days left, lateness)."""
    deadlines = rules.PlanDeadlines(plan.basis_date, plan.due_on, plan.fill_by)
    return rules.plan_timing(deadlines, developed_on=plan.developed_on, filled_on=plan.filled_on,
                             approved_on=plan.approved_on, today=today)


@dataclass(frozen=True)
class PlanRow:
    """A plan with its timing, for lists of plans due and late."""

    plan: IndividualWorkPlan
    timing: rules.PlanTiming


def plan_list(*, actor: Any, provider: Provider | None = None, person: Person | None = None,
              status: str | None = None) -> QuerySet[IndividualWorkPlan]:
    """The plans the actor may see, by due date."""
    qs = _plans(actor)
    if provider is not None:
        qs = qs.filter(provider=provider)
    if person is not None:
        qs = qs.filter(person=person)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "id")


def plan_get(*, actor: Any, uid: UUID | str) -> IndividualWorkPlan:
    """One plan with its items, monitoring and versions (Http404 when missing or out of scope); the view
    is written to the audit trail."""
    qs = IndividualWorkPlan.objects.select_related(
        "person", "provider", "coordinator", "approved_by", "acknowledged_by__representative").prefetch_related(
        Prefetch("items", queryset=PlanItem.objects.select_related("service_item__service_type", "responsible")),
        Prefetch("monitoring", queryset=PlanMonitoring.objects.select_related("recorded_by")),
        Prefetch("versions", queryset=PlanVersion.objects.order_by("number")),
    )
    plan = get_for_actor(actor, P.PLAN_VIEW, qs, uid=uuid_or_404(uid))
    audit_record(actor=actor, action=AuditAction.VIEW, obj=plan, subject_person=str(plan.person.uid))
    return plan


def plans_due(*, actor: Any, provider: Provider | None = None, within_days: int = 7,
              today: date | None = None) -> list[PlanRow]:
    """Plans not yet approved whose next deadline (development, or filling in and approval) falls within
    the next ``within_days`` days, soonest first; plans already late are in ``plans_late``."""
    today = today_or(today)
    horizon = today + timedelta(days=within_days)
    qs = plan_list(actor=actor, provider=provider).filter(
        status__in=OPEN_STATUSES, approved_on__isnull=True, fill_by__gte=today,
    ).filter(Q(due_on__lte=horizon) | Q(fill_by__lte=horizon))
    rows = [PlanRow(p, plan_timing(p, today)) for p in qs]
    rows = [r for r in rows if r.timing.deadline is not None and today <= r.timing.deadline <= horizon
            and not r.timing.late]
    return sorted(rows, key=lambda r: (r.timing.deadline, r.plan.pk))


def plans_late(*, actor: Any, provider: Provider | None = None, today: date | None = None,
               include_done: bool = False) -> list[PlanRow]:
    """Plans that missed a deadline: still undeveloped after the 14 days or unapproved after the 5 working
    days; with ``include_done``, also plans that were developed or approved late (a fact the control
    app reads for risk criterion 3)."""
    today = today_or(today)
    overdue = Q(approved_on__isnull=True) & ~Q(status=rules.PlanStatus.CLOSED) & (
        Q(fill_by__lt=today) | Q(developed_on__isnull=True, due_on__lt=today))
    condition = overdue
    if include_done:
        condition = overdue | Q(approved_on__gt=F("fill_by")) | Q(developed_on__gt=F("due_on"))
    qs = plan_list(actor=actor, provider=provider).filter(condition)
    rows = [PlanRow(p, plan_timing(p, today)) for p in qs]
    return sorted([r for r in rows if r.timing.late], key=lambda r: (r.plan.fill_by, r.plan.pk))


def standard_item_list(*, standard: str, on: date) -> list[ServiceItem]:
    """The service items of a standard that a plan may pick (reference data: no scope)."""
    return catalog.standard_items(standard, on).rows


@dataclass(frozen=True)
class CoverageRow:
    """One service type of the standard: its items, how many the plan covers, and those it does not."""

    service_type: ServiceType
    total: int
    covered: int
    missing: list[ServiceItem]


def plan_coverage(*, actor: Any, plan: IndividualWorkPlan, on: date | None = None) -> list[CoverageRow]:
    """Which items of the standard the plan covers, per service type (the sections of the plan form)."""
    if not _plans(actor).filter(pk=plan.pk).exists():
        return []
    items = catalog.standard_items(plan.standard, on or plan.period_start or plan.basis_date).rows
    chosen = set(plan.items.values_list("service_item__code", flat=True))
    by_code = {i.code: i for i in items}
    types = {i.service_type.code: i.service_type for i in items}
    return [CoverageRow(types[c.service_type], c.total, c.covered, [by_code[m] for m in c.missing])
            for c in rules.coverage([(i.service_type.code, i.code) for i in items], chosen)]


def plan_quarter_states(*, actor: Any, plan: IndividualWorkPlan, today: date | None = None) -> list[rules.QuarterState]:
    """The plan's quarters with their monitoring records; an ended quarter without one is flagged missed."""
    if plan.period_start is None or plan.period_end is None or not _plans(actor).filter(pk=plan.pk).exists():
        return []
    today = today_or(today)
    months = int(params.rule_value(params.PLAN_MONITORING_MONTHS, plan.period_start).value)
    dates = plan.monitoring.values_list("recorded_on", flat=True)
    return rules.quarter_states(plan.period_start, plan.period_end, dates, today, months=months)


@dataclass(frozen=True)
class MonitoringRow:
    plan: IndividualWorkPlan
    due_quarter: rules.Quarter | None
    missed: list[rules.Quarter]


def monitoring_due_list(*, actor: Any, provider: Provider | None = None, today: date | None = None
                        ) -> list[MonitoringRow]:
    """Approved plans whose current quarter still has no monitoring record, or that missed a quarter."""
    today = today_or(today)
    qs = plan_list(actor=actor, provider=provider).filter(
        status__in=list(rules.MONITORED), period_start__lte=today).prefetch_related("monitoring")
    rows = []
    for plan in qs:
        months = int(params.rule_value(params.PLAN_MONITORING_MONTHS, plan.period_start).value)
        dates = [m.recorded_on for m in plan.monitoring.all()]
        due = rules.monitoring_due(plan.period_start, plan.period_end, dates, today, months=months)
        missed = rules.missed_quarters(plan.period_start, plan.period_end, dates, today, months=months)
        if due or missed:
            rows.append(MonitoringRow(plan, due, missed))
    return sorted(rows, key=lambda r: (r.due_quarter.end if r.due_quarter else date.max, r.plan.pk))


def plan_version_list(*, actor: Any, plan: IndividualWorkPlan) -> QuerySet[PlanVersion]:
    """The approved versions of a plan, oldest first."""
    if not has_perm(actor, P.PLAN_VIEW):
        return PlanVersion.objects.none()
    return scope(actor, PlanVersion.objects.filter(plan=plan)).order_by("number")


def plan_version_get(*, actor: Any, plan: IndividualWorkPlan, number: int) -> PlanVersion:
    """One approved version of a plan as it was approved (Http404 when missing or out of scope)."""
    return get_for_actor(actor, P.PLAN_VIEW, PlanVersion.objects.select_related("plan"), plan=plan, number=number)


@dataclass(frozen=True)
class ExecutionRow:
    """One plan item against what was delivered in the period."""

    item: PlanItem
    planned: int | None
    delivered: int
    sessions: int
    last_on: date | None


@dataclass(frozen=True)
class PlanExecution:
    rows: list[ExecutionRow]
    unplanned: list[tuple[ServiceItem, int]]


def plan_vs_delivered(*, actor: Any, plan: IndividualWorkPlan, date_from: date | None = None,
                      date_to: date | None = None) -> PlanExecution:
    """Per plan item, the quantity delivered (and number of records, last date) in the period, and the
    items delivered that the plan does not contain."""
    if not _plans(actor).filter(pk=plan.pk).exists() or not has_perm(actor, P.SERVICE_VIEW):
        return PlanExecution([], [])
    deliveries = ServiceDelivery.objects.filter(person=plan.person, provider=plan.provider,
                                                service_item__isnull=False)
    start, end = date_from or plan.period_start, date_to or plan.period_end
    if start:
        deliveries = deliveries.filter(delivered_on__gte=start)
    if end:
        deliveries = deliveries.filter(delivered_on__lte=end)
    totals: dict[int, list[Any]] = defaultdict(lambda: [0, 0, None])
    for row in deliveries.order_by().values("service_item_id", "delivered_on").annotate(q=Sum("quantity")):
        total = totals[row["service_item_id"]]
        total[0] += row["q"]
        total[1] += 1
        total[2] = max(filter(None, [total[2], row["delivered_on"]]))
    items = list(plan.items.select_related("service_item__service_type"))
    planned_ids = {i.service_item_id for i in items}
    rows = [ExecutionRow(i, i.planned_count, *totals.get(i.service_item_id, (0, 0, None))) for i in items]
    extra_ids = [pk for pk in totals if pk not in planned_ids]
    extra = ServiceItem.objects.in_bulk(extra_ids)
    unplanned = [(extra[pk], totals[pk][0]) for pk in extra_ids]
    return PlanExecution(rows, unplanned)
