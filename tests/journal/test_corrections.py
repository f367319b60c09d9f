"""The journal is append-only: an event is never edited or deleted (the model, the queryset and a
database trigger refuse); a mistake is corrected by a correcting event that names it and voids or
amends it, and the derived status and placements follow."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from qamqor.accounts.models import Role
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.journal import selectors as sel
from qamqor.journal import services as J
from qamqor.journal.domain.lifecycle import Status
from qamqor.journal.models import EventKind, JournalEvent, Placement, PlacementStatus
from qamqor.rules.choices import Setting
from tests.journal.support import TODAY, admit, days, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
ST = Setting.STATIONARY


@pytest.fixture
def placed():
    provider = provider_with()
    head = staff(provider, Role.PROVIDER_HEAD)
    person = person_at(provider)
    admission = admit(head, person, provider, on=days(-10))
    return provider, head, person, admission


def test_events_cannot_be_edited_or_deleted(placed):
    _, _, _, admission = placed
    admission.order_number = "changed"
    with pytest.raises(PermissionError):
        admission.save()
    with pytest.raises(PermissionError):
        admission.delete()
    with pytest.raises(PermissionError):
        JournalEvent.objects.filter(pk=admission.pk).update(order_number="x")
    with pytest.raises(PermissionError):
        JournalEvent.objects.all().delete()


def test_the_database_refuses_an_update(placed):
    _, _, _, admission = placed
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE journal_journalevent SET order_number = 'x' WHERE id = %s", [admission.pk])
    assert JournalEvent.objects.get(pk=admission.pk).order_number != "x"


def test_voiding_a_leave_brings_the_person_back(placed):
    provider, head, person, _ = placed
    leave = J.leave_start(actor=head, person=person, provider=provider, setting=ST, event_date=days(-2),
                          order_number="3", order_date=days(-2), reason="holiday")
    correction = J.event_correct(actor=head, event=leave, reason="recorded for the wrong person", void=True)
    assert correction.kind == EventKind.CORRECTION and correction.corrects == leave
    assert sel.status_of(actor=head, person=person, provider=provider, setting=ST) == Status.PLACED
    assert Placement.objects.get(person=person).status == PlacementStatus.PRESENT
    history = sel.person_history(actor=head, person=person)
    assert [(h.event.kind, h.voided) for h in history] == [
        (EventKind.ADMISSION, False), (EventKind.LEAVE, True), (EventKind.CORRECTION, False)]


def test_amending_the_order_and_date_of_an_admission(placed):
    provider, head, person, admission = placed
    J.event_correct(actor=head, event=admission, reason="typing error in the order number",
                    amend={"order_number": "15-Ж", "event_date": days(-12)})
    placement = Placement.objects.get(person=person)
    assert placement.started_on == days(-12)
    row = sel.journal_rows(actor=head, provider=provider, setting=ST, period=(days(-30), TODAY))[0]
    assert (row.arrival_date, row.arrival_order) == (days(-12), "15-Ж")
    entry = sel.person_history(actor=head, person=person)[0]
    assert entry.amended and entry.effective.order_number == "15-Ж" and entry.event.order_number != "15-Ж"


def test_voiding_an_admission_frees_the_place(placed):
    provider, head, person, admission = placed
    J.event_correct(actor=head, event=admission, reason="admitted in error", void=True)
    assert not Placement.objects.filter(person=person).exists()
    assert sel.status_of(actor=head, person=person, provider=provider, setting=ST) == Status.NONE
    assert sel.free_places(actor=head, provider=provider, setting=ST) == 2


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"void": True, "amend": {"order_number": "1"}}, "correction_fields"),
    ({"void": False}, "correction_fields"),
    ({"amend": {"kind": "discharge"}}, "correction_fields"),
    ({"amend": {"event_date": "2026-01-01"}}, "correction_fields"),
    ({"void": True, "reason": " "}, "reason_required"),
])
def test_malformed_corrections_are_refused(placed, kwargs, code):
    _, head, _, admission = placed
    before = JournalEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        J.event_correct(actor=head, event=admission, **{"reason": "x", **kwargs})
    assert exc.value.code == code
    assert JournalEvent.objects.count() == before


def test_a_correction_that_would_break_the_journal_is_refused(placed):
    provider, head, person, admission = placed
    J.leave_start(actor=head, person=person, provider=provider, setting=ST, event_date=days(-2),
                  order_number="3", order_date=days(-2), reason="holiday")
    before = JournalEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        J.event_correct(actor=head, event=admission, reason="x", void=True)
    assert exc.value.code == "correction_breaks_log"
    with pytest.raises(DomainError) as exc:
        J.event_correct(actor=head, event=admission, reason="x", amend={"event_date": days(-1)})
    assert exc.value.code == "correction_breaks_log"
    assert JournalEvent.objects.count() == before


def test_one_correction_per_event_and_none_of_a_correction(placed):
    _, head, _, admission = placed
    correction = J.event_correct(actor=head, event=admission, reason="x", amend={"order_number": "2"})
    with pytest.raises(DomainError) as exc:
        J.event_correct(actor=head, event=admission, reason="y", amend={"order_number": "3"})
    assert exc.value.code == "correction_twice"
    with pytest.raises(DomainError) as exc:
        J.event_correct(actor=head, event=correction, reason="y", void=True)
    assert exc.value.code == "correction_of_correction"


def test_only_the_head_corrects(placed):
    provider, _, _, admission = placed
    with pytest.raises(PermissionRefused):
        J.event_correct(actor=staff(provider), event=admission, reason="x", void=True)


def test_voiding_a_transfer_whose_person_arrived_elsewhere_is_refused():
    origin = provider_with()
    destination = provider_with(region=origin.region)
    head = staff(origin, Role.PROVIDER_HEAD)
    person = person_at(origin)
    admit(head, person, origin, on=days(-5))
    transfer = J.transfer_out(actor=head, person=person, provider=origin, setting=ST, event_date=days(-1),
                              order_number="1", order_date=days(-1), destination_provider=destination)
    J.transfer_arrive(actor=staff(destination), transfer=transfer, event_date=TODAY, order_number="2", order_date=TODAY)
    with pytest.raises(DomainError) as exc:
        J.event_correct(actor=head, event=transfer, reason="x", void=True)
    assert exc.value.code == "correction_breaks_log"
    assert Placement.objects.filter(person=person, active=True).count() == 1


def test_voiding_an_exit_needs_the_place_to_be_free():
    provider = provider_with(capacity=1)
    head = staff(provider, Role.PROVIDER_HEAD)
    first, second = person_at(provider), person_at(provider)
    admit(head, first, provider, on=days(-10))
    discharge = J.discharge_record(actor=head, person=first, provider=provider, setting=ST, event_date=days(-5),
                                   order_number="5", order_date=days(-5), reason="moved")
    admit(head, second, provider, on=days(-2))
    with pytest.raises(DomainError) as exc:
        J.event_correct(actor=head, event=discharge, reason="discharged in error", void=True)
    assert exc.value.code == "no_free_place"
    assert Placement.objects.filter(provider=provider, active=True).count() == 1
