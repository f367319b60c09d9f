"""The life of a recipient case as the rules see it (no database): which event may follow which status in
each kind of organisation (seed 003, Rules 379 p. 11, 21, 26, 35), the status derived from the events,
corrections, stays and the «қайта оралды» mark."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from qamqor.journal.domain import lifecycle as L
from qamqor.journal.domain import sources as S
from qamqor.journal.domain.lifecycle import (
    CaseState,
    Ev,
    EventKind,
    InvalidTransition,
    JournalSetting,
    Status,
)

K = EventKind
ST = JournalSetting.STATIONARY
SEMI = JournalSetting.SEMI_STATIONARY
HOME = JournalSetting.HOME_CARE
TEMP = JournalSetting.TEMPORARY_STAY
D0 = date(2026, 1, 10)


def log(*kinds: EventKind, app: int = 1) -> list[Ev]:
    """Events one day apart, numbered in recording order, all on application ``app`` where it applies."""
    def application(i: int, k: EventKind) -> int | None:
        on_offer = k in L.ENTRY_KINDS and i > 0 and kinds[i - 1] in (K.OFFER, K.POSTPONEMENT)
        return app if k in L.QUEUE_KINDS or on_offer else None

    return [Ev(id=i + 1, kind=k, on=D0 + timedelta(days=i), application_id=application(i, k),
               arrival_by=D0 + timedelta(days=i + 10) if k in (K.OFFER, K.POSTPONEMENT) else None)
            for i, k in enumerate(kinds)]


@pytest.mark.parametrize(("setting", "kinds", "status"), [
    # seed 003 p. 11, 1): queue, offer, arrival, temporary leave, transfer, discharge
    (ST, [K.APPLICATION], Status.QUEUED),
    (ST, [K.APPLICATION, K.OFFER], Status.OFFERED),
    (ST, [K.APPLICATION, K.OFFER, K.POSTPONEMENT], Status.OFFERED),
    (ST, [K.APPLICATION, K.OFFER, K.LAPSE], Status.LAPSED),
    (ST, [K.APPLICATION, K.WITHDRAWAL], Status.WITHDRAWN),
    (ST, [K.APPLICATION, K.APPLICATION_CLOSED], Status.CLOSED),
    (ST, [K.APPLICATION, K.OFFER, K.ADMISSION], Status.PLACED),
    (ST, [K.ADMISSION], Status.PLACED),
    (ST, [K.ADMISSION, K.LEAVE], Status.ON_LEAVE),
    (ST, [K.ADMISSION, K.LEAVE, K.LEAVE_RETURN], Status.PLACED),
    (ST, [K.ADMISSION, K.LEAVE, K.DISCHARGE], Status.DISCHARGED),
    (ST, [K.ADMISSION, K.TRANSFER_OUT], Status.TRANSFERRED),
    (ST, [K.TRANSFER_ARRIVAL], Status.PLACED),
    (ST, [K.ADMISSION, K.DISCHARGE, K.READMISSION], Status.PLACED),
    (ST, [K.ADMISSION, K.DISCHARGE, K.APPLICATION, K.OFFER, K.READMISSION], Status.PLACED),
    # seed 003 p. 21, 1): arrival, suspension, termination, transfer
    (SEMI, [K.ADMISSION, K.SUSPENSION], Status.SUSPENDED),
    (SEMI, [K.ADMISSION, K.SUSPENSION, K.RESUMPTION], Status.PLACED),
    (SEMI, [K.ADMISSION, K.SUSPENSION, K.TERMINATION], Status.TERMINATED),
    (SEMI, [K.APPLICATION, K.OFFER, K.POSTPONEMENT, K.ADMISSION, K.TRANSFER_OUT], Status.TRANSFERRED),
    # seed 003 p. 26, 1): registration, suspension, termination
    (HOME, [K.APPLICATION, K.OFFER, K.ADMISSION, K.TERMINATION, K.READMISSION], Status.PLACED),
    # seed 003 p. 35, 2): arrival, discharge, temporary leave, transfer
    (TEMP, [K.ADMISSION, K.LEAVE, K.LEAVE_RETURN, K.TRANSFER_OUT], Status.TRANSFERRED),
])
def test_derived_status(setting, kinds, status):
    assert L.derive(log(*kinds), setting).status == status


@pytest.mark.parametrize(("setting", "kinds", "refused", "code"), [
    (ST, [], K.OFFER, "invalid_transition"),                      # no offer without an application
    (ST, [K.APPLICATION], K.ADMISSION, "invalid_transition"),     # a queued person gets the offer first
    (ST, [K.ADMISSION], K.ADMISSION, "invalid_transition"),       # never placed twice
    (ST, [K.ADMISSION], K.APPLICATION, "invalid_transition"),     # no queue for a place already held
    (ST, [K.ADMISSION, K.LEAVE], K.TRANSFER_OUT, "invalid_transition"),
    (ST, [K.ADMISSION], K.SUSPENSION, "kind_not_in_setting"),     # stationary records leave, not suspension
    (SEMI, [K.ADMISSION], K.LEAVE, "kind_not_in_setting"),        # semi-stationary: suspension, not leave
    (SEMI, [K.ADMISSION], K.DISCHARGE, "kind_not_in_setting"),    # semi-stationary: termination
    (HOME, [K.APPLICATION, K.OFFER], K.POSTPONEMENT, "kind_not_in_setting"),  # p. 26: no postponement
    (HOME, [K.ADMISSION], K.TRANSFER_OUT, "kind_not_in_setting"),
    (TEMP, [], K.APPLICATION, "kind_not_in_setting"),             # p. 35: no queue
    (ST, [K.ADMISSION, K.DISCHARGE], K.ADMISSION, "readmission_expected"),
    (ST, [], K.READMISSION, "no_earlier_stay"),
])
def test_refused_transitions(setting, kinds, refused, code):
    state = L.derive(log(*kinds), setting)
    with pytest.raises(InvalidTransition) as exc:
        L.check_transition(state, refused, setting)
    assert exc.value.code == code
    assert exc.value.source.document == "003"


def test_every_setting_cites_its_journal_paragraph():
    assert {s: L.JOURNAL_SOURCE[s].paragraph for s in JournalSetting} == {
        ST: "Rules 379 p. 11, 1)", SEMI: "Rules 379 p. 21, 1)", HOME: "Rules 379 p. 26, 1)",
        TEMP: "Rules 379 p. 35, 2)"}
    assert S.JOURNAL_STATIONARY.effective_from == date(2021, 12, 26)
    assert S.JOURNAL_STATIONARY.effective_to == date(2023, 6, 30)


def test_allowed_kinds_follow_the_table():
    placed = L.derive(log(K.ADMISSION), ST)
    assert L.allowed_kinds(placed, ST) == {K.LEAVE, K.TRANSFER_OUT, K.DISCHARGE}
    assert L.allowed_kinds(L.derive(log(K.ADMISSION), HOME), HOME) == {K.SUSPENSION, K.TERMINATION}
    left = L.derive(log(K.ADMISSION, K.DISCHARGE), ST)
    assert L.allowed_kinds(left, ST) == {K.APPLICATION, K.READMISSION, K.TRANSFER_ARRIVAL}
    assert L.allowed_kinds(CaseState(), TEMP) == {K.ADMISSION, K.TRANSFER_ARRIVAL}


def test_events_must_not_go_back_in_time():
    events = [Ev(1, K.ADMISSION, D0), Ev(2, K.LEAVE, D0 - timedelta(days=1))]
    with pytest.raises(L.RuleRefusal) as exc:
        L.derive(events, ST)
    assert exc.value.code == "event_before_last"


def test_an_arrival_on_an_offer_names_the_offered_application():
    offered = log(K.APPLICATION, K.OFFER)
    for app in (None, 2):
        with pytest.raises(InvalidTransition) as exc:
            L.derive([*offered, Ev(3, K.ADMISSION, D0 + timedelta(days=3), application_id=app)], ST)
        assert exc.value.code == "other_application"
    with pytest.raises(InvalidTransition):
        L.derive([Ev(1, K.ADMISSION, D0, application_id=1)], ST)


def test_an_event_on_another_application_is_refused():
    events = [Ev(1, K.APPLICATION, D0, application_id=1), Ev(2, K.OFFER, D0, application_id=2, arrival_by=D0)]
    with pytest.raises(InvalidTransition) as exc:
        L.derive(events, ST)
    assert exc.value.code == "other_application"


def test_postponements_are_counted_per_offer():
    state = L.derive(log(K.APPLICATION, K.OFFER, K.POSTPONEMENT), ST)
    assert state.postponements == 1 and state.arrival_by == D0 + timedelta(days=12)
    again = L.derive(log(K.APPLICATION, K.OFFER, K.POSTPONEMENT, K.LAPSE, K.APPLICATION, K.OFFER), ST)
    assert again.postponements == 0


# --- corrections (a correcting event names the event it corrects and voids or amends it) ---------------

def test_a_void_correction_removes_the_event():
    events = [*log(K.ADMISSION, K.LEAVE), Ev(3, K.CORRECTION, D0, corrects_id=2, void=True)]
    assert L.derive(events, ST).status == Status.PLACED
    assert L.kinds_in(events) == [K.ADMISSION]


def test_an_amending_correction_changes_the_fields_in_place():
    events = [*log(K.ADMISSION, K.LEAVE),
              Ev(3, K.CORRECTION, D0, corrects_id=1, amend={"order_number": "7-Ж", "on": D0 - timedelta(days=3)})]
    effective = L.effective_events(events)
    assert effective[0].order_number == "7-Ж" and effective[0].on == D0 - timedelta(days=3)
    assert effective[0].amended and not effective[1].amended
    assert L.derive(events, ST).status == Status.ON_LEAVE


@pytest.mark.parametrize(("extra", "code"), [
    ([Ev(3, K.CORRECTION, D0, corrects_id=2, void=True), Ev(4, K.CORRECTION, D0, corrects_id=3, void=True)],
     "correction_of_correction"),
    ([Ev(3, K.CORRECTION, D0, corrects_id=2, void=True), Ev(4, K.CORRECTION, D0, corrects_id=2, void=True)],
     "correction_twice"),
    ([Ev(3, K.CORRECTION, D0, corrects_id=2, amend={"kind": "discharge"})], "correction_fields"),
    ([Ev(3, K.CORRECTION, D0, corrects_id=99, void=True)], "correction_target_missing"),
])
def test_corrections_that_are_refused(extra, code):
    with pytest.raises(L.RuleRefusal) as exc:
        L.effective_events([*log(K.ADMISSION, K.LEAVE), *extra])
    assert exc.value.code == code


def test_a_correction_that_breaks_the_log_is_refused():
    events = [*log(K.ADMISSION, K.LEAVE), Ev(3, K.CORRECTION, D0, corrects_id=1, void=True)]
    with pytest.raises(InvalidTransition):
        L.derive(events, ST)


# --- stays and the «қайта оралды» mark (seed 003 p. 11, 1) paragraph 4) -----------------------------

def test_stays_with_absences_exit_and_the_returned_mark():
    events = log(K.ADMISSION, K.LEAVE, K.LEAVE_RETURN, K.LEAVE, K.DISCHARGE, K.APPLICATION, K.OFFER,
                 K.READMISSION)
    first, second = L.stays(events, ST)
    assert not first.returned and second.returned
    assert [a.start.id for a in first.absences] == [2, 4]
    assert first.absences[0].end.id == 3 and first.absences[1].end is None
    assert first.exit.kind == K.DISCHARGE and first.status == Status.DISCHARGED
    assert second.active and second.status == Status.PLACED


def test_a_transfer_arrival_after_an_earlier_exit_is_a_return():
    (first, second) = L.stays(log(K.ADMISSION, K.TRANSFER_OUT, K.TRANSFER_ARRIVAL), ST)
    assert second.returned and second.start.kind == K.TRANSFER_ARRIVAL


def test_suspension_is_an_absence_and_termination_an_exit():
    (stay,) = L.stays(log(K.ADMISSION, K.SUSPENSION, K.RESUMPTION, K.TERMINATION), HOME)
    assert len(stay.absences) == 1 and stay.exit.kind == K.TERMINATION and stay.status == Status.TERMINATED


def test_application_states():
    events = log(K.APPLICATION, K.OFFER, K.POSTPONEMENT, K.ADMISSION)
    events[3] = Ev(4, K.ADMISSION, events[3].on, application_id=1)
    assert L.application_states(events)[1].status == L.AppStatus.ADMITTED
    lapsed = L.application_states(log(K.APPLICATION, K.OFFER, K.POSTPONEMENT, K.LAPSE))[1]
    assert lapsed.status == L.AppStatus.LAPSED and lapsed.postponements == 1 and lapsed.arrival_by is None


def test_status_on_a_date_ignores_later_events():
    events = log(K.ADMISSION, K.LEAVE, K.LEAVE_RETURN)
    assert L.status_on(events, ST, D0 + timedelta(days=1)) == Status.ON_LEAVE
    assert L.status_on(events, ST, D0 - timedelta(days=1)) == Status.NONE


@pytest.mark.parametrize(("kind", "number", "reason", "code"), [
    (K.ADMISSION, "", "", "order_required"),          # column 9: date of arrival and order No.
    (K.DISCHARGE, "12", "", "reason_required"),       # column 12: reason of exit
    (K.TERMINATION, "12", "", "reason_required"),     # p. 26, 1): reasons of termination
    (K.LEAVE, "", "rest", "order_required"),          # seed 002 Rule A p. 40: on the head's order
])
def test_record_needs_the_order_and_the_reason(kind, number, reason, code):
    with pytest.raises(L.RuleRefusal) as exc:
        L.check_record(kind, order_number=number, order_date=D0 if number else None, reason=reason, on=D0, today=D0)
    assert exc.value.code == code


def test_no_journal_for_foster_families():
    with pytest.raises(L.RuleRefusal):
        L.journal_setting("foster_family")
