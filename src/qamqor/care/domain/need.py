"""Need for special social services and the decision on the guaranteed volume: were the deadlines kept?

The local executive body assesses the need on an application and decides on the guaranteed volume of
special social services (seed 002, Appendix 2 п. 16: the decision rests on the social worker's
conclusion on assessing and determining the need). Risk criteria 1 and 2 of seed 004 (Appendix 1)
ask whether "the deadlines for assessing and determining the need" and "for issuing the decision on
the guaranteed volume" were kept — **but none of the seeds sets these deadlines** (seed 002 §5
ambiguity 22). Qamqor therefore reads them from dated parameters whose values are its own stated
defaults (``Source("QAMQOR", ...)``), shown as such wherever a deadline is shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from qamqor.core.calendar import WorkCalendar
from qamqor.core.domain import Source

NEED_DECISION = Source("002", "Appendix 2, п. 16 (decision of the local executive body on the assessment)")
RISK_CRITERIA = Source("004", "Appendix 1, criteria 1 and 2")
DEADLINES_SILENT = Source("QAMQOR", "the seeds set no deadline for the assessment of need or for the decision")


class Funding(StrEnum):
    """How a service is paid for: the guaranteed volume from the budget, paid services beyond it, or
    paid services in a volume agreed by contract between a private provider and the parent or
    representative (seed 002 Appendix 1 п. 25, Appendix 3 п. 23; Appendix 1 п. 7 and 16)."""

    GUARANTEED = "guaranteed"
    PAID_BEYOND = "paid_beyond"
    CONTRACT = "contract"


PAID = frozenset({Funding.PAID_BEYOND, Funding.CONTRACT})
FUNDING = Source("002", "Appendix 1, п. 7, 16, 25; Appendix 3, п. 7, 23, 38–41")


class DayCount(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


@dataclass(frozen=True)
class Deadline:
    """A deadline rule: ``days`` calendar or working days after a starting date."""

    days: int
    count: DayCount
    source: Source

    def due(self, start: date, work_calendar: WorkCalendar) -> date:
        if self.count is DayCount.WORKING:
            return work_calendar.add_working_days(start, self.days)
        return start + timedelta(days=self.days)


# Defaults where the regulation is silent (dated parameters override them).
ASSESSMENT_DEADLINE = Deadline(10, DayCount.WORKING, DEADLINES_SILENT)
DECISION_DEADLINE = Deadline(10, DayCount.WORKING, DEADLINES_SILENT)


def kept(done_on: date | None, due_on: date | None, today: date) -> bool | None:
    """True when done by the due date, False when done late or still undone after it, None while open."""
    if due_on is None:
        return None
    if done_on is not None:
        return done_on <= due_on
    return False if today > due_on else None


@dataclass(frozen=True)
class NeedTiming:
    """The two deadlines of one application and whether each was kept (None: not yet due)."""

    assessment_due: date
    assessment_kept: bool | None
    decision_due: date | None
    decision_kept: bool | None


def need_timing(*, application_date: date, assessment_date: date | None, decision_date: date | None,
                assessment: Deadline, decision: Deadline, work_calendar: WorkCalendar, today: date) -> NeedTiming:
    """The assessment is due ``assessment`` days after the application; the decision ``decision`` days
    after the assessment (no decision deadline runs before the need is assessed)."""
    assessment_due = assessment.due(application_date, work_calendar)
    decision_due = decision.due(assessment_date, work_calendar) if assessment_date else None
    return NeedTiming(assessment_due, kept(assessment_date, assessment_due, today),
                      decision_due, kept(decision_date, decision_due, today))


def dates_in_order(application_date: date, assessment_date: date | None, decision_date: date | None) -> bool:
    """Application, then assessment, then decision: never the other way round."""
    if assessment_date is not None and assessment_date < application_date:
        return False
    if decision_date is not None:
        if assessment_date is None or decision_date < assessment_date:
            return False
    return True
