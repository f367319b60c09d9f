"""The queue on the database: filing only without a free place, order of receipt with out-of-turn and
re-certified applicants, offers, postponement (30 / 10 days, once), the no-show passing the offer to the
next, the scheduled job, withdrawal (seed 003, Rules 379 p. 11, 1); p. 21, 1); p. 26, 1))."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command

from qamqor.accounts.models import Role
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditEvent
from qamqor.journal import selectors as sel
from qamqor.journal import services as J
from qamqor.journal.domain.lifecycle import Status
from qamqor.journal.models import ApplicationStatus, EventKind, JournalEvent, QueueApplication
from qamqor.registry.models import Person, ProviderPerson, Representation
from qamqor.rules.choices import Setting
from qamqor.rules.models import InstitutionType, Parameter
from tests.factories import PersonFactory, UserFactory
from tests.journal.support import TODAY, admit, apply, at, days, person_at, provider_with, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def full():
    """A stationary provider with one place, taken."""
    provider = provider_with(capacity=1)
    user = staff(provider)
    admit(user, person_at(provider), provider)
    return provider, user


def queue_ids(provider, setting=Setting.STATIONARY) -> list[int]:
    return [item.application.pk for item in sel.queue_list(actor=staff(provider), provider=provider,
                                                            setting=setting)]


def test_an_application_goes_into_the_queue_when_there_is_no_free_place(full):
    provider, user = full
    person = person_at(provider)
    app = apply(user, person, provider, at=at(3))
    assert app.status == ApplicationStatus.PENDING and app.received_at == at(3)
    assert sel.status_of(actor=user, person=person, provider=provider, setting=Setting.STATIONARY) == Status.QUEUED
    event = JournalEvent.objects.get(application=app)
    assert event.kind == EventKind.APPLICATION and event.recorded_by == user
    assert AuditEvent.objects.filter(object_type="journal.JournalEvent", object_id=str(event.uid)).exists()


def test_with_a_free_place_the_application_is_refused_and_the_person_admitted_directly():
    provider = provider_with(capacity=1)
    user = staff(provider)
    with pytest.raises(DomainError) as exc:
        apply(user, person_at(provider), provider)
    assert exc.value.code == "place_free" and exc.value.source.document == "003"
    assert "free place" in str(exc.value.message)
    assert not QueueApplication.objects.exists() and not JournalEvent.objects.exists()


def test_portal_applications_are_timed_to_the_second_and_signed_by_the_person(full):
    provider, user = full
    app = J.application_file(actor=user, person=person_at(provider), provider=provider, setting=Setting.STATIONARY)
    assert app.channel == "portal" and app.received_at.microsecond == 0 and app.applicant == app.person


def test_a_minor_applies_through_the_legal_representative(full):
    provider, user = full
    child = person_at(provider, born=TODAY.replace(year=TODAY.year - 10))
    parent = person_at(provider)
    with pytest.raises(DomainError) as exc:
        apply(user, child, provider)
    assert exc.value.code == "representative_required"
    with pytest.raises(DomainError) as exc:
        apply(user, child, provider, applicant=person_at(provider))
    assert exc.value.code == "signer_not_representative"
    Representation.objects.create(person=child, representative=parent, kind="parent", valid_from=days(-100))
    assert apply(user, child, provider, applicant=parent).applicant == parent


def test_order_of_receipt_with_out_of_turn_first(full, rules_loaded):
    provider, user = full
    provider.institution_type = InstitutionType.objects.get(code="adult_stationary")
    provider.save()
    late, early, orphan = (person_at(provider) for _ in range(3))
    a_late = apply(user, late, provider, at=at(1))
    a_early = apply(user, early, provider, at=at(5))
    a_orphan = apply(user, orphan, provider, at=at(0), out_of_turn=True,
                     out_of_turn_basis="Certificate of the children's home No. 4, 2026")
    assert queue_ids(provider) == [a_orphan.pk, a_early.pk, a_late.pk]
    pos = sel.application_position(actor=user, application=a_late)
    assert (pos.position, pos.ahead, pos.total) == (3, 2, 3)
    assert sel.application_position_public(uid=a_orphan.uid).position == 1


def test_same_second_is_broken_by_application_number(full):
    provider, user = full
    first = apply(user, person_at(provider), provider, at=at(2))
    second = apply(user, person_at(provider), provider, at=at(2))
    assert queue_ids(provider) == [first.pk, second.pk]


def test_out_of_turn_is_refused_for_a_minor_and_for_a_childrens_institution(full, rules_loaded):
    provider, user = full
    young = person_at(provider, born=TODAY.replace(year=TODAY.year - 17))
    Representation.objects.create(person=young, representative=person_at(provider), kind="guardian",
                                  valid_from=days(-10))
    rep = young.representations.get().representative
    with pytest.raises(DomainError) as exc:
        apply(user, young, provider, applicant=rep, out_of_turn=True, out_of_turn_basis="x")
    assert exc.value.code == "out_of_turn_age" and exc.value.source.paragraph.endswith("paragraph 8")
    provider.institution_type = InstitutionType.objects.get(code="childrens_home")
    provider.save()
    with pytest.raises(DomainError) as exc:
        apply(user, person_at(provider), provider, out_of_turn=True, out_of_turn_basis="x")
    assert exc.value.code == "out_of_turn_provider"


def test_a_re_certified_applicant_keeps_the_earlier_place(full):
    provider, user = full
    disabled = person_at(provider, ipr_valid_until=days(-1))   # programme expired while queued
    first = apply(user, disabled, provider, at=at(10))
    other = apply(user, person_at(provider), provider, at=at(5))
    with pytest.raises(DomainError) as exc:
        apply(user, disabled, provider, keeps_place_of=first)
    assert exc.value.code == "recertification_ipr"
    Person.objects.filter(pk=disabled.pk).update(ipr_valid_until=days(365))   # re-certified
    disabled.refresh_from_db()
    again = apply(user, disabled, provider, keeps_place_of=first)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.CLOSED and first.status_reason
    assert again.received_at == first.received_at and again.place_of == first
    assert queue_ids(provider) == [again.pk, other.pk]


def test_an_applicant_awaiting_re_certification_keeps_the_place_but_is_passed_over(full):
    provider, user = full
    expired = apply(user, person_at(provider, ipr_valid_until=days(-1)), provider, at=at(9))
    valid = apply(user, person_at(provider, ipr_valid_until=days(100)), provider, at=at(8))
    items = sel.queue_list(actor=user, provider=provider, setting=Setting.STATIONARY)
    assert [(i.application.pk, i.awaiting_recertification) for i in items] == [(expired.pk, True), (valid.pk, False)]
    _free_the_place(provider, user)
    assert J.place_offer(actor=user, provider=provider, setting=Setting.STATIONARY) == valid


def test_one_pending_application_per_person_provider_and_setting(full):
    provider, user = full
    person = person_at(provider)
    apply(user, person, provider)
    with pytest.raises(DomainError) as exc:
        apply(user, person, provider)
    assert exc.value.code == "invalid_transition"
    assert QueueApplication.objects.filter(person=person).count() == 1


def test_temporary_stay_keeps_no_queue():
    provider = provider_with(Setting.TEMPORARY_STAY, capacity=0)
    with pytest.raises(DomainError) as exc:
        apply(staff(provider), person_at(provider), provider, Setting.TEMPORARY_STAY)
    assert exc.value.code == "no_queue_in_setting"


def test_withdrawal(full):
    provider, user = full
    app = apply(user, person_at(provider), provider)
    J.application_withdraw(actor=user, application=app, reason="moved to another city")
    app.refresh_from_db()
    assert app.status == ApplicationStatus.WITHDRAWN and app.status_reason == "moved to another city"
    with pytest.raises(DomainError):
        J.application_withdraw(actor=user, application=app)


def _free_the_place(provider, user):
    placed = provider.placements.get(active=True)
    J.discharge_record(actor=user, person=placed.person, provider=provider, setting=Setting.STATIONARY,
                       event_date=TODAY, order_number="9-Ш", order_date=TODAY, reason="parent's application")


def test_a_free_place_is_offered_to_the_first_in_order(full):
    provider, user = full
    first = apply(user, person_at(provider), provider, at=at(9))
    apply(user, person_at(provider), provider, at=at(3))
    with pytest.raises(DomainError) as exc:
        J.place_offer(actor=user, provider=provider, setting=Setting.STATIONARY)
    assert exc.value.code == "no_free_place"
    _free_the_place(provider, user)
    offered = J.place_offer(actor=user, provider=provider, setting=Setting.STATIONARY)
    assert offered == first and offered.status == ApplicationStatus.OFFERED
    assert offered.arrival_by == TODAY + timedelta(days=10)    # offer_arrival_days default
    assert sel.free_places(actor=user, provider=provider, setting=Setting.STATIONARY) == 0
    with pytest.raises(DomainError) as exc:
        J.place_offer(actor=user, provider=provider, setting=Setting.STATIONARY)
    assert exc.value.code == "no_free_place"


def test_direct_admission_is_refused_while_someone_waits(full):
    provider, user = full
    apply(user, person_at(provider), provider)
    _free_the_place(provider, user)
    with pytest.raises(DomainError) as exc:
        admit(user, person_at(provider), provider, on=TODAY)
    assert exc.value.code == "queue_first"


@pytest.fixture
def offered(full):
    provider, user = full
    app = apply(user, person_at(provider), provider, at=at(9))
    nxt = apply(user, person_at(provider), provider, at=at(4))
    _free_the_place(provider, user)
    app = J.place_offer(actor=user, provider=provider, setting=Setting.STATIONARY, arrival_by=days(5))
    return provider, user, app, nxt


def test_postponement_once_by_up_to_30_days(offered):
    provider, user, app, _ = offered
    with pytest.raises(DomainError) as exc:
        J.offer_postpone(actor=user, application=app, new_arrival_by=days(5 + 31), ground="illness",
                         notice_number="N-1", notice_date=TODAY)
    assert exc.value.code == "postponement_too_long" and exc.value.source.paragraph.startswith("Rules 379 p. 11")
    assert str(days(35).strftime("%d.%m.%Y")) in str(exc.value.message)
    J.offer_postpone(actor=user, application=app, new_arrival_by=days(35), ground="hospitalisation",
                     notice_number="N-1", notice_date=TODAY)
    app.refresh_from_db()
    assert app.arrival_by == days(35) and app.postponements == 1
    event = app.events.get(kind=EventKind.POSTPONEMENT)
    assert (event.order_number, event.order_date, event.act_type, event.reason_code) == (
        "N-1", TODAY, "notice", "hospitalisation")
    with pytest.raises(DomainError) as exc:
        J.offer_postpone(actor=user, application=app, new_arrival_by=days(36), ground="illness",
                         notice_number="N-2", notice_date=TODAY)
    assert exc.value.code == "postponement_twice" and exc.value.source.document == "003"
    app.refresh_from_db()
    assert app.arrival_by == days(35) and app.events.filter(kind=EventKind.POSTPONEMENT).count() == 1


def test_postponement_by_up_to_10_days_in_semi_stationary():
    provider = provider_with(Setting.SEMI_STATIONARY, capacity=0)
    user = staff(provider)
    app = apply(user, person_at(provider), provider, Setting.SEMI_STATIONARY)
    provider.settings.update(capacity=1)
    app = J.place_offer(actor=user, provider=provider, setting=Setting.SEMI_STATIONARY, arrival_by=days(3))
    with pytest.raises(DomainError) as exc:
        J.offer_postpone(actor=user, application=app, new_arrival_by=days(14), ground="illness",
                         notice_number="N", notice_date=TODAY)
    assert exc.value.code == "postponement_too_long" and exc.value.source.paragraph.startswith("Rules 379 p. 21")
    J.offer_postpone(actor=user, application=app, new_arrival_by=days(13), ground="illness", notice_number="N",
                     notice_date=TODAY)


def test_the_postponement_limit_is_read_as_a_dated_parameter(offered, rules_loaded):
    _, user, app, _ = offered
    # A later regulation shortens the limit to 20 days from yesterday: a new version of the parameter.
    Parameter.objects.filter(code="postponement_days_stationary", effective_to__isnull=True).update(
        effective_to=TODAY - timedelta(days=2))
    Parameter.objects.create(code="postponement_days_stationary", value=20, effective_from=TODAY - timedelta(days=1),
                             name_kk="x", name_ru="x", name_en="x", source_document="NEW")
    with pytest.raises(DomainError) as exc:
        J.offer_postpone(actor=user, application=app, new_arrival_by=days(26), ground="illness",
                         notice_number="N-1", notice_date=TODAY)
    assert exc.value.code == "postponement_too_long"


def test_the_notice_is_signed_by_the_person_or_the_representative(offered):
    _, user, app, _ = offered
    with pytest.raises(DomainError) as exc:
        J.offer_postpone(actor=user, application=app, new_arrival_by=days(6), ground="illness",
                         notice_number="N", notice_date=TODAY, signed_by=PersonFactory())
    assert exc.value.code == "signer_not_representative"


def test_no_show_passes_the_offer_to_the_next(offered):
    provider, user, app, nxt = offered
    with pytest.raises(DomainError) as exc:
        J.offer_lapse(actor=user, application=app, today=days(5))
    assert exc.value.code == "lapse_not_due"
    event = J.offer_lapse(actor=user, application=app, today=days(6))
    app.refresh_from_db()
    nxt.refresh_from_db()
    assert event.kind == EventKind.LAPSE and app.status == ApplicationStatus.LAPSED
    assert nxt.status == ApplicationStatus.OFFERED and nxt.arrival_by == days(16)
    assert J.offer_lapse(actor=user, application=app, today=days(7)) == event       # idempotent
    assert app.events.filter(kind=EventKind.LAPSE).count() == 1


def test_the_scheduled_job_is_idempotent(offered):
    provider, _, app, nxt = offered
    assert J.offers_lapse_due(actor=J.SYSTEM, today=days(5)) == []
    lapsed = J.offers_lapse_due(actor=J.SYSTEM, today=days(6))
    assert [e.application for e in lapsed] == [app]
    assert J.offers_lapse_due(actor=J.SYSTEM, today=days(6)) == []
    nxt.refresh_from_db()
    assert nxt.status == ApplicationStatus.OFFERED
    assert lapsed[0].recorded_by is None
    assert AuditEvent.objects.filter(object_id=str(lapsed[0].uid), actor_username="system").exists()


def test_the_lapse_offers_command(offered, capsys):
    _, _, app, _ = offered
    call_command("lapse_offers", "--date", days(6).isoformat())
    call_command("lapse_offers", "--date", days(6).isoformat())
    out = capsys.readouterr().out
    assert "1 offer(s) lapsed" in out and "0 offer(s) lapsed" in out
    app.refresh_from_db()
    assert app.status == ApplicationStatus.LAPSED


def test_the_offered_person_is_admitted_on_the_offer(offered):
    provider, user, app, _ = offered
    event = admit(user, app.person, provider, on=TODAY)
    app.refresh_from_db()
    assert event.application == app and app.status == ApplicationStatus.ADMITTED


def test_placement_closes_the_persons_other_pending_applications_in_the_setting(offered):
    provider, user, app, _ = offered
    other = provider_with(capacity=0, region=provider.region)
    elsewhere = apply(staff(other), _visible(app.person, other), other)
    semi = provider_with(Setting.SEMI_STATIONARY, capacity=0, region=provider.region)
    other_setting = apply(staff(semi), _visible(app.person, semi), semi, Setting.SEMI_STATIONARY)
    admit(user, app.person, provider, on=TODAY)
    elsewhere.refresh_from_db()
    other_setting.refresh_from_db()
    assert elsewhere.status == ApplicationStatus.CLOSED and provider.name_kk in elsewhere.status_reason
    closing = elsewhere.events.get(kind=EventKind.APPLICATION_CLOSED)
    assert closing.reason_code == "placed_elsewhere" and closing.journal.provider == other
    assert other_setting.status == ApplicationStatus.PENDING


def _visible(person, provider):
    ProviderPerson.objects.get_or_create(provider=provider, person=person, defaults={"since": days(-1)})
    return person


def test_permissions_and_scope(full):
    provider, _ = full
    analyst = UserFactory(role=Role.ANALYST)
    stranger = staff(provider_with())
    person = person_at(provider)
    with pytest.raises(PermissionRefused):
        apply(analyst, person, provider)
    with pytest.raises(NotFound):
        apply(stranger, person, provider)
    with pytest.raises(PermissionRefused):
        J.offers_lapse_due(actor=analyst)
    assert not QueueApplication.objects.exists()


def test_a_paper_application_needs_its_time_of_receipt(full):
    provider, user = full
    with pytest.raises(DomainError) as exc:
        J.application_file(actor=user, person=person_at(provider), provider=provider, setting=Setting.STATIONARY,
                           channel="paper")
    assert exc.value.code == "received_at_required" and exc.value.field == "received_at"
