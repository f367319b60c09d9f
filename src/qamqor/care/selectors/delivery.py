"""Reads of services delivered and of home care: the monthly journal, caseloads, visit frequency,
contracts; and the norms checked as functions (groups, the foster family's living space)."""

from __future__ import annotations

import calendar as _calendar
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.care import parameters as params
from qamqor.care.domain import homecare, norms
from qamqor.care.models import CareAssignment, LivingConditionsAct, ServiceContract, ServiceDelivery
from qamqor.care.selectors._common import today_or
from qamqor.core.domain import age_on
from qamqor.registry.models import Person, Provider


def service_delivery_list(*, actor: Any, person: Person | None = None, provider: Provider | None = None,
                          date_from: date | None = None, date_to: date | None = None,
                          funding: str | None = None) -> QuerySet[ServiceDelivery]:
    """The services delivered that the actor may see, newest first."""
    if not has_perm(actor, P.SERVICE_VIEW):
        return ServiceDelivery.objects.none()
    qs = scope(actor, ServiceDelivery.objects.all())
    if person is not None:
        qs = qs.filter(person=person)
    if provider is not None:
        qs = qs.filter(provider=provider)
    if date_from is not None:
        qs = qs.filter(delivered_on__gte=date_from)
    if date_to is not None:
        qs = qs.filter(delivered_on__lte=date_to)
    if funding:
        qs = qs.filter(funding=funding)
    return qs.select_related("person", "provider", "service_item__service_type", "specialist")


def home_care_journal(*, actor: Any, person: Person, year: int, month: int,
                      provider: Provider | None = None) -> QuerySet[ServiceDelivery]:
    """The month's journal of special social services provided at home to one child (seed 002 Appendix 5
    to Appendix 2: day and month, what was done, the parent's remark on quality, the worker's mark)."""
    last = _calendar.monthrange(year, month)[1]
    return service_delivery_list(actor=actor, person=person, provider=provider, date_from=date(year, month, 1),
                                 date_to=date(year, month, last)).filter(at_home=True).order_by("delivered_on", "id")


def contract_list(*, actor: Any, person: Person | None = None, provider: Provider | None = None,
                  on: date | None = None) -> QuerySet[ServiceContract]:
    """The contracts with parents the actor may see; with ``on``, only those in force that day."""
    if not has_perm(actor, P.SERVICE_VIEW):
        return ServiceContract.objects.none()
    qs = scope(actor, ServiceContract.objects.all())
    if person is not None:
        qs = qs.filter(person=person)
    if provider is not None:
        qs = qs.filter(provider=provider)
    if on is not None:
        qs = qs.filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=on), valid_from__lte=on,
                       valid_until__gte=on)
    return qs.select_related("person", "provider", "representation__representative", "assigned_worker"
                             ).prefetch_related("extensions")


def living_conditions_act_list(*, actor: Any, person: Person | None = None,
                               provider: Provider | None = None) -> QuerySet[LivingConditionsAct]:
    if not has_perm(actor, P.DOSSIER_VIEW):
        return LivingConditionsAct.objects.none()
    qs = scope(actor, LivingConditionsAct.objects.all())
    if person is not None:
        qs = qs.filter(person=person)
    if provider is not None:
        qs = qs.filter(provider=provider)
    return qs.select_related("person", "provider", "inspector")


def _assignments(actor: Any, provider: Provider) -> QuerySet[CareAssignment]:
    if not has_perm(actor, P.SERVICE_VIEW):
        return CareAssignment.objects.none()
    return scope(actor, CareAssignment.objects.filter(provider=provider)).select_related("worker", "person")


def caseload_assignment_list(*, actor: Any, provider: Provider, on: date | None = None) -> QuerySet[CareAssignment]:
    """The assignments of children to care social workers in force on ``on`` (today by default)."""
    on = today_or(on)
    return _assignments(actor, provider).filter(Q(end_on__isnull=True) | Q(end_on__gte=on), start_on__lte=on
                                                ).order_by("worker__last_name", "worker__username", "person__surname")


@dataclass(frozen=True)
class CaseloadRow:
    """A care social worker's caseload on a day and its flag against the 4–6 children norm."""

    worker: Any
    children: list[Person]
    flag: homecare.LoadFlag
    minimum: int
    maximum: int


def caseload_list(*, actor: Any, provider: Provider, on: date | None = None) -> list[CaseloadRow]:
    """Each care social worker with children assigned on ``on``, flagged when fewer than 4 or more than
    6 (seed 002 Appendix 2 п. 22; the numbers are dated parameters)."""
    on = today_or(on)
    minimum = int(params.rule_value(params.CASELOAD_MIN, on).value)
    maximum = int(params.rule_value(params.CASELOAD_MAX, on).value)
    by_worker: dict[int, tuple[Any, dict[int, Person]]] = {}
    active = _assignments(actor, provider).filter(Q(end_on__isnull=True) | Q(end_on__gte=on), start_on__lte=on)
    for assignment in active.order_by("worker__last_name", "worker__username", "person__surname"):
        worker, children = by_worker.setdefault(assignment.worker_id, (assignment.worker, {}))
        children[assignment.person_id] = assignment.person
    return [CaseloadRow(worker, list(children.values()),
                        homecare.caseload_flag(len(children), minimum=minimum, maximum=maximum), minimum, maximum)
            for worker, children in by_worker.values()]


@dataclass(frozen=True)
class VisitRow:
    """One child's visits per week in a period; ``short_weeks`` are the weeks below two visits."""

    person: Person
    weeks: list[homecare.WeekVisits]

    @property
    def short_weeks(self) -> list[homecare.WeekVisits]:
        return [w for w in self.weeks if not w.enough]


def visit_frequency(*, actor: Any, provider: Provider, date_from: date, date_to: date,
                    person: Person | None = None) -> list[VisitRow]:
    """For each child on a care worker's caseload (or served at home) in the period, the visits per week
    — days with a service delivered at home — flagged below two a week (seed 002 Appendix 2 п. 29, 3)).
    A child's weeks run from their assignment (or the period's start) to its end (or the period's end)."""
    minimum = int(params.rule_value(params.VISITS_PER_WEEK_MIN, date_from).value)
    deliveries = service_delivery_list(actor=actor, provider=provider, person=person, date_from=date_from,
                                       date_to=date_to).filter(at_home=True)
    visits: dict[int, set[date]] = defaultdict(set)
    people: dict[int, Person] = {}
    for delivery in deliveries:
        visits[delivery.person_id].add(delivery.delivered_on)
        people[delivery.person_id] = delivery.person
    spans: dict[int, tuple[date, date]] = {pk: (date_from, date_to) for pk in visits}
    assignments = _assignments(actor, provider).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=date_from), start_on__lte=date_to)
    if person is not None:
        assignments = assignments.filter(person=person)
    for assignment in assignments:
        first = max(date_from, assignment.start_on)
        last = min(date_to, assignment.end_on or date_to)
        people[assignment.person_id] = assignment.person
        known = spans.get(assignment.person_id)
        spans[assignment.person_id] = (min(first, known[0]), max(last, known[1])) if known else (first, last)
    rows = [VisitRow(people[pk], homecare.visits_by_week(visits.get(pk, ()), first, last, minimum=minimum))
            for pk, (first, last) in spans.items()]
    return sorted(rows, key=lambda r: (r.person.surname, r.person.pk))


def group_check(*, members: Sequence[tuple[Person, norms.SkillLevel]], on: date,
                labour_subgroup: bool = False) -> norms.GroupCheck:
    """Check a group (class) of a children's psychoneurological or semi-stationary institution against
    the age bands and maximum sizes of seed 002 (Appendix 1 п. 30, 5); Appendix 3 п. 28, 7)), each
    child's age counted on ``on``."""
    return norms.group_check([norms.GroupMember(age_on(p.birth_date, on), skill) for p, skill in members],
                             labour_subgroup=labour_subgroup)


def living_space_check(*, area_m2: Decimal | int | float | str, family_members: int, wards: int,
                       on: date) -> tuple[norms.LivingSpaceCheck, params.RuleValue]:
    """Check a foster family's total housing area against the norm per family member and per ward
    (seed 001 Appendix 3 п. 6, 1): 15 m²), as the dated parameter in force on ``on`` gives it."""
    rule = params.rule_value(params.FOSTER_AREA_PER_PERSON, on)
    check = norms.living_space_check(area_m2, family_members=family_members, wards=wards, per_person_m2=rule.value)
    return check, rule
