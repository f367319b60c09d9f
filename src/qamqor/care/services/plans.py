"""The individual work plan: open it with its deadlines, write its items from the standard, fill it in,
approve it (the head of that provider only), correct it in versions, monitor it every quarter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qamqor.access.permissions import P
from qamqor.care import catalog
from qamqor.care import parameters as params
from qamqor.care.domain import plans as rules
from qamqor.care.models import IndividualWorkPlan, PlanItem, PlanMonitoring, PlanVersion
from qamqor.care.services._common import apply, delete, lock, require, require_person, save_changed, save_new
from qamqor.core.audit import snapshot
from qamqor.core.calendar import calendar_for
from qamqor.core.errors import DomainError
from qamqor.registry.models import Person, Provider, Representation
from qamqor.rules.models import ServiceItem

NO_STANDARD = _("No standard with a catalog of service items applies to this provider; name the standard.")
UNKNOWN_STANDARD = _("The catalog has no service items of this standard.")
PLAN_IN_PROGRESS = _("This person already has a plan being written at this provider.")
NOT_ALLOWED = _("The plan's status (%(status)s) does not allow this.")
ITEM_OUTSIDE_STANDARD = _(
    "Plan items are service items of the plan's standard (%(standard)s); this item belongs to %(other)s.")
DUPLICATE_ITEM = _("This service item is already in the plan.")
RESPONSIBLE_NOT_STAFF = _(
    "The responsible specialist must work for the provider; name a specialist brought in from elsewhere "
    "by name instead.")
RESPONSIBLE_REQUIRED = _("Name the responsible specialist.")
PLAN_EMPTY = _("A plan without service items cannot be filled in.")
DEVELOPED_OUT_OF_RANGE = _("The plan cannot be developed before the arrival (or the previous plan's expiry) "
                           "or after it is filled in.")
PERIOD_TOO_LONG = _("The plan is written for one year at most (from %(start)s to %(end)s inclusive).")
PERIOD_BEFORE_BASIS = _("The plan's period cannot start before the arrival (or the previous plan's expiry).")
APPROVER_NOT_HEAD = _("Only the head of the organisation that keeps the plan approves it.")
APPROVED_BEFORE_FILLED = _("A plan cannot be approved before it is filled in.")
REASON_REQUIRED = _("Give the reason for the correction.")
MONITORING_OUTSIDE_PERIOD = _("The monitoring date is outside the plan's period.")
REPRESENTATIVE_OF_ANOTHER = _("This is not a legal representative of the plan's recipient.")
REPRESENTATION_NOT_VALID = _("The representation is not valid on this date.")
NOT_YET_APPROVED = _("Only an approved plan is acknowledged by the parent or legal representative.")
NOT_RENEWABLE = _("Only an approved plan with a period can be followed by the next plan.")
ALREADY_RENEWED = _("The next plan has already been opened.")
CLOSED_BEFORE_BASIS = _("A plan cannot be closed before its start.")

HEADER_EDITABLE = frozenset({"diagnosis", "attendance", "coordinator"})
REVIEW_EDITABLE = frozenset({"implementation_summary", "review_date"})
ITEM_EDITABLE = frozenset({"responsible", "responsible_name", "schedule", "expected_result", "planned_count"})


def _move(plan: IndividualWorkPlan, action: rules.PlanAction) -> rules.PlanStatus:
    try:
        return rules.transition(plan.status, action)
    except rules.InvalidTransition:
        raise DomainError("invalid_transition", NOT_ALLOWED % {"status": plan.get_status_display()},
                          field="status") from None


def _require_editable(plan: IndividualWorkPlan) -> None:
    if plan.status not in rules.EDITABLE:
        raise DomainError("invalid_transition", NOT_ALLOWED % {"status": plan.get_status_display()},
                          field="status")


def _check_responsible(plan: IndividualWorkPlan, responsible: Any, responsible_name: str) -> None:
    if responsible is None and not responsible_name.strip():
        raise DomainError("responsible_required", RESPONSIBLE_REQUIRED, field="responsible")
    if responsible is not None and responsible.provider_id != plan.provider_id:
        raise DomainError("responsible_not_staff", RESPONSIBLE_NOT_STAFF, field="responsible")


def _deadline_rule(due: params.RuleValue, fill: params.RuleValue) -> str:
    return f"{due}; {fill}"[:500]


@transaction.atomic
def plan_open(*, actor: Any, person: Person, provider: Provider, basis_date: date, standard: str | None = None,
              coordinator: Any = None, previous: IndividualWorkPlan | None = None) -> IndividualWorkPlan:
    """Open a person's plan at a provider from the date of arrival (registration for home care) or of the
    previous plan's expiry: due 14 calendar days later, to be filled in and approved within the next
    5 working days of Kazakhstan's calendar (seed 002 App. 1 п. 18), as the parameters in force on
    ``basis_date`` say. Its items come from the provider's standard (or the one named)."""
    require(actor, P.PLAN_EDIT, provider)
    require_person(actor, person)
    standard = standard or (previous.standard if previous else None) or catalog.standard_of(provider)
    if not standard:
        raise DomainError("no_standard", NO_STANDARD, field="standard", source=rules.PLAN_STANDARD)
    if not catalog.standard_exists(standard):
        raise DomainError("unknown_standard", UNKNOWN_STANDARD, field="standard")
    if coordinator is not None:
        _check_responsible_staff(provider, coordinator, field="coordinator")
    if IndividualWorkPlan.objects.filter(person=person, provider=provider, version=0,
                                         status__in=[rules.PlanStatus.DRAFT, rules.PlanStatus.FILLED]).exists():
        raise DomainError("plan_in_progress", PLAN_IN_PROGRESS)
    due = params.rule_value(params.PLAN_DUE_DAYS, basis_date)
    fill = params.rule_value(params.PLAN_FILL_WORKING_DAYS, basis_date)
    deadlines = rules.plan_deadlines(basis_date, calendar_for(basis_date), due_days=int(due.value),
                                     fill_working_days=int(fill.value))
    plan = IndividualWorkPlan(person=person, provider=provider, standard=standard, previous=previous,
                              basis_date=basis_date, due_on=deadlines.due_on, fill_by=deadlines.fill_by,
                              deadline_rule=_deadline_rule(due, fill), coordinator=coordinator)
    return save_new(actor, plan, subject=person, duplicate=PLAN_IN_PROGRESS)


def _check_responsible_staff(provider: Provider, user: Any, *, field: str) -> None:
    if user.provider_id != provider.pk:
        raise DomainError("responsible_not_staff", RESPONSIBLE_NOT_STAFF, field=field)


@transaction.atomic
def plan_renew(*, actor: Any, plan: IndividualWorkPlan) -> IndividualWorkPlan:
    """Open the next plan of the same person, provider and standard, due from the expiry of this one."""
    require(actor, P.PLAN_EDIT, plan)
    plan = lock(plan)
    if plan.version < 1 or plan.period_end is None:
        raise DomainError("not_renewable", NOT_RENEWABLE)
    if IndividualWorkPlan.objects.filter(previous=plan).exists():
        raise DomainError("already_renewed", ALREADY_RENEWED)
    return plan_open(actor=actor, person=plan.person, provider=plan.provider, basis_date=plan.period_end,
                     standard=plan.standard, coordinator=plan.coordinator, previous=plan)


@transaction.atomic
def plan_update(*, actor: Any, plan: IndividualWorkPlan, data: Mapping[str, Any]) -> IndividualWorkPlan:
    """Change the plan's header (diagnosis, attendance, coordinator) while it is being written, and its
    implementation summary and review date at any time before it is closed."""
    require(actor, P.PLAN_EDIT, plan)
    plan = lock(plan)
    if plan.status == rules.PlanStatus.CLOSED or (set(data) & HEADER_EDITABLE and plan.status not in rules.EDITABLE):
        raise DomainError("invalid_transition", NOT_ALLOWED % {"status": plan.get_status_display()}, field="status")
    if data.get("coordinator") is not None:
        _check_responsible_staff(plan.provider, data["coordinator"], field="coordinator")
    before = snapshot(plan)
    apply(plan, data, HEADER_EDITABLE | REVIEW_EDITABLE)
    return save_changed(actor, plan, before, subject=plan.person)


@transaction.atomic
def plan_item_add(*, actor: Any, plan: IndividualWorkPlan, service_item: ServiceItem, schedule: str,
                  expected_result: str, responsible: Any = None, responsible_name: str = "",
                  planned_count: int | None = None) -> PlanItem:
    """Add a service item to the plan: an item of the plan's standard, picked from the catalog (an item of
    another standard is refused), with the responsible specialist, schedule and expected result."""
    require(actor, P.PLAN_EDIT, plan)
    plan = lock(plan)
    _require_editable(plan)
    if not rules.item_in_standard(service_item.standard, plan.standard):
        raise DomainError("item_outside_standard",
                          ITEM_OUTSIDE_STANDARD % {"standard": plan.standard, "other": service_item.standard},
                          field="service_item", source=rules.PLAN_STANDARD)
    _check_responsible(plan, responsible, responsible_name)
    item = PlanItem(plan=plan, service_item=service_item, schedule=schedule, expected_result=expected_result,
                    responsible=responsible, responsible_name=responsible_name.strip(), planned_count=planned_count)
    return save_new(actor, item, subject=plan.person, duplicate=DUPLICATE_ITEM)


@transaction.atomic
def plan_item_update(*, actor: Any, item: PlanItem, data: Mapping[str, Any]) -> PlanItem:
    """Change a plan item's specialist, schedule, expected result or planned count while the plan is written."""
    require(actor, P.PLAN_EDIT, item)
    plan = lock(item.plan)
    _require_editable(plan)
    before = snapshot(item)
    apply(item, data, ITEM_EDITABLE)
    _check_responsible(plan, item.responsible, item.responsible_name)
    return save_changed(actor, item, before, subject=plan.person)


@transaction.atomic
def plan_item_remove(*, actor: Any, item: PlanItem) -> None:
    """Remove an item from a plan being written (an approved version keeps it in its snapshot)."""
    require(actor, P.PLAN_EDIT, item)
    plan = lock(item.plan)
    _require_editable(plan)
    delete(actor, item, subject=plan.person)


@transaction.atomic
def plan_fill(*, actor: Any, plan: IndividualWorkPlan, filled_on: date, developed_on: date | None = None,
              period_start: date | None = None, period_end: date | None = None) -> IndividualWorkPlan:
    """Mark the plan filled in and ready for the head's approval, with its date of development and its
    period "from … to … inclusive" of at most one year (default: a year from the development date)."""
    require(actor, P.PLAN_EDIT, plan)
    plan = lock(plan)
    new_status = _move(plan, rules.PlanAction.FILL)
    if not plan.items.exists():
        raise DomainError("plan_empty", PLAN_EMPTY)
    developed = developed_on or plan.developed_on or filled_on
    if not plan.basis_date <= developed <= filled_on:
        raise DomainError("developed_out_of_range", DEVELOPED_OUT_OF_RANGE, field="developed_on")
    months = int(params.rule_value(params.PLAN_VALIDITY_MONTHS, plan.basis_date).value)
    if period_start is None and period_end is None and plan.period_start and plan.period_end:
        start, end = plan.period_start, plan.period_end  # a correction keeps the approved period
    else:
        start = period_start or developed
        end = period_end or rules.plan_period_end(start, months)
    if start < plan.basis_date:
        raise DomainError("period_before_basis", PERIOD_BEFORE_BASIS, field="period_start")
    if not rules.period_within_validity(start, end, months):
        raise DomainError("period_too_long", PERIOD_TOO_LONG % {
            "start": start.isoformat(), "end": rules.plan_period_end(start, months).isoformat()},
            field="period_end", source=rules.PLAN_VALIDITY)
    before = snapshot(plan)
    plan.status = new_status
    plan.developed_on = developed
    plan.filled_on = filled_on
    plan.period_start, plan.period_end = start, end
    return save_changed(actor, plan, before, subject=plan.person)


@transaction.atomic
def plan_reopen(*, actor: Any, plan: IndividualWorkPlan) -> IndividualWorkPlan:
    """Return a filled-in plan for more writing (a correction returns to being corrected)."""
    require(actor, P.PLAN_EDIT, plan)
    plan = lock(plan)
    action = rules.PlanAction.REOPEN_CORRECTION if plan.version else rules.PlanAction.REOPEN
    before = snapshot(plan)
    plan.status = _move(plan, action)
    return save_changed(actor, plan, before, subject=plan.person)


def _version_content(plan: IndividualWorkPlan) -> dict[str, Any]:
    """The plan as approved: the header fields of the form and every item, readable after corrections."""
    items = plan.items.select_related("service_item__service_type", "responsible").order_by(
        "service_item__service_type__sort_order", "service_item__item_no")
    return {
        "standard": plan.standard,
        "period_start": plan.period_start.isoformat() if plan.period_start else None,
        "period_end": plan.period_end.isoformat() if plan.period_end else None,
        "developed_on": plan.developed_on.isoformat() if plan.developed_on else None,
        "diagnosis": plan.diagnosis,
        "attendance": plan.attendance,
        "coordinator": str(plan.coordinator) if plan.coordinator else "",
        "items": [{
            "service_item": i.service_item.code,
            "service_type": i.service_item.service_type.code,
            "item_no": i.service_item.item_no,
            "name_kk": i.service_item.name_kk,
            "name_ru": i.service_item.name_ru,
            "name_en": i.service_item.name_en,
            "responsible": str(i.responsible) if i.responsible else i.responsible_name,
            "schedule": i.schedule,
            "expected_result": i.expected_result,
            "planned_count": i.planned_count,
        } for i in items],
    }


@transaction.atomic
def plan_approve(*, actor: Any, plan: IndividualWorkPlan, approved_on: date) -> IndividualWorkPlan:
    """Approve a filled-in plan: only the head of the provider that keeps it (seed 002 App. 1 п. 18); the
    approved content is frozen as a numbered version that stays readable after later corrections."""
    require(actor, P.PLAN_APPROVE, plan)
    if getattr(actor, "provider_id", None) != plan.provider_id:
        raise DomainError("approver_not_head", APPROVER_NOT_HEAD, source=rules.PLAN_APPROVAL)
    plan = lock(plan)
    new_status = _move(plan, rules.PlanAction.APPROVE)
    if plan.filled_on and approved_on < plan.filled_on:
        raise DomainError("approved_before_filled", APPROVED_BEFORE_FILLED, field="approved_on")
    before = snapshot(plan)
    plan.status = new_status
    plan.version += 1
    if plan.approved_on is None:
        plan.approved_on, plan.approved_by = approved_on, actor
    reason, plan.correction_reason = plan.correction_reason, ""
    save_changed(actor, plan, before, subject=plan.person)
    save_new(actor, PlanVersion(plan=plan, number=plan.version, approved_on=approved_on, approved_by=actor,
                                approved_by_name=str(actor), reason=reason, content=_version_content(plan)),
             subject=plan.person)
    return plan


@transaction.atomic
def plan_correct(*, actor: Any, plan: IndividualWorkPlan, reason: str) -> IndividualWorkPlan:
    """Start a correction of an approved plan (changes and additions, seed 002 App. 1 п. 23): the approved
    version stays in force and readable until the corrected one is approved."""
    require(actor, P.PLAN_EDIT, plan)
    plan = lock(plan)
    if not reason.strip():
        raise DomainError("reason_required", REASON_REQUIRED, field="reason", source=rules.PLAN_CORRECTION)
    before = snapshot(plan)
    plan.status = _move(plan, rules.PlanAction.CORRECT)
    plan.correction_reason = reason.strip()
    return save_changed(actor, plan, before, subject=plan.person)


@transaction.atomic
def plan_monitoring_record(*, actor: Any, plan: IndividualWorkPlan, recorded_on: date, results: str,
                           state_changes: str = "") -> PlanMonitoring:
    """Enter a quarterly monitoring record of an approved plan: the results of its execution and the
    changes in the recipient's state (seed 002 App. 1 п. 19); it counts for the plan's quarter it falls in."""
    require(actor, P.PLAN_EDIT, plan)
    plan = lock(plan)
    if plan.status not in rules.MONITORED:
        raise DomainError("invalid_transition", NOT_ALLOWED % {"status": plan.get_status_display()}, field="status")
    months = int(params.rule_value(params.PLAN_MONITORING_MONTHS, recorded_on).value)
    quarter = rules.quarter_number(plan.period_start, plan.period_end, recorded_on, months)
    if quarter is None:
        raise DomainError("outside_period", MONITORING_OUTSIDE_PERIOD, field="recorded_on",
                          source=rules.PLAN_MONITORING)
    record = PlanMonitoring(plan=plan, recorded_on=recorded_on, quarter=quarter, results=results,
                            state_changes=state_changes, recorded_by=actor)
    return save_new(actor, record, subject=plan.person)


@transaction.atomic
def plan_acknowledge(*, actor: Any, plan: IndividualWorkPlan, representation: Representation,
                     acknowledged_on: date) -> IndividualWorkPlan:
    """Record that the parent (legal representative) was acquainted with the approved plan («Таныстырылды»)."""
    require(actor, P.PLAN_EDIT, plan)
    plan = lock(plan)
    if plan.version < 1:
        raise DomainError("not_approved", NOT_YET_APPROVED, source=rules.PLAN_ACKNOWLEDGEMENT)
    if representation.person_id != plan.person_id:
        raise DomainError("not_representative", REPRESENTATIVE_OF_ANOTHER, field="representation")
    if representation.valid_from > acknowledged_on or (
            representation.valid_until is not None and representation.valid_until < acknowledged_on):
        raise DomainError("representation_not_valid", REPRESENTATION_NOT_VALID, field="representation")
    before = snapshot(plan)
    plan.acknowledged_by, plan.acknowledged_on = representation, acknowledged_on
    return save_changed(actor, plan, before, subject=plan.person)


@transaction.atomic
def plan_close(*, actor: Any, plan: IndividualWorkPlan, closed_on: date) -> IndividualWorkPlan:
    """Close a plan (the person left, or the next plan took over); everything in it stays readable."""
    require(actor, P.PLAN_EDIT, plan)
    plan = lock(plan)
    if closed_on < plan.basis_date:
        raise DomainError("closed_before_basis", CLOSED_BEFORE_BASIS, field="closed_on")
    before = snapshot(plan)
    plan.status = _move(plan, rules.PlanAction.CLOSE)
    plan.closed_on = closed_on
    return save_changed(actor, plan, before, subject=plan.person)
