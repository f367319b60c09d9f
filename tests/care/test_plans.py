"""The individual work plan as services and selectors see it: deadlines stored on opening, items only
from the standard's catalog, approval only by the head of that provider, versioned corrections,
quarterly monitoring, acknowledgement, lists of plans due and late (seed 002 App. 1 п. 17–19)."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.care import selectors, services
from qamqor.care.models import IndividualWorkPlan, PlanItem, PlanMonitoring, PlanVersion
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditEvent
from tests.care.helpers import (
    CHILDRENS_HOME,
    HOME_CARE,
    approved_plan,
    audit_count,
    child,
    head,
    items,
    parent_of,
    provider,
    specialist,
    written_plan,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("care_catalog")


def test_opening_stores_the_deadlines_and_the_rule_they_come_from() -> None:
    at = provider()
    plan = services.plan_open(actor=specialist(at), person=child(at), provider=at, basis_date=date(2026, 3, 5))
    plan.refresh_from_db()
    assert (plan.status, plan.standard) == (IndividualWorkPlan.Status.DRAFT, "000")
    assert (plan.due_on, plan.fill_by) == (date(2026, 3, 19), date(2026, 3, 31))   # Nauryz skipped
    assert "plan_due_days = 14" in plan.deadline_rule and "plan_fill_working_days = 5" in plan.deadline_rule
    assert AuditEvent.objects.filter(object_type="care.IndividualWorkPlan", action="create").count() == 1


def test_opening_across_new_year_counts_kazakhstans_working_days() -> None:
    at = provider()
    plan = services.plan_open(actor=specialist(at), person=child(at), provider=at, basis_date=date(2025, 12, 20))
    assert (plan.due_on, plan.fill_by) == (date(2026, 1, 3), date(2026, 1, 12))


def test_the_standard_follows_the_institution_type() -> None:
    at = provider(CHILDRENS_HOME)
    plan = services.plan_open(actor=specialist(at), person=child(at), provider=at, basis_date=date(2026, 3, 5))
    assert plan.standard == "001-app1"


def test_a_provider_without_a_catalogued_standard_must_name_one() -> None:
    at = provider(HOME_CARE)
    person = child(at)
    with pytest.raises(DomainError) as caught:
        services.plan_open(actor=specialist(at), person=person, provider=at, basis_date=date(2026, 3, 5))
    assert caught.value.code == "no_standard"
    with pytest.raises(DomainError) as caught:
        services.plan_open(actor=specialist(at), person=person, provider=at, basis_date=date(2026, 3, 5),
                           standard="no-such-standard")
    assert caught.value.code == "unknown_standard"
    assert not IndividualWorkPlan.objects.exists()


def test_one_plan_at_a_time_is_being_written() -> None:
    at = provider()
    person = child(at)
    services.plan_open(actor=specialist(at), person=person, provider=at, basis_date=date(2026, 3, 5))
    with pytest.raises(DomainError) as caught:
        services.plan_open(actor=specialist(at), person=person, provider=at, basis_date=date(2026, 3, 6))
    assert caught.value.code == "plan_in_progress"


# --- items from the standard's catalog -------------------------------------------------------------

def test_items_are_picked_from_the_plans_standard() -> None:
    at = provider()
    staff = specialist(at)
    plan = services.plan_open(actor=staff, person=child(at), provider=at, basis_date=date(2026, 3, 5))
    item = items("000", 1, "social_medical")[0]
    added = services.plan_item_add(actor=staff, plan=plan, service_item=item, schedule="daily",
                                   expected_result="health monitored", responsible=staff)
    assert added.service_item == item


def test_an_item_of_another_standard_is_refused_and_nothing_is_written() -> None:
    at = provider()
    staff = specialist(at)
    plan = services.plan_open(actor=staff, person=child(at), provider=at, basis_date=date(2026, 3, 5))
    foreign = items("001-app1", 1)[0]
    before = audit_count()
    with pytest.raises(DomainError) as caught:
        services.plan_item_add(actor=staff, plan=plan, service_item=foreign, schedule="weekly",
                               expected_result="x", responsible=staff)
    assert caught.value.code == "item_outside_standard"
    assert caught.value.source is not None and caught.value.source.document == "002"
    assert not PlanItem.objects.exists()
    assert audit_count() == before


def test_the_same_item_twice_is_refused() -> None:
    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at, n_items=1)
    with pytest.raises(DomainError) as caught:
        services.plan_item_add(actor=staff, plan=plan, service_item=plan.items.get().service_item,
                               schedule="weekly", expected_result="x", responsible=staff)
    assert caught.value.code == "duplicate"


def test_the_responsible_specialist_works_for_the_provider_or_is_named() -> None:
    at = provider()
    staff = specialist(at)
    plan = services.plan_open(actor=staff, person=child(at), provider=at, basis_date=date(2026, 3, 5))
    item = items("000", 1)[0]
    with pytest.raises(DomainError) as caught:
        services.plan_item_add(actor=staff, plan=plan, service_item=item, schedule="weekly", expected_result="x",
                               responsible=specialist(provider()))
    assert caught.value.code == "responsible_not_staff"
    with pytest.raises(DomainError) as caught:
        services.plan_item_add(actor=staff, plan=plan, service_item=item, schedule="weekly", expected_result="x")
    assert caught.value.code == "responsible_required"
    invited = services.plan_item_add(actor=staff, plan=plan, service_item=item, schedule="weekly",
                                     expected_result="x", responsible_name="Psychologist of the city centre")
    assert invited.responsible is None


def test_coverage_shows_the_standards_items_per_service_type() -> None:
    at = provider()
    staff = specialist(at)
    plan = services.plan_open(actor=staff, person=child(at), provider=at, basis_date=date(2026, 3, 5))
    for item in items("000", 2, "social_legal"):
        services.plan_item_add(actor=staff, plan=plan, service_item=item, schedule="monthly",
                               expected_result="rights protected", responsible=staff)
    coverage = {row.service_type.code: row for row in selectors.plan_coverage(actor=staff, plan=plan)}
    # seed 000 has seven service types (no social-economic) and 45 items
    assert len(coverage) == 7 and "social_economic" not in coverage
    assert sum(r.total for r in coverage.values()) == 45
    assert (coverage["social_legal"].total, coverage["social_legal"].covered) == (8, 2)
    assert len(coverage["social_legal"].missing) == 6
    assert coverage["social_medical"].covered == 0


# --- filling in and approval -----------------------------------------------------------------------

def test_a_plan_without_items_is_not_filled_in() -> None:
    at = provider()
    plan = services.plan_open(actor=specialist(at), person=child(at), provider=at, basis_date=date(2026, 3, 5))
    with pytest.raises(DomainError) as caught:
        services.plan_fill(actor=specialist(at), plan=plan, filled_on=date(2026, 3, 18))
    assert caught.value.code == "plan_empty"


def test_filling_in_sets_a_one_year_period_from_the_development_date() -> None:
    at = provider()
    plan = written_plan(specialist(at), child(at), at)
    plan = services.plan_fill(actor=specialist(at), plan=plan, filled_on=date(2026, 3, 20),
                              developed_on=date(2026, 3, 18))
    assert (plan.status, plan.developed_on, plan.filled_on) == ("filled", date(2026, 3, 18), date(2026, 3, 20))
    assert (plan.period_start, plan.period_end) == (date(2026, 3, 18), date(2027, 3, 17))


def test_a_period_longer_than_a_year_is_refused_and_the_plan_stays_a_draft() -> None:
    at = provider()
    plan = written_plan(specialist(at), child(at), at)
    before = audit_count()
    with pytest.raises(DomainError) as caught:
        services.plan_fill(actor=specialist(at), plan=plan, filled_on=date(2026, 3, 18),
                           period_start=date(2026, 3, 18), period_end=date(2027, 3, 18))
    assert caught.value.code == "period_too_long"
    plan.refresh_from_db()
    assert (plan.status, plan.filled_on, plan.period_end) == ("draft", None, None)
    assert audit_count() == before


def test_the_head_of_the_provider_approves_and_a_version_is_frozen() -> None:
    at = provider()
    boss = head(at)
    plan = written_plan(specialist(at), child(at), at)
    services.plan_fill(actor=specialist(at), plan=plan, filled_on=date(2026, 3, 18))
    plan = services.plan_approve(actor=boss, plan=plan, approved_on=date(2026, 3, 20))
    plan.refresh_from_db()
    assert (plan.status, plan.version, plan.approved_on, plan.approved_by) == (
        "approved", 1, date(2026, 3, 20), boss)
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.approved_by) == (1, boss)
    assert len(version.content["items"]) == 2


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("specialist", PermissionRefused),    # a specialist writes the plan but does not approve it
        ("other_head", NotFound),             # the head of another provider does not even see it
        ("leb_officer", PermissionRefused),
        ("inspector", PermissionRefused),
        ("admin", DomainError),               # the rule names the organisation's head (seed 002 App. 1 п. 18)
    ],
)
def test_only_the_head_of_that_provider_approves(who: str, error: type[Exception]) -> None:
    at = provider()
    plan = written_plan(specialist(at), child(at), at)
    services.plan_fill(actor=specialist(at), plan=plan, filled_on=date(2026, 3, 18))
    actor = {
        "specialist": lambda: specialist(at),
        "other_head": lambda: head(provider()),
        "leb_officer": lambda: UserFactory(role=Role.LEB_OFFICER, region=at.region),
        "inspector": lambda: UserFactory(role=Role.INSPECTOR, region=at.region),
        "admin": lambda: UserFactory(role=Role.ADMIN),
    }[who]()
    before = audit_count()
    with pytest.raises(error) as caught:
        services.plan_approve(actor=actor, plan=plan, approved_on=date(2026, 3, 20))
    if who == "admin":
        assert caught.value.code == "approver_not_head"
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("filled", 0)
    assert not PlanVersion.objects.exists()
    assert audit_count() == before


def test_a_draft_cannot_be_approved() -> None:
    at = provider()
    plan = written_plan(specialist(at), child(at), at)
    with pytest.raises(DomainError) as caught:
        services.plan_approve(actor=head(at), plan=plan, approved_on=date(2026, 3, 20))
    assert caught.value.code == "invalid_transition"


def test_items_are_frozen_once_filled_in_until_reopened() -> None:
    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at)
    services.plan_fill(actor=staff, plan=plan, filled_on=date(2026, 3, 18))
    with pytest.raises(DomainError):
        services.plan_item_remove(actor=staff, item=plan.items.first())
    services.plan_reopen(actor=staff, plan=plan)
    services.plan_item_remove(actor=staff, item=plan.items.first())
    assert plan.items.count() == 1


# --- versioned corrections -------------------------------------------------------------------------

def test_a_correction_is_a_new_version_and_the_approved_one_stays_readable() -> None:
    at = provider()
    person = child(at)
    plan = approved_plan(person, at)
    staff, boss = specialist(at), head(at)
    first_items = sorted(i["service_item"] for i in PlanVersion.objects.get(plan=plan, number=1).content["items"])

    services.plan_correct(actor=staff, plan=plan, reason="new needs after the quarterly review")
    services.plan_item_remove(actor=staff, item=plan.items.order_by("id").first())
    extra = items("000", 1, "social_cultural")[0]
    services.plan_item_add(actor=staff, plan=plan, service_item=extra, schedule="monthly",
                           expected_result="takes part in events", responsible=staff)
    services.plan_fill(actor=staff, plan=plan, filled_on=date(2026, 7, 1))
    plan = services.plan_approve(actor=boss, plan=plan, approved_on=date(2026, 7, 2))

    plan.refresh_from_db()
    assert (plan.status, plan.version, plan.approved_on) == ("approved", 2, date(2026, 3, 20))
    assert (plan.period_start, plan.period_end) == (date(2026, 3, 18), date(2027, 3, 17))
    v1 = selectors.plan_version_get(actor=staff, plan=plan, number=1)
    v2 = selectors.plan_version_get(actor=staff, plan=plan, number=2)
    assert sorted(i["service_item"] for i in v1.content["items"]) == first_items
    assert extra.code in {i["service_item"] for i in v2.content["items"]}
    assert extra.code not in {i["service_item"] for i in v1.content["items"]}
    assert v2.reason == "new needs after the quarterly review"
    assert [v.number for v in selectors.plan_version_list(actor=staff, plan=plan)] == [1, 2]


def test_a_correction_needs_a_reason() -> None:
    at = provider()
    plan = approved_plan(child(at), at)
    with pytest.raises(DomainError) as caught:
        services.plan_correct(actor=specialist(at), plan=plan, reason="  ")
    assert caught.value.code == "reason_required"
    plan.refresh_from_db()
    assert plan.status == "approved"


# --- monitoring ------------------------------------------------------------------------------------

def test_quarterly_monitoring_and_the_missed_quarter_flag() -> None:
    at = provider()
    plan = approved_plan(child(at), at)          # period 18 March 2026 – 17 March 2027
    staff = specialist(at)
    record = services.plan_monitoring_record(actor=staff, plan=plan, recorded_on=date(2026, 5, 20),
                                             results="attends all sessions", state_changes="calmer")
    assert record.quarter == 1
    states = selectors.plan_quarter_states(actor=staff, plan=plan, today=date(2026, 10, 1))
    assert [(s.quarter.number, s.missed, s.current) for s in states] == [
        (1, False, False), (2, True, False), (3, False, True), (4, False, False)]
    [row] = selectors.monitoring_due_list(actor=staff, provider=at, today=date(2026, 10, 1))
    assert (row.plan, row.due_quarter.number, [q.number for q in row.missed]) == (plan, 3, [2])


def test_a_monitored_quarter_is_not_due() -> None:
    at = provider()
    plan = approved_plan(child(at), at)
    services.plan_monitoring_record(actor=specialist(at), plan=plan, recorded_on=date(2026, 4, 1), results="ok")
    assert selectors.monitoring_due_list(actor=specialist(at), provider=at, today=date(2026, 5, 1)) == []


def test_monitoring_outside_the_period_or_of_a_draft_is_refused() -> None:
    at = provider()
    plan = approved_plan(child(at), at)
    with pytest.raises(DomainError) as caught:
        services.plan_monitoring_record(actor=specialist(at), plan=plan, recorded_on=date(2027, 3, 18), results="x")
    assert caught.value.code == "outside_period"
    draft = written_plan(specialist(at), child(at), at)
    with pytest.raises(DomainError):
        services.plan_monitoring_record(actor=specialist(at), plan=draft, recorded_on=date(2026, 4, 1), results="x")
    assert not PlanMonitoring.objects.exists()


# --- acknowledgement, renewal ----------------------------------------------------------------------

def test_the_parent_acknowledges_the_approved_plan() -> None:
    at = provider()
    person = child(at)
    plan = approved_plan(person, at)
    representation = parent_of(person)
    services.plan_acknowledge(actor=specialist(at), plan=plan, representation=representation,
                              acknowledged_on=date(2026, 3, 21))
    plan.refresh_from_db()
    assert (plan.acknowledged_by, plan.acknowledged_on) == (representation, date(2026, 3, 21))


def test_a_representative_of_another_child_cannot_acknowledge() -> None:
    at = provider()
    plan = approved_plan(child(at), at)
    with pytest.raises(DomainError) as caught:
        services.plan_acknowledge(actor=specialist(at), plan=plan, representation=parent_of(child(at)),
                                  acknowledged_on=date(2026, 3, 21))
    assert caught.value.code == "not_representative"


def test_the_next_plan_is_due_from_the_expiry_of_the_previous() -> None:
    at = provider()
    plan = approved_plan(child(at), at)
    renewal = services.plan_renew(actor=specialist(at), plan=plan)
    assert (renewal.previous, renewal.basis_date, renewal.standard) == (plan, date(2027, 3, 17), "000")
    assert renewal.due_on == date(2027, 3, 31)
    with pytest.raises(DomainError) as caught:
        services.plan_renew(actor=specialist(at), plan=plan)
    assert caught.value.code in {"already_renewed", "plan_in_progress"}


# --- lists of plans due and late -------------------------------------------------------------------

def test_plans_due_this_week_and_plans_late() -> None:
    at = provider()
    staff = specialist(at)
    due_soon = services.plan_open(actor=staff, person=child(at), provider=at, basis_date=date(2026, 6, 1))
    undeveloped = services.plan_open(actor=staff, person=child(at), provider=at, basis_date=date(2026, 5, 1))
    far = services.plan_open(actor=staff, person=child(at), provider=at, basis_date=date(2026, 6, 20))
    approved_late = approved_plan(child(at), at, basis=date(2026, 3, 5), filled_on=date(2026, 3, 30),
                                  approved_on=date(2026, 4, 2))
    today = date(2026, 6, 10)                     # due_soon is due 15 June; undeveloped was due 15 May

    due = selectors.plans_due(actor=staff, provider=at, within_days=7, today=today)
    assert [(r.plan, r.timing.deadline, r.timing.days_left) for r in due] == [(due_soon, date(2026, 6, 15), 5)]

    late = selectors.plans_late(actor=staff, provider=at, today=today)
    assert [r.plan for r in late] == [undeveloped]
    assert late[0].timing.development_late and late[0].timing.completion_late
    with_done = selectors.plans_late(actor=staff, provider=at, today=today, include_done=True)
    assert {r.plan for r in with_done} == {undeveloped, approved_late}
    assert far not in {r.plan for r in due + with_done}


def test_staff_of_another_provider_see_no_plans() -> None:
    at = provider()
    services.plan_open(actor=specialist(at), person=child(at), provider=at, basis_date=date(2026, 6, 1))
    other = specialist(provider())
    assert not selectors.plan_list(actor=other).exists()
    assert selectors.plans_due(actor=other, within_days=30, today=date(2026, 6, 10)) == []
    leb = UserFactory(role=Role.LEB_OFFICER, region=at.region)
    assert selectors.plan_list(actor=leb).count() == 1


def test_opening_a_plan_at_another_provider_is_refused() -> None:
    at = provider()
    with pytest.raises(NotFound):
        services.plan_open(actor=specialist(provider()), person=child(at), provider=at, basis_date=date(2026, 6, 1))
    assert not IndividualWorkPlan.objects.exists()


def test_an_approved_plan_can_be_corrected_while_the_next_one_is_written() -> None:
    at = provider()
    plan = approved_plan(child(at), at)
    staff = specialist(at)
    renewal = services.plan_renew(actor=staff, plan=plan)
    services.plan_correct(actor=staff, plan=plan, reason="late change before expiry")
    services.plan_fill(actor=staff, plan=plan, filled_on=date(2027, 3, 1))
    plan.refresh_from_db()
    renewal.refresh_from_db()
    assert (plan.status, renewal.status) == ("filled", "draft")
