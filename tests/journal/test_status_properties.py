"""Property-based tests of the derived status (no database): after any sequence of events the rules
accept, in any kind of organisation, the status is the one the last event leads to, a person holds at
most one place, every stay after the first is a return («қайта оралды»), and voiding the last event
gives back the state before it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from qamqor.journal.domain import lifecycle as L
from qamqor.journal.domain.lifecycle import Ev, EventKind, InvalidTransition, JournalSetting, Status

K = EventKind
KINDS = [k for k in EventKind if k != K.CORRECTION]
LEADS_TO = {
    K.APPLICATION: Status.QUEUED, K.OFFER: Status.OFFERED, K.POSTPONEMENT: Status.OFFERED, K.LAPSE: Status.LAPSED,
    K.ADMISSION: Status.PLACED, K.READMISSION: Status.PLACED, K.TRANSFER_ARRIVAL: Status.PLACED,
    K.LEAVE_RETURN: Status.PLACED, K.RESUMPTION: Status.PLACED, K.LEAVE: Status.ON_LEAVE,
    K.SUSPENSION: Status.SUSPENDED, K.TRANSFER_OUT: Status.TRANSFERRED, K.DISCHARGE: Status.DISCHARGED,
    K.TERMINATION: Status.TERMINATED, K.WITHDRAWAL: Status.WITHDRAWN, K.APPLICATION_CLOSED: Status.CLOSED,
}
"""The status each event leads to, written out independently of the transition table."""


class CaseMachine(RuleBasedStateMachine):
    """Random events are offered to a case; the rules accept some, and the invariants must hold."""

    @initialize(setting=st.sampled_from(list(JournalSetting)))
    def start(self, setting: JournalSetting) -> None:
        self.setting = setting
        self.events: list[Ev] = []
        self.day = date(2026, 1, 1)
        self.next_app = 1
        self.app: int | None = None

    def _event(self, kind: EventKind) -> Ev:
        app = None
        if kind == K.APPLICATION:
            app = self.next_app
        elif kind in L.QUEUE_KINDS or (kind in L.ENTRY_KINDS
                                       and L.derive(self.events, self.setting).status == Status.OFFERED):
            app = self.app
        return Ev(id=len(self.events) * 2 + 1, kind=kind, on=self.day, application_id=app,
                  arrival_by=self.day + timedelta(days=10) if kind in (K.OFFER, K.POSTPONEMENT) else None)

    @rule(kind=st.sampled_from(KINDS), gap=st.integers(min_value=0, max_value=20))
    def record(self, kind: EventKind, gap: int) -> None:
        state = L.derive(self.events, self.setting)
        self.day += timedelta(days=gap)
        try:
            L.check_transition(state, kind, self.setting)
        except InvalidTransition:
            assert kind not in L.allowed_kinds(state, self.setting)
            return
        assert kind in L.allowed_kinds(state, self.setting)
        self.events.append(self._event(kind))
        if kind == K.APPLICATION:
            self.app, self.next_app = self.next_app, self.next_app + 1

    @rule()
    def void_the_last_event(self) -> None:
        if not self.events:
            return
        last = self.events[-1]
        corrected = [*self.events, Ev(id=last.id + 1, kind=K.CORRECTION, on=self.day, corrects_id=last.id, void=True)]
        assert L.derive(corrected, self.setting) == L.derive(self.events[:-1], self.setting)

    @invariant()
    def status_is_what_the_last_event_leads_to(self) -> None:
        if not hasattr(self, "events"):
            return
        state = L.derive(self.events, self.setting)
        assert state.status == (LEADS_TO[self.events[-1].kind] if self.events else Status.NONE)
        assert all(k in L.SETTING_KINDS[self.setting] for k in L.kinds_in(self.events))

    @invariant()
    def at_most_one_place_and_returns_are_marked(self) -> None:
        if not hasattr(self, "events"):
            return
        state = L.derive(self.events, self.setting)
        stays = L.stays(self.events, self.setting)
        assert sum(s.active for s in stays) == (1 if state.present else 0)
        assert all(s.returned == (i > 0) for i, s in enumerate(stays))
        assert state.has_left == any(e.kind in L.EXIT_KINDS for e in self.events)
        assert len(stays) == sum(e.kind in L.ENTRY_KINDS for e in self.events)

    @invariant()
    def only_the_current_application_is_pending(self) -> None:
        if not hasattr(self, "events"):
            return
        state = L.derive(self.events, self.setting)
        pending = [a for a, s in L.application_states(self.events).items()
                   if s.status in (L.AppStatus.PENDING, L.AppStatus.OFFERED)]
        assert pending == ([state.application_id] if state.status in L.WAITING else [])
        if state.status == Status.OFFERED:
            assert state.arrival_by is not None


CaseMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
TestCaseMachine = CaseMachine.TestCase


@settings(max_examples=200, deadline=None)
@given(setting=st.sampled_from(list(JournalSetting)), kinds=st.lists(st.sampled_from(KINDS), max_size=25))
def test_derive_accepts_exactly_the_logs_built_from_allowed_events(setting, kinds):
    """Folding events one by one with ``check_transition`` and deriving the whole log agree."""
    events: list[Ev] = []
    for i, kind in enumerate(kinds):
        state = L.derive(events, setting)
        on_offer = kind in L.ENTRY_KINDS and state.status == Status.OFFERED
        candidate = [*events, Ev(id=i + 1, kind=kind, on=date(2026, 1, 1) + timedelta(days=i),
                                 application_id=1 if kind in L.QUEUE_KINDS or on_offer else None,
                                 arrival_by=date(2026, 3, 1) if kind in (K.OFFER, K.POSTPONEMENT) else None)]
        try:
            L.check_transition(state, kind, setting)
            allowed = True
        except InvalidTransition:
            allowed = False
        try:
            L.derive(candidate, setting)
            derived = True
        except L.RuleRefusal:
            derived = False
        assert allowed == derived
        if allowed:
            events = candidate
