"""Reads: the journal form of seed 003 App. 2 (header and 14 columns) matching the recorded events for a
period; the queue with positions and the wait estimate; scope (other providers' staff see nothing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import translation

from qamqor.accounts.models import Role
from qamqor.journal import selectors as sel
from qamqor.journal import services as J
from qamqor.journal.domain.lifecycle import EventKind, Status
from qamqor.journal.models import Journal
from qamqor.rules.choices import Setting
from tests.factories import DistrictFactory, RegionFactory, UserFactory
from tests.journal.support import TODAY, admit, apply, at, days, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
ST = Setting.STATIONARY


@pytest.fixture
def journal():
    """A stationary journal over 60 days: a stay with two leaves and a discharge, a return, a transfer, a
    person present, and two in the queue."""
    provider = provider_with(capacity=3, name_kk="Қарттар үйі", name_ru="Дом престарелых")
    user = staff(provider, Role.PROVIDER_HEAD)
    district = DistrictFactory(region=provider.region)
    people = {name: person_at(provider, surname=name, address=f"{name} street 1", phone="+7 701 000 00 00",
                              ipr_valid_until=days(200)) for name in ("Ахметова", "Бекова", "Жанова", "Қасымова")}
    a, b, c, d = people.values()
    admit(user, a, provider, on=days(-60))
    J.leave_start(actor=user, person=a, provider=provider, setting=ST, event_date=days(-50), order_number="L-1",
                  order_date=days(-50), reason="holiday")
    J.leave_return(actor=user, person=a, provider=provider, setting=ST, event_date=days(-45))
    J.leave_start(actor=user, person=a, provider=provider, setting=ST, event_date=days(-40), order_number="L-2",
                  order_date=days(-40), reason="family")
    J.discharge_record(actor=user, person=a, provider=provider, setting=ST, event_date=days(-30),
                       order_number="D-1", order_date=days(-30), reason="moved to her son",
                       destination_region=district.region, destination_district=district, destination_city="Қонаев")
    admit(user, b, provider, on=days(-55))
    other = provider_with(region=RegionFactory())
    J.transfer_out(actor=user, person=b, provider=provider, setting=ST, event_date=days(-20), order_number="T-1",
                   order_date=days(-20), destination_provider=other,
                   agreement=J.TransferAgreement("dept A", "1", days(-25), "dept B", "2", days(-24)))
    admit(user, c, provider, on=days(-25))
    readmitted = admit(user, a, provider, on=days(-10))
    admit(user, d, provider, on=days(-5))
    queued = [apply(user, person_at(provider, surname=f"Кезек{i}"), provider, at=at(3, i)) for i in range(2)]
    return provider, user, people, readmitted, queued, other


def test_the_header_shows_the_official_names_and_dates(journal):
    provider, user, *_ = journal
    header, _ = sel.journal_form(actor=user, provider=provider, setting=ST, period=(days(-60), TODAY))
    assert (header.name_kk, header.name_ru, header.started_on, header.finished_on) == (
        "Қарттар үйі", "Дом престарелых", days(-60), None)


def test_the_fourteen_columns_match_the_events(journal):
    provider, user, people, readmitted, queued, other = journal
    a, b, c, d = people.values()
    with translation.override("en"):
        rows = sel.journal_rows(actor=user, provider=provider, setting=ST, period=(days(-60), TODAY))
        cells = [r.cells() for r in rows]
    assert all(len(c) == 14 for c in cells)
    assert [c[0] for c in cells] == [str(n) for n in range(1, 8)]
    names = [r.full_name.split()[0] for r in rows]
    assert names == ["Ахметова", "Бекова", "Жанова", "Ахметова", "Қасымова", "Кезек0", "Кезек1"]
    first, transferred, present, returned, _, queue0, _ = rows
    assert first.status == Status.DISCHARGED and cells[0][1] == "discharged"
    assert cells[0][3] == f"{a.birth_date:%d.%m.%Y}, {TODAY.year - a.birth_date.year - ((TODAY.month, TODAY.day) < (a.birth_date.month, a.birth_date.day))}"
    assert cells[0][4] == "female" and cells[0][5] == "Ахметова street 1" and cells[0][6] == "+7 701 000 00 00"
    assert cells[0][7] == f"{days(200):%d.%m.%Y}"
    assert cells[0][8].startswith(f"{days(-60):%d.%m.%Y}, № ") and "returned" not in cells[0][8]
    assert cells[0][9] == f"{days(-50):%d.%m.%Y}, № L-1; {days(-40):%d.%m.%Y}, № L-2"
    assert cells[0][10] == f"{days(-30):%d.%m.%Y}, № D-1" and cells[0][11] == "moved to her son"
    assert "Қонаев" in cells[0][13] and cells[0][12] == ""
    assert transferred.status == Status.TRANSFERRED and cells[1][12] == f"{days(-20):%d.%m.%Y}, № T-1"
    assert other.name_ru in cells[1][13] and cells[1][10] == ""  # English pages show the Russian name
    assert present.status == Status.PLACED and cells[2][10:14] == ["", "", "", ""]
    assert returned.returned and cells[3][8] == f"returned {days(-10):%d.%m.%Y}, № {readmitted.order_number}"
    assert queue0.status == Status.QUEUED and cells[5][1] == "in the queue" and cells[5][8] == ""
    assert queue0.application_uid == queued[0].uid


def test_a_period_shows_the_state_at_its_end(journal):
    provider, user, *_ = journal
    rows = sel.journal_rows(actor=user, provider=provider, setting=ST, period=(days(-60), days(-42)))
    assert [(r.full_name.split()[0], r.status) for r in rows] == [
        ("Ахметова", Status.PLACED), ("Бекова", Status.PLACED)]
    assert rows[0].leaves == ((days(-50), "L-1"),) and rows[0].exit_date is None
    later = sel.journal_rows(actor=user, provider=provider, setting=ST, period=(days(-15), TODAY))
    assert [r.full_name.split()[0] for r in later] == ["Жанова", "Ахметова", "Қасымова", "Кезек0", "Кезек1"]


def test_the_rows_follow_a_finished_journal_into_the_next(journal):
    provider, user, people, *_ = journal
    J.journal_finish(actor=user, journal=Journal.objects.get(provider=provider, setting=ST), finished_on=days(-1))
    c = list(people.values())[2]
    J.leave_start(actor=user, person=c, provider=provider, setting=ST, event_date=TODAY, order_number="L-9",
                  order_date=TODAY, reason="x")
    assert Journal.objects.filter(provider=provider, setting=ST).count() == 2
    row = next(r for r in sel.journal_rows(actor=user, provider=provider, setting=ST, period=(days(-60), TODAY))
               if r.full_name.startswith("Жанова"))
    assert row.status == Status.ON_LEAVE and row.leaves == ((TODAY, "L-9"),)


def test_queue_list_and_positions(journal):
    provider, user, _, _, queued, _ = journal
    items = sel.queue_list(actor=user, provider=provider, setting=ST)
    assert [(i.application, i.position, i.ahead) for i in items] == [(queued[0], 1, 0), (queued[1], 2, 1)]


def test_wait_estimate_states_its_method(journal):
    provider, user, _, _, queued, _ = journal
    view = sel.wait_estimate(actor=user, application=queued[1], today=TODAY)
    # two places freed in the last 365 days (a discharge and a transfer): one every 182.5 days
    assert view.estimate.freed == 2 and view.estimate.days == 365
    assert "turnover" in view.method and view.source.document == "QAMQOR"
    assert sel.wait_estimate(actor=None, application=queued[0], today=TODAY).estimate.days == 183


def test_person_history_and_allowed_actions(journal):
    provider, user, people, *_ = journal
    a = people["Ахметова"]
    kinds = [h.event.kind for h in sel.person_history(actor=user, person=a)]
    assert kinds == [EventKind.ADMISSION, EventKind.LEAVE, EventKind.LEAVE_RETURN, EventKind.LEAVE,
                     EventKind.DISCHARGE, EventKind.READMISSION]
    assert sel.allowed_actions(actor=user, person=a, provider=provider, setting=ST) == {
        EventKind.LEAVE, EventKind.TRANSFER_OUT, EventKind.DISCHARGE}
    inspector = UserFactory(role=Role.INSPECTOR, region=provider.region)
    assert sel.allowed_actions(actor=inspector, person=a, provider=provider, setting=ST) == frozenset()


def test_other_providers_staff_and_other_regions_see_nothing(journal):
    provider, _, people, _, queued, _ = journal
    stranger = staff(provider_with())
    with pytest.raises(Http404):
        sel.journal_rows(actor=stranger, provider=provider, setting=ST, period=(days(-60), TODAY))
    with pytest.raises(Http404):
        sel.application_position(actor=stranger, application=queued[0])
    assert sel.person_history(actor=stranger, person=people["Ахметова"]) == []
    officer = UserFactory(role=Role.LEB_OFFICER, region=provider.region)
    assert len(sel.journal_rows(actor=officer, provider=provider, setting=ST, period=(days(-60), TODAY))) == 7
    far = UserFactory(role=Role.LEB_OFFICER, region=RegionFactory())
    with pytest.raises(Http404):
        sel.queue_list(actor=far, provider=provider, setting=ST)
    analyst = UserFactory(role=Role.ANALYST)
    assert not sel.application_list(actor=analyst).exists()


def test_the_destination_sees_the_incoming_transfer_and_the_person(journal):
    provider, _, people, _, _, other = journal
    dest = staff(other)
    (transfer,) = sel.transfers_incoming(actor=dest, provider=other)
    assert transfer.person == people["Бекова"]
    assert sel.event_get(actor=dest, uid=transfer.uid) == transfer
    from qamqor.registry.selectors import person_list

    assert people["Бекова"] in person_list(actor=dest)
    assert people["Ахметова"] not in person_list(actor=dest)


def test_free_places_count_offers(journal):
    provider, user, *_ = journal
    assert sel.free_places(actor=user, provider=provider, setting=ST) == 0
    provider.settings.update(capacity=4)
    J.place_offer(actor=user, provider=provider, setting=ST, arrival_by=TODAY + timedelta(days=3))
    assert sel.free_places(actor=user, provider=provider, setting=ST) == 0
