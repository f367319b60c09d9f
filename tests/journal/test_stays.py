"""Admission, leave, transfer and exit on the database: a ground of the kind the institution type admits
on and a free place (capacity never exceeded), never two stationary placements at once, the «қайта
оралды» mark, leave with order and reason, transfers between regions only with both regions' agreement,
discharge with reason and destination, home-care suspension and termination; a refused call changes
nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from qamqor.core.errors import DomainError, NotFound
from qamqor.core.models import AuditEvent
from qamqor.journal import selectors as sel
from qamqor.journal import services as J
from qamqor.journal.domain.lifecycle import Status
from qamqor.journal.models import EventKind, JournalEvent, Placement, PlacementStatus
from qamqor.registry.models import Ground, ProviderPerson
from qamqor.rules.choices import Sector, Setting
from qamqor.rules.models import DischargeGround, InstitutionType
from tests.factories import DistrictFactory, RegionFactory
from tests.journal.support import TODAY, admit, days, ground_for, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
ST = Setting.STATIONARY


def counts() -> tuple[int, int, int]:
    return JournalEvent.objects.count(), Placement.objects.count(), AuditEvent.objects.count()


def test_admission_holds_a_place_and_attaches_the_person():
    provider = provider_with(capacity=2)
    user = staff(provider)
    person = person_at(provider)
    ProviderPerson.objects.filter(person=person).delete()
    with pytest.raises(NotFound):   # the staff cannot see a person not tied to their provider
        admit(user, person, provider)
    ProviderPerson.objects.create(provider=provider, person=person, since=days(-5))
    event = admit(user, person, provider, on=days(-3))
    placement = Placement.objects.get(person=person)
    assert (placement.status, placement.active, placement.started_on, placement.returned) == (
        PlacementStatus.PRESENT, True, days(-3), False)
    assert event.kind == EventKind.ADMISSION and event.act_type == "order" and event.ground is not None
    assert sel.free_places(actor=user, provider=provider, setting=ST) == 1


def test_capacity_is_never_exceeded():
    provider = provider_with(capacity=2)
    user = staff(provider)
    admit(user, person_at(provider), provider)
    admit(user, person_at(provider), provider)
    before = counts()
    with pytest.raises(DomainError) as exc:
        admit(user, person_at(provider), provider)
    assert exc.value.code == "no_free_place"
    assert counts()[:2] == before[:2]
    assert Placement.objects.filter(provider=provider, active=True).count() == 2


def test_a_person_on_leave_keeps_the_place():
    provider = provider_with(capacity=1)
    user = staff(provider)
    person = person_at(provider)
    admit(user, person, provider, on=days(-10))
    J.leave_start(actor=user, person=person, provider=provider, setting=ST, event_date=days(-2),
                  order_number="14-Д", order_date=days(-2), reason="family holiday", expected_return=days(5))
    assert Placement.objects.get(person=person).status == PlacementStatus.ON_LEAVE
    assert sel.free_places(actor=user, provider=provider, setting=ST) == 0
    with pytest.raises(DomainError):
        admit(user, person_at(provider), provider, on=TODAY)
    J.leave_return(actor=user, person=person, provider=provider, setting=ST, event_date=TODAY)
    assert Placement.objects.get(person=person).status == PlacementStatus.PRESENT


def test_no_double_stationary_placement():
    first, second = provider_with(), provider_with()
    person = person_at(first)
    ProviderPerson.objects.create(provider=second, person=person, since=days(-5))
    admit(staff(first), person, first)
    before = counts()
    with pytest.raises(DomainError) as exc:
        admit(staff(second), person, second)
    assert exc.value.code == "already_placed"
    assert counts()[:2] == before[:2]


def test_a_semi_stationary_placement_does_not_block_a_stationary_one():
    stationary, semi = provider_with(), provider_with(Setting.SEMI_STATIONARY)
    person = person_at(stationary)
    ProviderPerson.objects.create(provider=semi, person=person, since=days(-5))
    admit(staff(semi), person, semi, Setting.SEMI_STATIONARY)
    admit(staff(stationary), person, stationary)
    assert Placement.objects.filter(person=person, active=True).count() == 2


def test_the_ground_must_fit_the_institution_type_and_the_person(rules_loaded):
    special = InstitutionType.objects.get(code="special_regime_org")
    provider = provider_with(institution_type=special, sector=Sector.EDUCATION)
    user = staff(provider)
    minor = person_at(provider, born=TODAY.replace(year=TODAY.year - 14))
    before = counts()
    for ground, code in [(None, "ground_required"), (ground_for(minor), "ground_kind"),
                         (ground_for(person_at(provider), Ground.Kind.COURT_ACT), "ground_other_person"),
                         (ground_for(minor, Ground.Kind.COURT_ACT, provider=provider_with()), "ground_other_provider")]:
        with pytest.raises(DomainError) as exc:
            J.admission_record(actor=user, person=minor, provider=provider, setting=ST, event_date=TODAY,
                               order_number="1", order_date=TODAY, ground=ground)
        assert exc.value.code == code and exc.value.source.document == "000", code
    assert counts()[:2] == before[:2]
    adult = person_at(provider)
    with pytest.raises(DomainError) as exc:
        admit(user, adult, provider, ground=ground_for(adult, Ground.Kind.COURT_ACT), on=TODAY)
    assert exc.value.code == "age_outside"
    admit(user, minor, provider, ground=ground_for(minor, Ground.Kind.COURT_ACT), on=TODAY)


def test_a_special_regime_organisation_admits_with_documents_requested_later(rules_loaded):
    special = InstitutionType.objects.get(code="special_regime_org")
    docs = {d.number: d for d in special.admission_documents.all()}
    assert {n for n, d in docs.items() if d.may_be_missing_at_admission} == {2, 3, 4, 5}   # seed 000 p. 5
    provider = provider_with(institution_type=special, sector=Sector.EDUCATION)
    user = staff(provider)
    minor = person_at(provider, born=TODAY.replace(year=TODAY.year - 15))
    court = ground_for(minor, Ground.Kind.COURT_ACT)
    with pytest.raises(DomainError) as exc:
        admit(user, minor, provider, ground=court, missing_documents=[docs[1]], documents_requested_from="x")
    assert exc.value.code == "documents_required"
    with pytest.raises(DomainError) as exc:
        admit(user, minor, provider, ground=court, missing_documents=[docs[3]])
    assert exc.value.code == "documents_request_required"
    event = admit(user, minor, provider, ground=court, missing_documents=[docs[3], docs[5]],
                  documents_requested_from="Regional health department; school No. 12")
    assert [d["code"] for d in event.data["missing_documents"]] == [docs[3].code, docs[5].code]
    history = sel.person_history(actor=user, person=minor)
    assert history[-1].event.data["documents_requested_from"].startswith("Regional health")


def test_re_admission_carries_the_returned_mark():
    provider = provider_with(capacity=2)
    user = staff(provider)
    person = person_at(provider)
    admit(user, person, provider, on=days(-20))
    J.discharge_record(actor=user, person=person, provider=provider, setting=ST, event_date=days(-10),
                       order_number="5-Ш", order_date=days(-10), reason="parent's application")
    event = J.readmission_record(actor=user, person=person, provider=provider, setting=ST, event_date=TODAY,
                                 order_number="8-Ж", order_date=TODAY, ground=ground_for(person))
    assert event.kind == EventKind.READMISSION
    assert Placement.objects.get(person=person, active=True).returned is True
    stranger = person_at(provider)
    with pytest.raises(DomainError) as exc:
        J.readmission_record(actor=user, person=stranger, provider=provider, setting=ST, event_date=TODAY,
                             order_number="9", order_date=TODAY, ground=ground_for(stranger))
    assert exc.value.code == "no_earlier_stay"


def test_an_ordinary_admission_of_a_returning_person_is_marked_too():
    provider = provider_with(capacity=2)
    user = staff(provider)
    person = person_at(provider)
    admit(user, person, provider, on=days(-20))
    J.discharge_record(actor=user, person=person, provider=provider, setting=ST, event_date=days(-10),
                       order_number="5-Ш", order_date=days(-10), reason="end of programme")
    assert admit(user, person, provider, on=TODAY).kind == EventKind.READMISSION


def test_leave_of_a_child_needs_the_parents_application_and_the_doctors_conclusion(rules_loaded):
    home = InstitutionType.objects.get(code="children_psychoneurological_msi_residential")
    provider = provider_with(institution_type=home)
    user = staff(provider)
    child = person_at(provider, born=TODAY.replace(year=TODAY.year - 9))
    admit(user, child, provider)
    with pytest.raises(DomainError) as exc:
        J.leave_start(actor=user, person=child, provider=provider, setting=ST, event_date=TODAY, order_number="3",
                      order_date=TODAY, reason="weekend at home")
    assert exc.value.code == "leave_child_documents" and exc.value.source.paragraph == "Rule A p. 34"
    event = J.leave_start(actor=user, person=child, provider=provider, setting=ST, event_date=TODAY,
                          order_number="3", order_date=TODAY, reason="weekend at home",
                          parent_application="application of the mother, 12.03", doctor_conclusion="No. 44")
    assert event.data["doctor_conclusion"] == "No. 44"


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"order_number": ""}, "order_required"),
    ({"reason": ""}, "reason_required"),
    ({"event_date": TODAY + timedelta(days=1)}, "event_in_future"),
])
def test_bad_discharge_input_changes_nothing(kwargs, code):
    provider = provider_with()
    user = staff(provider)
    person = person_at(provider)
    admit(user, person, provider)
    before = counts()
    args = {"event_date": TODAY, "order_number": "7", "order_date": TODAY, "reason": "moved", **kwargs}
    with pytest.raises(DomainError) as exc:
        J.discharge_record(actor=user, person=person, provider=provider, setting=ST, **args)
    assert exc.value.code == code
    assert counts() == before
    assert Placement.objects.get(person=person).active


def test_discharge_with_a_catalog_ground_and_destination(rules_loaded):
    provider = provider_with()
    user = staff(provider)
    person = person_at(provider)
    admit(user, person, provider)
    ground = DischargeGround.objects.get(code="any.other")
    district = DistrictFactory()
    event = J.discharge_record(actor=user, person=person, provider=provider, setting=ST, event_date=TODAY,
                               order_number="7-Ш", order_date=TODAY, discharge_ground=ground,
                               destination_region=district.region, destination_district=district,
                               destination_city="Талдықорған", documents_issued=["birth certificate"])
    placement = Placement.objects.get(person=person)
    assert (placement.active, placement.ended_on, placement.exit_event) == (False, TODAY, event)
    assert "Талдықорған" in event.destination_text and event.reason_code == "any.other"
    assert sel.status_of(actor=user, person=person, provider=provider, setting=ST) == Status.DISCHARGED


def test_transfer_within_the_region_and_arrival():
    origin = provider_with()
    destination = provider_with(capacity=1, region=origin.region)
    person = person_at(origin)
    admit(staff(origin), person, origin, on=days(-30))
    transfer = J.transfer_out(actor=staff(origin), person=person, provider=origin, setting=ST,
                              event_date=days(-2), order_number="11-А", order_date=days(-2),
                              destination_provider=destination, reason="closer to relatives")
    assert sel.status_of(actor=staff(origin), person=person, provider=origin, setting=ST) == Status.TRANSFERRED
    dest_staff = staff(destination)
    assert sel.transfers_incoming(actor=dest_staff, provider=destination) == [transfer]
    arrival = J.transfer_arrive(actor=dest_staff, transfer=transfer, event_date=TODAY, order_number="2-Қ",
                                order_date=TODAY)
    assert arrival.related == transfer and Placement.objects.get(person=person, active=True).provider == destination
    assert ProviderPerson.objects.filter(provider=destination, person=person).exists()
    assert sel.transfers_incoming(actor=dest_staff, provider=destination) == []
    with pytest.raises(DomainError) as exc:
        J.transfer_arrive(actor=dest_staff, transfer=transfer, event_date=TODAY, order_number="3", order_date=TODAY)
    assert exc.value.code == "transfer_not_pending"


def test_transfer_between_regions_needs_both_regions_agreement():
    origin = provider_with()
    destination = provider_with(region=RegionFactory())
    user = staff(origin)
    person = person_at(origin)
    admit(user, person, origin)
    before = counts()
    with pytest.raises(DomainError) as exc:
        J.transfer_out(actor=user, person=person, provider=origin, setting=ST, event_date=TODAY, order_number="1",
                       order_date=TODAY, destination_provider=destination)
    assert exc.value.code == "transfer_agreement_required" and exc.value.source.paragraph == "Rule A p. 38"
    assert counts() == before
    agreement = J.TransferAgreement("Origin region department", "12", days(-5), "Destination region department",
                                    "7", days(-3))
    event = J.transfer_out(actor=user, person=person, provider=origin, setting=ST, event_date=TODAY,
                           order_number="1", order_date=TODAY, destination_provider=destination, agreement=agreement)
    assert event.data["agreement"]["destination_number"] == "7"


def test_transfer_arrival_needs_a_free_place():
    origin = provider_with()
    destination = provider_with(capacity=1, region=origin.region)
    admit(staff(destination), person_at(destination), destination)
    person = person_at(origin)
    admit(staff(origin), person, origin)
    transfer = J.transfer_out(actor=staff(origin), person=person, provider=origin, setting=ST, event_date=TODAY,
                              order_number="1", order_date=TODAY, destination_provider=destination)
    with pytest.raises(DomainError) as exc:
        J.transfer_arrive(actor=staff(destination), transfer=transfer, event_date=TODAY, order_number="2",
                          order_date=TODAY)
    assert exc.value.code == "no_free_place"


def test_home_care_suspension_resumption_and_termination():
    provider = provider_with(Setting.HOME_CARE, capacity=6)
    user = staff(provider)
    person = person_at(provider)
    admit(user, person, provider, Setting.HOME_CARE, on=days(-40))
    with pytest.raises(DomainError) as exc:
        J.services_suspend(actor=user, person=person, provider=provider, setting=Setting.HOME_CARE,
                           event_date=days(-10), decision_number="", decision_date=days(-10), reason="in hospital")
    assert exc.value.code == "order_required"
    suspend = J.services_suspend(actor=user, person=person, provider=provider, setting=Setting.HOME_CARE,
                                 event_date=days(-10), decision_number="Ш-4", decision_date=days(-10),
                                 reason="receives stationary care")
    assert suspend.act_type == "decision"
    assert Placement.objects.get(person=person).status == PlacementStatus.SUSPENDED
    J.services_resume(actor=user, person=person, provider=provider, setting=Setting.HOME_CARE, event_date=days(-3),
                      decision_number="Ш-5", decision_date=days(-3))
    J.services_terminate(actor=user, person=person, provider=provider, setting=Setting.HOME_CARE,
                         event_date=TODAY, decision_number="Ш-6", decision_date=TODAY,
                         reason="change of place of residence")
    assert sel.status_of(actor=user, person=person, provider=provider, setting=Setting.HOME_CARE) == Status.TERMINATED
    with pytest.raises(DomainError) as exc:
        J.leave_start(actor=user, person=person, provider=provider, setting=Setting.HOME_CARE, event_date=TODAY,
                      order_number="1", order_date=TODAY, reason="x")
    assert exc.value.code in ("kind_not_in_setting", "invalid_transition")


def test_a_stationary_journal_records_no_suspension():
    provider = provider_with()
    user = staff(provider)
    person = person_at(provider)
    admit(user, person, provider)
    with pytest.raises(DomainError) as exc:
        J.services_suspend(actor=user, person=person, provider=provider, setting=ST, event_date=TODAY,
                           decision_number="1", decision_date=TODAY, reason="x")
    assert exc.value.code == "kind_not_in_setting" and exc.value.source.paragraph == "Rules 379 p. 11, 1)"


def test_adults_in_a_childrens_institution_are_flagged_for_transfer(rules_loaded):
    home = InstitutionType.objects.get(code="childrens_home")
    provider = provider_with(institution_type=home, sector=Sector.EDUCATION, capacity=3)
    user = staff(provider)
    turning = person_at(provider, born=TODAY.replace(year=TODAY.year - 18) + timedelta(days=20))
    young = person_at(provider, born=TODAY.replace(year=TODAY.year - 12))
    for child in (turning, young):
        admit(user, child, provider, ground=ground_for(child, Ground.Kind.GUARDIANSHIP_REFERRAL))
    assert sel.adult_transfer_due(actor=user, provider=provider, on=TODAY) == []
    due = sel.adult_transfer_due(actor=user, provider=provider, on=TODAY + timedelta(days=20))
    assert [p.person for p in due] == [turning]


def test_temporary_stay_registers_after_examination_with_the_registration_card():
    provider = provider_with(Setting.TEMPORARY_STAY, capacity=5)
    user = staff(provider)
    person = person_at(provider)
    with pytest.raises(DomainError) as exc:
        admit(user, person, provider, Setting.TEMPORARY_STAY, on=TODAY, registration_card="TK-17")
    assert exc.value.code == "temporary_stay_card" and exc.value.source.paragraph == "Rules 379 p. 35, 1)"
    event = admit(user, person, provider, Setting.TEMPORARY_STAY, on=TODAY, registration_card="TK-17",
                  examined_and_treated=True)
    assert event.data["registration_card"] == "TK-17"
    J.leave_start(actor=user, person=person, provider=provider, setting=Setting.TEMPORARY_STAY, event_date=TODAY,
                  order_number="2", order_date=TODAY, reason="to the hospital for a day")
    assert sel.status_of(actor=user, person=person, provider=provider,
                         setting=Setting.TEMPORARY_STAY) == Status.ON_LEAVE
