"""The life of one recipient case (a person in one provider's journal for one setting).

The case's status is never stored as the truth: it is derived from the append-only list of events.
``TRANSITIONS`` says which event may follow which status; ``SETTING_KINDS`` which events each kind
of organisation records (seed 003, Rules 379 p. 11, 21, 26, 35); ``derive`` folds the events, with
corrections applied, into a ``CaseState`` and raises ``InvalidTransition`` for an impossible log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from qamqor.core.domain import Source
from qamqor.journal.domain import sources as S


class JournalSetting(StrEnum):
    """The four kinds of organisation that keep an electronic journal (seed 003)."""

    STATIONARY = "stationary"
    SEMI_STATIONARY = "semi_stationary"
    HOME_CARE = "home_care"
    TEMPORARY_STAY = "temporary_stay"


class EventKind(StrEnum):
    APPLICATION = "application"
    OFFER = "offer"
    POSTPONEMENT = "postponement"
    LAPSE = "lapse"
    ADMISSION = "admission"
    READMISSION = "readmission"
    LEAVE = "leave"
    LEAVE_RETURN = "leave_return"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_ARRIVAL = "transfer_arrival"
    DISCHARGE = "discharge"
    SUSPENSION = "suspension"
    RESUMPTION = "resumption"
    TERMINATION = "termination"
    WITHDRAWAL = "withdrawal"
    APPLICATION_CLOSED = "application_closed"
    CORRECTION = "correction"


class Status(StrEnum):
    """The derived status of a case (journal column 2)."""

    NONE = "none"
    QUEUED = "queued"
    OFFERED = "offered"
    PLACED = "placed"
    ON_LEAVE = "on_leave"
    SUSPENDED = "suspended"
    TRANSFERRED = "transferred"
    DISCHARGED = "discharged"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"
    CLOSED = "closed"


class AppStatus(StrEnum):
    """The derived status of one queue application."""

    PENDING = "pending"
    OFFERED = "offered"
    ADMITTED = "admitted"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"
    CLOSED = "closed"


K = EventKind
PRESENT = frozenset({Status.PLACED, Status.ON_LEAVE, Status.SUSPENDED})
"""Statuses in which the person holds a place (and counts against capacity)."""
LEFT = frozenset({Status.TRANSFERRED, Status.DISCHARGED, Status.TERMINATED})
IDLE = frozenset({Status.NONE, Status.WITHDRAWN, Status.LAPSED, Status.CLOSED})
WAITING = frozenset({Status.QUEUED, Status.OFFERED})
ENTRY_KINDS = frozenset({K.ADMISSION, K.READMISSION, K.TRANSFER_ARRIVAL})
EXIT_KINDS = frozenset({K.TRANSFER_OUT, K.DISCHARGE, K.TERMINATION})
QUEUE_KINDS = frozenset({K.APPLICATION, K.OFFER, K.POSTPONEMENT, K.LAPSE, K.WITHDRAWAL, K.APPLICATION_CLOSED})

_START = {K.APPLICATION: Status.QUEUED, K.ADMISSION: Status.PLACED, K.READMISSION: Status.PLACED,
          K.TRANSFER_ARRIVAL: Status.PLACED}

TRANSITIONS: dict[Status, dict[EventKind, Status]] = {
    **{s: dict(_START) for s in IDLE | LEFT},
    Status.QUEUED: {K.OFFER: Status.OFFERED, K.WITHDRAWAL: Status.WITHDRAWN, K.APPLICATION_CLOSED: Status.CLOSED},
    Status.OFFERED: {K.POSTPONEMENT: Status.OFFERED, K.LAPSE: Status.LAPSED, K.ADMISSION: Status.PLACED,
                     K.READMISSION: Status.PLACED, K.WITHDRAWAL: Status.WITHDRAWN,
                     K.APPLICATION_CLOSED: Status.CLOSED},
    Status.PLACED: {K.LEAVE: Status.ON_LEAVE, K.SUSPENSION: Status.SUSPENDED, K.TRANSFER_OUT: Status.TRANSFERRED,
                    K.DISCHARGE: Status.DISCHARGED, K.TERMINATION: Status.TERMINATED},
    Status.ON_LEAVE: {K.LEAVE_RETURN: Status.PLACED, K.DISCHARGE: Status.DISCHARGED},
    Status.SUSPENDED: {K.RESUMPTION: Status.PLACED, K.TERMINATION: Status.TERMINATED},
}
"""Which event may follow which status, and the status it leads to (the same for every setting;
``SETTING_KINDS`` then removes what a kind of organisation does not record)."""

_QUEUE = {K.APPLICATION, K.OFFER, K.LAPSE, K.WITHDRAWAL, K.APPLICATION_CLOSED}
SETTING_KINDS: dict[JournalSetting, frozenset[EventKind]] = {
    # Arrival, discharge, temporary leave, transfer, the queue (p. 11, 1)).
    JournalSetting.STATIONARY: frozenset(_QUEUE | {K.POSTPONEMENT, K.ADMISSION, K.READMISSION, K.LEAVE,
                                                   K.LEAVE_RETURN, K.TRANSFER_OUT, K.TRANSFER_ARRIVAL,
                                                   K.DISCHARGE, K.CORRECTION}),
    # Arrival, termination, suspension, transfer, the queue (p. 21, 1)).
    JournalSetting.SEMI_STATIONARY: frozenset(_QUEUE | {K.POSTPONEMENT, K.ADMISSION, K.READMISSION,
                                                        K.SUSPENSION, K.RESUMPTION, K.TERMINATION,
                                                        K.TRANSFER_OUT, K.TRANSFER_ARRIVAL, K.CORRECTION}),
    # Registration, termination, suspension, the queue; no postponement and no transfer (p. 26, 1)).
    JournalSetting.HOME_CARE: frozenset(_QUEUE | {K.ADMISSION, K.READMISSION, K.SUSPENSION, K.RESUMPTION,
                                                  K.TERMINATION, K.CORRECTION}),
    # Arrival, discharge, temporary leave, transfer; no queue (p. 35, 2)).
    JournalSetting.TEMPORARY_STAY: frozenset({K.ADMISSION, K.READMISSION, K.LEAVE, K.LEAVE_RETURN,
                                              K.TRANSFER_OUT, K.TRANSFER_ARRIVAL, K.DISCHARGE, K.CORRECTION}),
}

JOURNAL_SOURCE: dict[JournalSetting, Source] = {
    JournalSetting.STATIONARY: S.JOURNAL_STATIONARY,
    JournalSetting.SEMI_STATIONARY: S.JOURNAL_SEMI_STATIONARY,
    JournalSetting.HOME_CARE: S.JOURNAL_HOME_CARE,
    JournalSetting.TEMPORARY_STAY: S.JOURNAL_TEMPORARY_STAY,
}


class RuleRefusal(Exception):
    """A rule refused an action: ``code`` names the rule's message, ``params`` fill it in."""

    def __init__(self, code: str, source: Source, **params: Any) -> None:
        super().__init__(f"{code} ({source})")
        self.code = code
        self.source = source
        self.params = params


class InvalidTransition(RuleRefusal):
    """An event that cannot follow the case's current status in this setting."""

    def __init__(self, kind: EventKind, status: Status, source: Source, code: str = "invalid_transition") -> None:
        super().__init__(code, source, kind=kind, status=status)
        self.kind = kind
        self.status = status


AMENDABLE = frozenset({"on", "arrival_by", "order_number", "order_date", "reason", "destination"})
"""What a correcting event may change in the event it corrects (never the kind, person or application)."""


@dataclass(frozen=True)
class Ev:
    """One journal event as the rules see it (the model row, without the database)."""

    id: int
    kind: EventKind
    on: date
    application_id: int | None = None
    arrival_by: date | None = None
    order_number: str = ""
    order_date: date | None = None
    reason: str = ""
    destination: str = ""
    corrects_id: int | None = None
    void: bool = False
    amend: Mapping[str, Any] = field(default_factory=dict)
    amended: bool = False


@dataclass(frozen=True)
class CaseState:
    """Where a case stands after its events."""

    status: Status = Status.NONE
    application_id: int | None = None
    arrival_by: date | None = None
    postponements: int = 0
    has_left: bool = False
    last_on: date | None = None
    placed_since: date | None = None

    @property
    def present(self) -> bool:
        return self.status in PRESENT


def effective_events(events: Iterable[Ev]) -> list[Ev]:
    """The events in recording order with corrections applied: a correcting event names the event it
    corrects and either voids it or amends some of its fields (``AMENDABLE``); corrections themselves
    drop out. A correction of a correction, or a second correction of one event, is refused."""
    ordered = sorted(events, key=lambda e: e.id)
    by_id = {e.id: e for e in ordered}
    corrections: dict[int, Ev] = {}
    for e in ordered:
        if e.kind != K.CORRECTION:
            continue
        target = by_id.get(e.corrects_id) if e.corrects_id is not None else None
        if target is None or target.id >= e.id:
            raise RuleRefusal("correction_target_missing", S.JOURNAL_LOG)
        if target.kind == K.CORRECTION:
            raise RuleRefusal("correction_of_correction", S.JOURNAL_LOG)
        if target.id in corrections:
            raise RuleRefusal("correction_twice", S.JOURNAL_LOG)
        if not e.void:
            unknown = set(e.amend) - AMENDABLE
            if unknown or not e.amend:
                raise RuleRefusal("correction_fields", S.JOURNAL_LOG, fields=", ".join(sorted(unknown)))
        corrections[target.id] = e
    out: list[Ev] = []
    for e in ordered:
        if e.kind == K.CORRECTION:
            continue
        fix = corrections.get(e.id)
        if fix is None:
            out.append(e)
        elif not fix.void:
            out.append(replace(e, amended=True, **dict(fix.amend)))
    return out


def check_transition(state: CaseState, kind: EventKind, setting: JournalSetting) -> Status:
    """The status ``kind`` leads to from ``state`` in ``setting``; InvalidTransition when the setting
    does not record such an event, or it cannot follow the current status. An admission of a person
    who left this journal before must be a re-admission (the «қайта оралды» mark), and vice versa."""
    source = JOURNAL_SOURCE[setting]
    if kind not in SETTING_KINDS[setting]:
        raise InvalidTransition(kind, state.status, source, code="kind_not_in_setting")
    target = TRANSITIONS.get(state.status, {}).get(kind)
    if target is None:
        raise InvalidTransition(kind, state.status, source)
    if kind == K.ADMISSION and state.has_left:
        raise InvalidTransition(kind, state.status, S.RETURNED_MARK, code="readmission_expected")
    if kind == K.READMISSION and not state.has_left:
        raise InvalidTransition(kind, state.status, S.RETURNED_MARK, code="no_earlier_stay")
    return target


def apply(state: CaseState, e: Ev, setting: JournalSetting) -> CaseState:
    """The state after one (effective) event; refuses events out of order in time."""
    target = check_transition(state, e.kind, setting)
    if state.last_on is not None and e.on < state.last_on:
        raise RuleRefusal("event_before_last", S.JOURNAL_LOG, last=state.last_on.isoformat())
    if e.kind in QUEUE_KINDS and e.kind != K.APPLICATION and e.application_id != state.application_id:
        raise InvalidTransition(e.kind, state.status, JOURNAL_SOURCE[setting], code="other_application")
    if e.kind in ENTRY_KINDS and e.application_id != (state.application_id if state.status == Status.OFFERED
                                                      else None):
        # An arrival on an offer names the offered application; any other arrival names none.
        raise InvalidTransition(e.kind, state.status, JOURNAL_SOURCE[setting], code="other_application")
    new = replace(state, status=target, last_on=e.on)
    if e.kind == K.APPLICATION:
        return replace(new, application_id=e.application_id, arrival_by=None, postponements=0)
    if e.kind == K.OFFER:
        return replace(new, arrival_by=e.arrival_by)
    if e.kind == K.POSTPONEMENT:
        return replace(new, arrival_by=e.arrival_by, postponements=state.postponements + 1)
    if e.kind in ENTRY_KINDS:
        return replace(new, application_id=None, arrival_by=None, postponements=0, placed_since=e.on)
    if e.kind in EXIT_KINDS:
        return replace(new, has_left=True, placed_since=None)
    if target in IDLE:
        return replace(new, application_id=None, arrival_by=None, postponements=0)
    return new


def derive(events: Iterable[Ev], setting: JournalSetting) -> CaseState:
    """The case's state from all its events (corrections applied); raises for an impossible log."""
    state = CaseState()
    for e in effective_events(events):
        state = apply(state, e, setting)
    return state


def status_on(events: Iterable[Ev], setting: JournalSetting, on: date) -> Status:
    """The case's status at the end of a day (events dated after it are ignored)."""
    state = CaseState()
    for e in effective_events(events):
        if e.on > on:
            break
        state = apply(state, e, setting)
    return state.status


def allowed_kinds(state: CaseState, setting: JournalSetting) -> frozenset[EventKind]:
    """The events the rules allow next (for forms that offer only the possible actions)."""
    out = set()
    for kind in TRANSITIONS.get(state.status, {}):
        try:
            check_transition(state, kind, setting)
        except InvalidTransition:
            continue
        out.add(kind)
    return frozenset(out)


@dataclass(frozen=True)
class AppState:
    """What the events say about one queue application."""

    status: AppStatus
    arrival_by: date | None = None
    postponements: int = 0
    changed_on: date | None = None
    reason: str = ""


_APP_STATUS = {K.APPLICATION: AppStatus.PENDING, K.OFFER: AppStatus.OFFERED, K.POSTPONEMENT: AppStatus.OFFERED,
               K.LAPSE: AppStatus.LAPSED, K.WITHDRAWAL: AppStatus.WITHDRAWN,
               K.APPLICATION_CLOSED: AppStatus.CLOSED, K.ADMISSION: AppStatus.ADMITTED,
               K.READMISSION: AppStatus.ADMITTED}


def application_states(events: Iterable[Ev]) -> dict[int, AppState]:
    """Each application's status, arrival date and postponements used, from the effective events."""
    states: dict[int, AppState] = {}
    for e in effective_events(events):
        if e.application_id is None or e.kind not in _APP_STATUS:
            continue
        before = states.get(e.application_id, AppState(AppStatus.PENDING))
        status = _APP_STATUS[e.kind]
        states[e.application_id] = AppState(
            status=status,
            arrival_by=e.arrival_by if status == AppStatus.OFFERED else None,
            postponements=before.postponements + (e.kind == K.POSTPONEMENT),
            changed_on=e.on,
            reason=e.reason if status in (AppStatus.WITHDRAWN, AppStatus.LAPSED, AppStatus.CLOSED) else "",
        )
    return states


@dataclass(frozen=True)
class Absence:
    """A temporary leave (stationary, temporary stay) or a suspension (semi-stationary, home care)."""

    start: Ev
    end: Ev | None = None


@dataclass(frozen=True)
class Stay:
    """One stay: from an arrival (admission, re-admission or transfer arrival) to an exit, if any."""

    start: Ev
    returned: bool
    absences: tuple[Absence, ...] = ()
    exit: Ev | None = None
    status: Status = Status.PLACED

    @property
    def active(self) -> bool:
        return self.exit is None


def stays(events: Iterable[Ev], setting: JournalSetting) -> list[Stay]:
    """The stays of a case, each with its absences and exit; a stay after an earlier exit is a
    return (seed 003: the «қайта оралды» mark in the date-of-arrival column)."""
    out: list[Stay] = []
    state = CaseState()
    for e in effective_events(events):
        state = apply(state, e, setting)
        if e.kind in ENTRY_KINDS:
            out.append(Stay(start=e, returned=any(s.exit is not None for s in out) or e.kind == K.READMISSION))
            continue
        if not out or out[-1].exit is not None:
            continue
        current = out[-1]
        if e.kind in (K.LEAVE, K.SUSPENSION):
            current = replace(current, absences=(*current.absences, Absence(e)))
        elif e.kind in (K.LEAVE_RETURN, K.RESUMPTION) and current.absences:
            current = replace(current, absences=(*current.absences[:-1], replace(current.absences[-1], end=e)))
        elif e.kind in EXIT_KINDS:
            current = replace(current, exit=e)
        out[-1] = replace(current, status=state.status)
    return out


def check_event_date(on: date, today: date, last_on: date | None, source: Source = S.JOURNAL_LOG) -> None:
    """A recorded fact is not dated in the future, nor before the case's last event."""
    if on > today:
        raise RuleRefusal("event_in_future", source, on=on.isoformat())
    if last_on is not None and on < last_on:
        raise RuleRefusal("event_before_last", source, last=last_on.isoformat())


ACT_REQUIRED: dict[EventKind, Source] = {
    K.ADMISSION: S.JOURNAL_FORM, K.READMISSION: S.JOURNAL_FORM, K.TRANSFER_ARRIVAL: S.JOURNAL_FORM,
    K.LEAVE: S.ORDER_OF_HEAD, K.TRANSFER_OUT: S.ORDER_OF_HEAD, K.DISCHARGE: S.ORDER_OF_HEAD,
    K.SUSPENSION: S.JOURNAL_HOME_CARE, K.RESUMPTION: S.HOME_CARE_SUSPENSION, K.TERMINATION: S.JOURNAL_HOME_CARE,
}
"""Events that need the number and date of an order (or, in home care, a decision): columns 9-13 of
the journal form and seed 002 Rule A p. 40 (discharge, leave and transfer on the head's order)."""

REASON_REQUIRED: dict[EventKind, Source] = {
    K.DISCHARGE: S.JOURNAL_STATIONARY, K.TERMINATION: S.JOURNAL_HOME_CARE, K.SUSPENSION: S.JOURNAL_HOME_CARE,
    K.LEAVE: S.JOURNAL_STATIONARY, K.APPLICATION_CLOSED: S.JOURNAL_LOG, K.CORRECTION: S.JOURNAL_LOG,
}
"""Events whose reason the journal shows (p. 11, 1): reason of discharge and of temporary leave;
p. 21, 1) and 26, 1): reasons of termination and suspension)."""


def check_record(kind: EventKind, *, order_number: str, order_date: date | None, reason: str,
                 on: date, today: date) -> None:
    """The parts of an event the journal must show are present: the order (decision) number and date
    where the form has a column for them, and the reason where the rules ask for one."""
    if kind in ACT_REQUIRED and (not order_number.strip() or order_date is None):
        raise RuleRefusal("order_required", ACT_REQUIRED[kind], kind=kind)
    if order_date is not None and order_date > today:
        raise RuleRefusal("order_in_future", S.JOURNAL_LOG, on=order_date.isoformat())
    if kind in REASON_REQUIRED and not reason.strip():
        raise RuleRefusal("reason_required", REASON_REQUIRED[kind], kind=kind)


def journal_setting(value: str) -> JournalSetting:
    """The journal setting for a provider setting; foster families keep no journal (seed 003)."""
    try:
        return JournalSetting(value)
    except ValueError:
        raise RuleRefusal("no_journal_for_setting", S.JOURNAL_FORM, setting=value) from None


def kinds_in(events: Sequence[Ev]) -> list[EventKind]:
    """The kinds of the effective events, in order (for tests and history pages)."""
    return [e.kind for e in effective_events(events)]
