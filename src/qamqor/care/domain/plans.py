"""The individual work plan (жеке жұмыс жоспары): deadlines, life cycle, quarterly monitoring, coverage.

Seed 002 (Order No. 240-ө of 2009, repealed by Order No. 394-ө from 2011; kept as the specification)
gives the same rule in its three model rules: the plan is developed within 14 calendar days of the
child's arrival (registration for home care) or of the expiry of the previous plan, filled in within
the next 5 working days and approved by the head (Appendix 1 п. 18, Appendix 2 п. 18, Appendix 3
п. 18); it is written for one year (Appendix 1 п. 17; "not more than one year" in Appendices 2 and 3);
needs and development are reviewed at least once a quarter and the results entered in the journal
(Appendix 1 п. 19, Appendix 2 п. 19, Appendix 3 п. 19).

The numbers are dated parameters (``plan_due_days``, ``plan_fill_working_days``,
``plan_validity_months``); the constants below are their defaults with the source they come from."""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from qamqor.core.calendar import WorkCalendar
from qamqor.core.domain import Source

PLAN_DEADLINES = Source("002", "Appendix 1, п. 18; Appendix 2, п. 18; Appendix 3, п. 18")
PLAN_VALIDITY = Source("002", "Appendix 1, п. 17; Appendix 2, п. 17; Appendix 3, п. 17")
PLAN_APPROVAL = Source("002", "Appendix 1, п. 18 (approved by the head of the organisation)")
PLAN_MONITORING = Source("002", "Appendix 1, п. 19; Appendix 2, п. 19; Appendix 3, п. 19")
PLAN_CORRECTION = Source("002", "Appendix 1, п. 23; Appendix 3, п. 22 (specialists correct the plan)")
PLAN_STANDARD = Source("002", "Appendix 1, п. 26; Appendix 3, п. 24 (services follow the Standard)")
PLAN_ACKNOWLEDGEMENT = Source("002", "Appendix 3 to Appendix 1; Appendix 6 to Appendix 2; Appendix 2 to Appendix 3")

DUE_DAYS = 14
FILL_WORKING_DAYS = 5
VALIDITY_MONTHS = 12
QUARTER_MONTHS = 3


class PlanStatus(StrEnum):
    DRAFT = "draft"
    FILLED = "filled"
    APPROVED = "approved"
    CORRECTING = "correcting"
    CLOSED = "closed"


class PlanAction(StrEnum):
    FILL = "fill"
    REOPEN = "reopen"
    REOPEN_CORRECTION = "reopen_correction"
    APPROVE = "approve"
    CORRECT = "correct"
    CLOSE = "close"


# (status, action) -> new status. A plan is written (draft), filled in and approved; an approved plan
# is corrected in a new version (its approved version stays readable) and approved again.
TRANSITIONS: Mapping[tuple[PlanStatus, PlanAction], PlanStatus] = {
    (PlanStatus.DRAFT, PlanAction.FILL): PlanStatus.FILLED,
    (PlanStatus.FILLED, PlanAction.REOPEN): PlanStatus.DRAFT,
    (PlanStatus.FILLED, PlanAction.REOPEN_CORRECTION): PlanStatus.CORRECTING,
    (PlanStatus.FILLED, PlanAction.APPROVE): PlanStatus.APPROVED,
    (PlanStatus.APPROVED, PlanAction.CORRECT): PlanStatus.CORRECTING,
    (PlanStatus.CORRECTING, PlanAction.FILL): PlanStatus.FILLED,
    (PlanStatus.DRAFT, PlanAction.CLOSE): PlanStatus.CLOSED,
    (PlanStatus.FILLED, PlanAction.CLOSE): PlanStatus.CLOSED,
    (PlanStatus.APPROVED, PlanAction.CLOSE): PlanStatus.CLOSED,
    (PlanStatus.CORRECTING, PlanAction.CLOSE): PlanStatus.CLOSED,
}

EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.CORRECTING})
# Monitoring is of an approved plan's execution; during a correction the approved version is in force.
MONITORED = frozenset({PlanStatus.APPROVED, PlanStatus.CORRECTING})


class InvalidTransition(ValueError):
    """The plan's status does not allow the action."""

    def __init__(self, status: str, action: str) -> None:
        super().__init__(f"{action} is not allowed from {status}")
        self.status = status
        self.action = action


def transition(status: str, action: str) -> PlanStatus:
    """The status after ``action``; InvalidTransition when the table has no such move."""
    try:
        return TRANSITIONS[(PlanStatus(status), PlanAction(action))]
    except (KeyError, ValueError):
        raise InvalidTransition(status, action) from None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the last day of the month when that month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def anniversary(day: date, months: int) -> date:
    """The day ``months`` later, rolling to the 1st of the next month when that month has no such day
    (29 February + 12 months = 1 March): a period "from ``day``" for ``months`` months ends the day before."""
    later = add_months(day, months)
    return later + timedelta(days=1) if later.day < day.day else later


@dataclass(frozen=True)
class PlanDeadlines:
    """When the plan is due: developed by ``due_on``, filled in and approved by ``fill_by``."""

    basis: date
    due_on: date
    fill_by: date


def plan_deadlines(basis: date, work_calendar: WorkCalendar, *, due_days: int = DUE_DAYS,
                   fill_working_days: int = FILL_WORKING_DAYS) -> PlanDeadlines:
    """Due = arrival (or the previous plan's expiry) + 14 calendar days; filled in within the *next*
    5 working days of Kazakhstan's calendar (002 App. 1 п. 18 says «келесі»: the days follow the 14)."""
    due_on = basis + timedelta(days=due_days)
    return PlanDeadlines(basis=basis, due_on=due_on, fill_by=work_calendar.add_working_days(due_on, fill_working_days))


class PlanStage(StrEnum):
    DEVELOPMENT = "development"
    FILLING = "filling"
    APPROVAL = "approval"
    DONE = "done"


@dataclass(frozen=True)
class PlanTiming:
    """Where a plan stands against its deadlines on a day.

    ``deadline`` is the next deadline still open (None once approved); ``days_left`` counts calendar
    days to it (negative when passed); ``late`` is True when either deadline was or is being missed."""

    stage: PlanStage
    deadline: date | None
    days_left: int | None
    development_late: bool
    completion_late: bool

    @property
    def late(self) -> bool:
        return self.development_late or self.completion_late

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def plan_timing(deadlines: PlanDeadlines, *, developed_on: date | None, filled_on: date | None,
                approved_on: date | None, today: date) -> PlanTiming:
    """Development is late when the plan was developed after ``due_on`` (or is still undeveloped after
    it); completion is late when the plan was approved after ``fill_by`` (or is still unapproved after
    it). The seed names no separate approval deadline, so approval closes the 5-working-day window."""
    development_late = (developed_on or today) > deadlines.due_on
    completion_late = (approved_on or today) > deadlines.fill_by
    if approved_on is not None:
        return PlanTiming(PlanStage.DONE, None, None, development_late, completion_late)
    if developed_on is None and today <= deadlines.due_on:
        stage, deadline = PlanStage.DEVELOPMENT, deadlines.due_on
    elif filled_on is None:
        stage, deadline = PlanStage.FILLING, deadlines.fill_by
    else:
        stage, deadline = PlanStage.APPROVAL, deadlines.fill_by
    return PlanTiming(stage, deadline, (deadline - today).days, development_late, completion_late)


def plan_period_end(start: date, months: int = VALIDITY_MONTHS) -> date:
    """The last day of a plan written "from … to … inclusive" for ``months`` months."""
    return anniversary(start, months) - timedelta(days=1)


def period_within_validity(start: date, end: date, months: int = VALIDITY_MONTHS) -> bool:
    """A plan's period runs forward and lasts not more than ``months`` months (one year)."""
    return start <= end <= plan_period_end(start, months)


# --- quarterly monitoring ------------------------------------------------------------------------

@dataclass(frozen=True)
class Quarter:
    """One quarter of a plan's year: the monitoring must fall inside it."""

    number: int
    start: date
    end: date


def plan_quarters(start: date, end: date, months: int = QUARTER_MONTHS) -> list[Quarter]:
    """The plan's period cut into quarters of 3 months counted from its start (the last one shorter
    if the period is); the seed says "at least once a quarter" without naming calendar quarters, and
    counting from the plan's start gives every quarter its full three months."""
    quarters: list[Quarter] = []
    number, q_start = 1, start
    while q_start <= end:
        q_end = min(anniversary(start, months * number) - timedelta(days=1), end)
        quarters.append(Quarter(number, q_start, q_end))
        number, q_start = number + 1, q_end + timedelta(days=1)
    return quarters


@dataclass(frozen=True)
class QuarterState:
    quarter: Quarter
    monitored_on: tuple[date, ...]
    missed: bool
    current: bool


def quarter_states(start: date, end: date, monitoring_dates: Iterable[date], today: date, *,
                   months: int = QUARTER_MONTHS) -> list[QuarterState]:
    """Each quarter of the plan with its monitoring dates; a quarter that has ended with none is missed."""
    dates = sorted(monitoring_dates)
    result = []
    for quarter in plan_quarters(start, end, months):
        inside = tuple(d for d in dates if quarter.start <= d <= quarter.end)
        result.append(QuarterState(quarter, inside, missed=not inside and quarter.end < today,
                                   current=quarter.start <= today <= quarter.end))
    return result


def missed_quarters(start: date, end: date, monitoring_dates: Iterable[date], today: date, *,
                    months: int = QUARTER_MONTHS) -> list[Quarter]:
    """The quarters of the plan that ended without a monitoring record."""
    return [s.quarter for s in quarter_states(start, end, monitoring_dates, today, months=months) if s.missed]


def monitoring_due(start: date, end: date, monitoring_dates: Iterable[date], today: date, *,
                   months: int = QUARTER_MONTHS) -> Quarter | None:
    """The current quarter when it still has no monitoring record (so it is due by its end)."""
    for state in quarter_states(start, end, monitoring_dates, today, months=months):
        if state.current and not state.monitored_on:
            return state.quarter
    return None


def quarter_number(start: date, end: date, day: date, months: int = QUARTER_MONTHS) -> int | None:
    """The number of the plan's quarter that contains ``day`` (None outside the period)."""
    return next((q.number for q in plan_quarters(start, end, months) if q.start <= day <= q.end), None)


# --- coverage of the standard --------------------------------------------------------------------

@dataclass(frozen=True)
class TypeCoverage:
    """How many items of one service type of the standard the plan covers, and which it does not."""

    service_type: str
    total: int
    covered: int
    missing: tuple[str, ...]


def coverage(standard_items: Sequence[tuple[str, str]], chosen: Iterable[str]) -> list[TypeCoverage]:
    """Per service type (in the standard's order): items of the standard and those the plan has.

    ``standard_items`` are (service type code, item code) pairs of the applicable standard."""
    picked = set(chosen)
    order: list[str] = []
    by_type: dict[str, list[str]] = {}
    for type_code, item_code in standard_items:
        if type_code not in by_type:
            order.append(type_code)
            by_type[type_code] = []
        by_type[type_code].append(item_code)
    return [TypeCoverage(t, len(by_type[t]), sum(1 for i in by_type[t] if i in picked),
                         tuple(i for i in by_type[t] if i not in picked)) for t in order]


def item_in_standard(item_standard: str, plan_standard: str) -> bool:
    """A plan item is a service item of the plan's own standard, never of another."""
    return item_standard == plan_standard


_APPENDIX = re.compile(r"(?:прил\.|Appendix|App\.)\s*(\d+)")


def standard_for(source_document: str, source_paragraph: str) -> str | None:
    """The standard (as the service catalog names it) that applies to an institution type, read from
    the type's own citation: seed 000 is its own standard; seed 001 has one per appendix ("001-app1"
    education organisations, "001-app2" centres, "001-app3" families). Seed 002 and 003 types refer
    to the Standard of Order No. 26-ө of 2009, which is not in the catalog: None."""
    if source_document == "000":
        return "000"
    if source_document == "001":
        match = _APPENDIX.search(source_paragraph or "")
        return f"001-app{match.group(1)}" if match else None
    return None
