"""The waiting queue of a provider's setting: when an application may be filed, its order, the offer of
a free place, postponement of arrival, the no-show, and the estimate of the wait.

Seed 003, Rules 379 p. 11, 1) (stationary), p. 21, 1) (semi-stationary), p. 26, 1) (home care); the
temporary-stay organisation (p. 35) keeps no queue.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from qamqor.core.domain import Source
from qamqor.journal.domain import sources as S
from qamqor.journal.domain.lifecycle import JournalSetting, RuleRefusal


@dataclass(frozen=True)
class Default:
    """A value the services use only when the dated parameter is not loaded at all."""

    code: str
    value: int
    source: Source


# The dated parameters of rules.Parameter (src/qamqor/rules/data/parameters.json), with the value the
# regulation gives, used only if the parameter rows are missing.
POSTPONEMENT_DAYS_STATIONARY = Default("postponement_days_stationary", 30, S.POSTPONEMENT_STATIONARY)
POSTPONEMENT_DAYS_SEMI_STATIONARY = Default("postponement_days_semi_stationary", 10, S.POSTPONEMENT_SEMI_STATIONARY)
POSTPONEMENT_MAX_COUNT = Default("postponement_max_count", 1, S.POSTPONEMENT_STATIONARY)
# The regulation says "within the set time limit" without a length: a Qamqor default.
OFFER_ARRIVAL_DAYS = Default("offer_arrival_days", 10, S.ARRIVAL_DEADLINE_DEFAULT)
WAIT_ESTIMATE_WINDOW_DAYS = Default("wait_estimate_window_days", 365, S.WAIT_ESTIMATE_METHOD)

QUEUE_SOURCE: dict[JournalSetting, Source] = {
    JournalSetting.STATIONARY: S.QUEUE_STATIONARY,
    JournalSetting.SEMI_STATIONARY: S.QUEUE_SEMI_STATIONARY,
    JournalSetting.HOME_CARE: S.QUEUE_HOME_CARE,
}
POSTPONEMENT: dict[JournalSetting, tuple[Default, Source]] = {
    JournalSetting.STATIONARY: (POSTPONEMENT_DAYS_STATIONARY, S.POSTPONEMENT_STATIONARY),
    JournalSetting.SEMI_STATIONARY: (POSTPONEMENT_DAYS_SEMI_STATIONARY, S.POSTPONEMENT_SEMI_STATIONARY),
}
NO_SHOW: dict[JournalSetting, Source] = {
    JournalSetting.STATIONARY: S.NO_SHOW_STATIONARY,
    JournalSetting.SEMI_STATIONARY: S.NO_SHOW_SEMI_STATIONARY,
    JournalSetting.HOME_CARE: S.NO_SHOW_CLOSES_DEFAULT,
}


class Channel(StrEnum):
    PORTAL = "portal"
    PAPER = "paper"


class OutOfTurnReason(StrEnum):
    """The only priority the rules give (seed 003, p. 11, 1)): orphans and children left without
    parental care who turned 18 while living in a stationary organisation."""

    ORPHAN_AGED_OUT = "orphan_aged_out"


class PostponementGround(StrEnum):
    """Illness or hospitalisation (seed 003, p. 11, 1) and p. 21, 1))."""

    ILLNESS = "illness"
    HOSPITALISATION = "hospitalisation"


def queue_source(setting: JournalSetting) -> Source:
    """The paragraph that gives this setting a queue; refused for temporary stay, which has none."""
    try:
        return QUEUE_SOURCE[setting]
    except KeyError:
        raise RuleRefusal("no_queue_in_setting", S.JOURNAL_TEMPORARY_STAY, setting=setting) from None


@dataclass(frozen=True)
class QueueEntry:
    """A pending application as the ordering sees it."""

    application_id: int
    received_at: datetime
    out_of_turn: bool = False
    tiebreak: int | None = None
    offered: bool = False
    ipr_valid_until: date | None = None

    @property
    def key(self) -> tuple[bool, datetime, int, int]:
        """Out of turn first; then the time of receipt to the second; equal seconds by the number of
        the first application of a re-registration chain, then by application number (A-25)."""
        tie = self.tiebreak if self.tiebreak is not None else self.application_id
        return (not self.out_of_turn, self.received_at.replace(microsecond=0), tie, self.application_id)


def queue_order(entries: Iterable[QueueEntry]) -> list[QueueEntry]:
    """The queue in order (seed 003: order of receipt; out-of-turn applicants first)."""
    return sorted(entries, key=lambda e: e.key)


@dataclass(frozen=True)
class Position:
    position: int
    ahead: int
    total: int


def position_of(entries: Iterable[QueueEntry], application_id: int) -> Position | None:
    """The application's 1-based place in the queue and how many are ahead; None if it is not queued."""
    ordered = queue_order(entries)
    for index, entry in enumerate(ordered):
        if entry.application_id == application_id:
            return Position(position=index + 1, ahead=index, total=len(ordered))
    return None


def awaiting_recertification(entry: QueueEntry, on: date) -> bool:
    """The person's individual rehabilitation programme has expired: the application keeps its place
    but no place is offered until re-certification (seed 003, p. 11, 1) paragraph 7)."""
    return entry.ipr_valid_until is not None and entry.ipr_valid_until < on


def next_for_offer(entries: Iterable[QueueEntry], on: date) -> QueueEntry | None:
    """The first application in order that holds no offer and is not awaiting re-certification."""
    for entry in queue_order(entries):
        if not entry.offered and not awaiting_recertification(entry, on):
            return entry
    return None


def free_places(capacity: int, occupied: int, offered: int) -> int:
    """Places neither taken by a present recipient (also one on leave or suspended) nor held by an
    outstanding offer."""
    return max(0, capacity - occupied - offered)


def check_application_needed(setting: JournalSetting, free: int, waiting: int) -> None:
    """An application goes into the queue only when there is no free place for it (seed 003: "if
    there are no vacant places"); with more free places than people waiting, admit directly."""
    source = queue_source(setting)
    if free > waiting:
        raise RuleRefusal("place_free", source, free=free)


def check_direct_admission(setting: JournalSetting, free: int, waiting: int) -> None:
    """Admission without an offer needs a free place that no one in the queue is waiting for: a
    place that frees is offered to the first in order (seed 003: "processes the next recipient")."""
    if free <= 0:
        raise RuleRefusal("no_free_place", S.JOURNAL_FORM)
    if setting in QUEUE_SOURCE and free <= waiting:
        raise RuleRefusal("queue_first", QUEUE_SOURCE[setting], waiting=waiting)


def check_out_of_turn(setting: JournalSetting, age: int, serves_adults: bool, basis: str) -> None:
    """Out-of-turn admission is for a person aged 18 or over (an orphan or child without parental care
    who lived in a stationary organisation: ``basis`` names the document), applying to a stationary
    organisation for the elderly, persons with disabilities and/or persons over 18."""
    if setting != JournalSetting.STATIONARY:
        raise RuleRefusal("out_of_turn_setting", S.OUT_OF_TURN)
    if age < 18:
        raise RuleRefusal("out_of_turn_age", S.OUT_OF_TURN, age=age)
    if not serves_adults:
        raise RuleRefusal("out_of_turn_provider", S.OUT_OF_TURN)
    if not basis.strip():
        raise RuleRefusal("out_of_turn_basis", S.OUT_OF_TURN)


def check_signer(*, is_self: bool, needs_representative: bool, is_representative: bool, source: Source) -> None:
    """An application or notice is signed by the recipient, or by the legal representative of a minor
    or a person without legal capacity; nobody else signs for the recipient."""
    if is_self and needs_representative:
        raise RuleRefusal("representative_required", source)
    if not is_self and not is_representative:
        raise RuleRefusal("signer_not_representative", source)


def check_recertification(*, earlier_pending: bool, same_case: bool, ipr_valid_until: date | None,
                          today: date) -> None:
    """A re-registration keeps the earlier place only for the same person, provider and setting, from
    an application still in the queue, after re-certification (a valid programme today)."""
    if not same_case or not earlier_pending:
        raise RuleRefusal("recertification_other", S.RECERTIFICATION)
    if ipr_valid_until is None or ipr_valid_until < today:
        raise RuleRefusal("recertification_ipr", S.RECERTIFICATION)


def offer_arrival_by(offered_on: date, days: int) -> date:
    """The arrival date of an offer: ``days`` calendar days after the offer (A-19 default)."""
    return offered_on + timedelta(days=days)


def check_offer_arrival(offered_on: date, arrival_by: date) -> None:
    """An offer's arrival date is not before the day of the offer."""
    if arrival_by < offered_on:
        raise RuleRefusal("arrival_before_offer", S.ARRIVAL_DEADLINE_DEFAULT)


def postponement_rule(setting: JournalSetting) -> tuple[Default, Source]:
    """The postponement parameter and source for a setting; home care and temporary stay have none."""
    try:
        return POSTPONEMENT[setting]
    except KeyError:
        raise RuleRefusal("postponement_setting", S.JOURNAL_HOME_CARE if setting == JournalSetting.HOME_CARE
                          else S.JOURNAL_TEMPORARY_STAY, setting=setting) from None


def check_postponement(setting: JournalSetting, *, arrival_by: date, new_arrival_by: date, used: int,
                       ground: str, notice_number: str, notice_date: date | None, today: date,
                       max_days: int, max_count: int) -> None:
    """Arrival may be postponed once (``max_count``), for illness or hospitalisation, by up to
    ``max_days`` calendar days counted from the set arrival date (30 stationary, 10 semi-stationary),
    on a signed notice received no later than the arrival date."""
    _, source = postponement_rule(setting)
    if used >= max_count:
        raise RuleRefusal("postponement_twice", source, count=max_count)
    if ground not in set(PostponementGround):
        raise RuleRefusal("postponement_ground", source)
    if not notice_number.strip() or notice_date is None:
        raise RuleRefusal("postponement_notice", source)
    if notice_date > today:
        raise RuleRefusal("order_in_future", source, on=notice_date.isoformat())
    if notice_date > arrival_by:
        raise RuleRefusal("postponement_late", source, arrival_by=arrival_by.isoformat())
    if new_arrival_by <= arrival_by:
        raise RuleRefusal("postponement_not_later", source, arrival_by=arrival_by.isoformat())
    if (new_arrival_by - arrival_by).days > max_days:
        raise RuleRefusal("postponement_too_long", source, days=max_days,
                          latest=(arrival_by + timedelta(days=max_days)).isoformat())


def lapse_due(arrival_by: date, today: date) -> bool:
    """The offer lapses (no-show) once its arrival date has passed without an arrival."""
    return today > arrival_by


@dataclass(frozen=True)
class WaitEstimate:
    """An estimate of the wait, with what it rests on (the method is stated to the applicant)."""

    days: int | None
    position: int
    freed: int
    window_days: int

    @property
    def days_per_place(self) -> float | None:
        return self.window_days / self.freed if self.freed else None


def wait_estimate(position: int, freed: int, window_days: int) -> WaitEstimate:
    """Method: places freed at this provider in this setting over the last ``window_days`` days (exits,
    transfers out, terminations) give a rate; the wait is position × window_days / freed, rounded up.
    With no place freed in the window there is no estimate."""
    if freed <= 0 or position <= 0:
        return WaitEstimate(days=None, position=position, freed=max(freed, 0), window_days=window_days)
    return WaitEstimate(days=math.ceil(position * window_days / freed), position=position, freed=freed,
                        window_days=window_days)


def queue_positions(entries: Sequence[QueueEntry]) -> dict[int, int]:
    """Every queued application's 1-based position."""
    return {e.application_id: i + 1 for i, e in enumerate(queue_order(entries))}
