"""Services delivered against the plan, paid and contract services, home care's contract, caseload and
visit frequency, and the norms checked as functions (seed 002 App. 1 п. 25, App. 2 п. 9, 22, 29;
seed 001 App. 3 п. 6)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from qamqor.care import selectors, services
from qamqor.care.domain.homecare import LoadFlag
from qamqor.care.domain.norms import GroupProblem, SkillLevel
from qamqor.care.models import CareAssignment, ContractExtension, ServiceContract, ServiceDelivery
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.rules.choices import Ownership
from tests.care.helpers import (
    HOME_CARE,
    PSYCHONEURO,
    approved_plan,
    audit_count,
    child,
    head,
    items,
    parent_of,
    provider,
    specialist,
)

pytestmark = pytest.mark.usefixtures("care_catalog")

HOME_TERMS = ["services", "assigned_worker", "termination", "responsibilities", "term"]


# --- services delivered against the plan ---------------------------------------------------------

def test_a_delivery_counts_against_the_plan_in_force() -> None:
    at = provider()
    person = child(at)
    plan = approved_plan(person, at)
    staff = specialist(at)
    planned = plan.items.order_by("id").first()
    for day in (date(2026, 4, 1), date(2026, 4, 2)):
        delivery = services.service_delivery_record(actor=staff, person=person, provider=at, delivered_on=day,
                                                    service_item=planned.service_item, specialist=staff,
                                                    quantity=2, duration_minutes=45)
    assert delivery.plan == plan
    unplanned = items("000", 1, "social_cultural")[0]
    services.service_delivery_record(actor=staff, person=person, provider=at, delivered_on=date(2026, 4, 3),
                                     service_item=unplanned, specialist=staff)
    execution = selectors.plan_vs_delivered(actor=staff, plan=plan)
    by_item = {row.item.service_item_id: row for row in execution.rows}
    assert (by_item[planned.service_item_id].delivered, by_item[planned.service_item_id].sessions,
            by_item[planned.service_item_id].last_on) == (4, 2, date(2026, 4, 2))
    assert [(item, qty) for item, qty in execution.unplanned] == [(unplanned, 1)]
    april = selectors.plan_vs_delivered(actor=staff, plan=plan, date_from=date(2026, 4, 2), date_to=date(2026, 4, 30))
    assert {r.item.service_item_id: r.delivered for r in april.rows}[planned.service_item_id] == 2


def test_an_item_of_another_standard_is_refused_against_the_plan() -> None:
    at = provider()
    person = child(at)
    approved_plan(person, at)
    before = (ServiceDelivery.objects.count(), audit_count())
    with pytest.raises(DomainError) as caught:
        services.service_delivery_record(actor=specialist(at), person=person, provider=at,
                                         delivered_on=date(2026, 4, 1), service_item=items("001-app1", 1)[0])
    assert caught.value.code == "item_outside_standard"
    assert (ServiceDelivery.objects.count(), audit_count()) == before


def test_a_delivery_says_what_was_done_when_there_is_no_item() -> None:
    at = provider(HOME_CARE)
    person = child(at)
    with pytest.raises(DomainError) as caught:
        services.service_delivery_record(actor=specialist(at), person=person, provider=at,
                                         delivered_on=date(2026, 4, 1))
    assert caught.value.code == "item_or_description"
    delivery = services.service_delivery_record(actor=specialist(at), person=person, provider=at,
                                                delivered_on=date(2026, 4, 1), description="walk, hygiene",
                                                at_home=True)
    services.service_delivery_update(actor=specialist(at), delivery=delivery,
                                     data={"recipient_remark": "on time, thank you"})
    [row] = selectors.home_care_journal(actor=specialist(at), person=person, year=2026, month=4)
    assert row.recipient_remark == "on time, thank you"


def test_staff_of_another_provider_cannot_record() -> None:
    at = provider()
    with pytest.raises(NotFound):
        services.service_delivery_record(actor=specialist(provider()), person=child(at), provider=at,
                                         delivered_on=date(2026, 4, 1), description="x")


# --- paid and contract services --------------------------------------------------------------------

def _contract(at, person, *, funding="guaranteed", setting="home_care", terms=HOME_TERMS, **kwargs):
    return services.contract_conclude(
        actor=head(at), person=person, provider=at, representation=parent_of(person), setting=setting,
        funding=funding, number=kwargs.pop("number", "1"), signed_on=date(2026, 3, 1), valid_from=date(2026, 3, 1),
        valid_until=date(2026, 12, 31), terms=terms, **kwargs)


def test_contract_services_need_a_contract_in_force() -> None:
    at = provider(PSYCHONEURO, ownership=Ownership.PRIVATE)
    person = child(at)
    staff = specialist(at)
    with pytest.raises(DomainError) as caught:
        services.service_delivery_record(actor=staff, person=person, provider=at, delivered_on=date(2026, 4, 1),
                                         description="massage", funding="contract")
    assert caught.value.code == "no_contract"
    _contract(at, person, funding="contract", setting="stationary",
              terms=HOME_TERMS + ["payment", "extension"], payment_terms="monthly")
    delivery = services.service_delivery_record(actor=staff, person=person, provider=at,
                                                delivered_on=date(2026, 4, 1), description="massage",
                                                funding="contract")
    assert delivery.funding == "contract"
    paid = services.service_delivery_record(actor=staff, person=person, provider=at, delivered_on=date(2026, 4, 2),
                                            description="extra swimming", funding="paid_beyond")
    assert selectors.service_delivery_list(actor=staff, funding="paid_beyond").get() == paid


def test_only_a_private_provider_contracts_for_an_agreed_volume() -> None:
    at = provider(PSYCHONEURO, ownership=Ownership.STATE)
    with pytest.raises(DomainError) as caught:
        _contract(at, child(at), funding="contract", setting="stationary",
                  terms=HOME_TERMS + ["payment", "extension"])
    assert caught.value.code == "contract_private_only"
    assert not ServiceContract.objects.exists()


# --- home care: contract, caseload, visits --------------------------------------------------------

def test_the_home_care_contract_has_the_mandatory_content_and_two_copies() -> None:
    at = provider(HOME_CARE)
    person = child(at)
    before = audit_count()
    with pytest.raises(DomainError) as caught:
        _contract(at, person, terms=["services", "term"])
    assert caught.value.code == "contract_incomplete"
    assert caught.value.source is not None and "п. 9" in caught.value.source.paragraph
    with pytest.raises(DomainError) as caught:
        _contract(at, person, funding="paid_beyond", number="2")      # a paid one adds payment and extension
    assert caught.value.code == "contract_incomplete"
    with pytest.raises(DomainError) as caught:
        _contract(at, person, copies=1, number="3")
    assert caught.value.code == "contract_copies"
    assert not ServiceContract.objects.exists()
    assert audit_count() == before

    contract = _contract(at, person, copy_given_to_parent=True)
    extension = services.contract_extend(actor=head(at), contract=contract, new_until=date(2027, 6, 30),
                                         agreed_on=date(2026, 12, 20))
    contract.refresh_from_db()
    assert (contract.valid_until, extension.previous_until) == (date(2027, 6, 30), date(2026, 12, 31))
    with pytest.raises(DomainError):
        services.contract_extend(actor=head(at), contract=contract, new_until=date(2027, 1, 1),
                                 agreed_on=date(2026, 12, 21))
    services.contract_terminate(actor=head(at), contract=contract, terminated_on=date(2027, 2, 1),
                                reason="the family moved to another region")
    assert ContractExtension.objects.count() == 1
    assert not selectors.contract_list(actor=head(at), on=date(2027, 3, 1)).exists()


def test_a_specialist_does_not_conclude_contracts() -> None:
    at = provider(HOME_CARE)
    person = child(at)
    with pytest.raises(PermissionRefused):
        services.contract_conclude(actor=specialist(at), person=person, provider=at,
                                   representation=parent_of(person), setting="home_care", funding="guaranteed",
                                   number="1", signed_on=date(2026, 3, 1), valid_from=date(2026, 3, 1),
                                   valid_until=date(2026, 12, 31), terms=HOME_TERMS)


@pytest.mark.parametrize(("children", "flag"), [(3, LoadFlag.UNDER), (4, LoadFlag.OK), (6, LoadFlag.OK),
                                                 (7, LoadFlag.OVER)])
def test_caseload_of_a_care_social_worker_is_flagged_outside_four_to_six(children: int, flag: LoadFlag) -> None:
    at = provider(HOME_CARE)
    boss, worker = head(at), specialist(at)
    for _ in range(children):
        services.caseload_assign(actor=boss, worker=worker, person=child(at), start_on=date(2026, 3, 1))
    [row] = selectors.caseload_list(actor=boss, provider=at, on=date(2026, 3, 10))
    assert (row.worker, len(row.children), row.flag, row.minimum, row.maximum) == (worker, children, flag, 4, 6)


def test_an_ended_assignment_leaves_the_caseload() -> None:
    at = provider(HOME_CARE)
    boss, worker = head(at), specialist(at)
    assignments = [services.caseload_assign(actor=boss, worker=worker, person=child(at), start_on=date(2026, 3, 1))
                   for _ in range(5)]
    services.caseload_end(actor=boss, assignment=assignments[0], end_on=date(2026, 3, 31))
    [row] = selectors.caseload_list(actor=boss, provider=at, on=date(2026, 4, 1))
    assert (len(row.children), row.flag) == (4, LoadFlag.OK)
    with pytest.raises(DomainError) as caught:
        services.caseload_assign(actor=boss, worker=worker, person=assignments[1].person, start_on=date(2026, 4, 1))
    assert caught.value.code == "duplicate"
    assert CareAssignment.objects.filter(end_on__isnull=True).count() == 4


def test_visit_frequency_is_flagged_below_two_a_week() -> None:
    at = provider(HOME_CARE)
    boss, worker = head(at), specialist(at)
    regular, irregular = child(at), child(at)
    for person in (regular, irregular):
        services.caseload_assign(actor=boss, worker=worker, person=person, start_on=date(2026, 6, 1))
    monday = date(2026, 6, 1)
    for week in range(2):
        for day in (0, 3):
            services.service_delivery_record(actor=worker, person=regular, provider=at, at_home=True,
                                             delivered_on=monday + timedelta(days=7 * week + day), description="care")
    # the irregular child: two services on the same Monday (one visit), then nothing
    for _ in range(2):
        services.service_delivery_record(actor=worker, person=irregular, provider=at, at_home=True,
                                         delivered_on=monday, description="care")
    rows = {r.person: r for r in selectors.visit_frequency(actor=boss, provider=at, date_from=monday,
                                                           date_to=date(2026, 6, 14))}
    assert rows[regular].short_weeks == []
    assert [(w.week, w.visits) for w in rows[irregular].short_weeks] == [(monday, 1), (date(2026, 6, 8), 0)]


def test_the_living_conditions_act_is_recorded() -> None:
    at = provider(HOME_CARE)
    person = child(at)
    act = services.living_conditions_act_record(actor=specialist(at), person=person, provider=at, number="5",
                                                inspected_on=date(2026, 3, 1), housing="rented",
                                                has_children_room=True)
    assert selectors.living_conditions_act_list(actor=specialist(at), person=person).get() == act
    with pytest.raises(DomainError) as caught:
        services.living_conditions_act_record(actor=specialist(at), person=person, provider=at, number="6",
                                              inspected_on=date(2026, 3, 1), housing="castle")
    assert caught.value.code == "unknown_housing"


# --- norms as functions ----------------------------------------------------------------------------

def test_group_check_counts_ages_on_the_day() -> None:
    at = provider(PSYCHONEURO)
    members = [(child(at, date(2020, 7, 1)), SkillLevel.SELF_CARE), (child(at, date(2020, 5, 1)), SkillLevel.SELF_CARE)]
    assert selectors.group_check(members=members, on=date(2026, 6, 1)).problems == (GroupProblem.MIXED_BANDS,)
    assert selectors.group_check(members=members, on=date(2026, 7, 1)).ok   # both 6 by then


def test_living_space_check_reads_the_dated_norm() -> None:
    check, rule = selectors.living_space_check(area_m2="70", family_members=3, wards=2, on=date(2026, 6, 1))
    assert (check.ok, check.shortfall_m2, rule.value) == (False, Decimal(5), 15)
    assert rule.source.document == "QAMQOR"     # seed 001 was repealed in 2023: its norm is continued
    check, rule = selectors.living_space_check(area_m2="70", family_members=3, wards=2, on=date(2020, 6, 1))
    assert rule.source.document == "001" and not rule.is_default
