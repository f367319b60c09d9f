"""The individual work plan's rules without a database: deadlines on Kazakhstan's calendar, the life
cycle, lateness, quarters of monitoring, coverage of the standard (seed 002 App. 1 п. 17–19)."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.care.domain import plans
from qamqor.care.domain.plans import PlanAction, PlanStage, PlanStatus
from qamqor.core.calendar import WorkCalendar, calendar_for


@pytest.mark.parametrize(
    ("basis", "due_on", "fill_by"),
    [
        # an ordinary fortnight: Mon + 14 = Mon, then 5 working days
        (date(2026, 6, 1), date(2026, 6, 15), date(2026, 6, 22)),
        # across the year end: due on a Saturday, New Year (1–2 Jan) and Orthodox Christmas (7 Jan) skipped
        (date(2025, 12, 20), date(2026, 1, 3), date(2026, 1, 12)),
        # due on 31 December: the five working days run into January
        (date(2025, 12, 17), date(2025, 12, 31), date(2026, 1, 12)),
        # basis on 31 December: the due date is in the next year
        (date(2026, 12, 31), date(2027, 1, 14), date(2027, 1, 21)),
        # 3 January 2025 was a transferred day off and Sunday 5 January a working day
        (date(2024, 12, 20), date(2025, 1, 3), date(2025, 1, 10)),
        # New Year 2024 on a weekday; 7 January 2024 fell on a Sunday and was not moved
        (date(2023, 12, 20), date(2024, 1, 3), date(2024, 1, 10)),
        # due on Nauryz (Sunday 22 March 2026); 23–25 March are days off
        (date(2026, 3, 8), date(2026, 3, 22), date(2026, 4, 1)),
        # due the Thursday before Nauryz: the holidays fall inside the five working days
        (date(2026, 3, 5), date(2026, 3, 19), date(2026, 3, 31)),
        # due on Nauryz observed (Monday 24 March 2025)
        (date(2025, 3, 10), date(2025, 3, 24), date(2025, 4, 1)),
        # Saturday 4 May 2024 was worked (its day off moved to 8 May); 1, 7 and 9 May are holidays
        (date(2024, 4, 16), date(2024, 4, 30), date(2024, 5, 10)),
        # Independence Day, 16 December
        (date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 23)),
    ],
)
def test_plan_due_and_fill_by_on_kazakhstans_calendar(basis: date, due_on: date, fill_by: date) -> None:
    deadlines = plans.plan_deadlines(basis, calendar_for(basis))
    assert (deadlines.due_on, deadlines.fill_by) == (due_on, fill_by)


def test_deadline_parameters_change_the_dates() -> None:
    deadlines = plans.plan_deadlines(date(2026, 6, 1), WorkCalendar(), due_days=10, fill_working_days=2)
    assert deadlines.due_on == date(2026, 6, 11)
    assert deadlines.fill_by == date(2026, 6, 15)


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        (PlanStatus.DRAFT, PlanAction.FILL, PlanStatus.FILLED),
        (PlanStatus.FILLED, PlanAction.APPROVE, PlanStatus.APPROVED),
        (PlanStatus.FILLED, PlanAction.REOPEN, PlanStatus.DRAFT),
        (PlanStatus.FILLED, PlanAction.REOPEN_CORRECTION, PlanStatus.CORRECTING),
        (PlanStatus.APPROVED, PlanAction.CORRECT, PlanStatus.CORRECTING),
        (PlanStatus.CORRECTING, PlanAction.FILL, PlanStatus.FILLED),
        (PlanStatus.APPROVED, PlanAction.CLOSE, PlanStatus.CLOSED),
    ],
)
def test_transition_table(status: PlanStatus, action: PlanAction, expected: PlanStatus) -> None:
    assert plans.transition(status, action) is expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (PlanStatus.DRAFT, PlanAction.APPROVE),      # a plan is filled in before the head approves it
        (PlanStatus.APPROVED, PlanAction.APPROVE),
        (PlanStatus.APPROVED, PlanAction.FILL),
        (PlanStatus.CORRECTING, PlanAction.APPROVE),
        (PlanStatus.CLOSED, PlanAction.CORRECT),
        (PlanStatus.CLOSED, PlanAction.CLOSE),
        ("nonsense", PlanAction.FILL),
    ],
)
def test_transitions_not_in_the_table_are_refused(status: str, action: str) -> None:
    with pytest.raises(plans.InvalidTransition):
        plans.transition(status, action)


DEADLINES = plans.PlanDeadlines(basis=date(2026, 3, 5), due_on=date(2026, 3, 19), fill_by=date(2026, 3, 31))


@pytest.mark.parametrize(
    ("developed_on", "filled_on", "approved_on", "today", "stage", "deadline", "days_left", "late"),
    [
        (None, None, None, date(2026, 3, 10), PlanStage.DEVELOPMENT, date(2026, 3, 19), 9, False),
        (None, None, None, date(2026, 3, 19), PlanStage.DEVELOPMENT, date(2026, 3, 19), 0, False),
        # undeveloped after the 14 days: late, and the fill deadline is the one still open
        (None, None, None, date(2026, 3, 20), PlanStage.FILLING, date(2026, 3, 31), 11, True),
        (date(2026, 3, 18), date(2026, 3, 25), None, date(2026, 3, 26), PlanStage.APPROVAL, date(2026, 3, 31), 5,
         False),
        (date(2026, 3, 18), date(2026, 3, 25), None, date(2026, 4, 2), PlanStage.APPROVAL, date(2026, 3, 31), -2,
         True),
        (date(2026, 3, 18), date(2026, 3, 25), date(2026, 3, 31), date(2026, 6, 1), PlanStage.DONE, None, None,
         False),
        (date(2026, 3, 18), date(2026, 3, 25), date(2026, 4, 1), date(2026, 6, 1), PlanStage.DONE, None, None, True),
        # developed late but approved in time is still a late plan
        (date(2026, 3, 20), date(2026, 3, 25), date(2026, 3, 30), date(2026, 6, 1), PlanStage.DONE, None, None,
         True),
    ],
)
def test_plan_timing(developed_on, filled_on, approved_on, today, stage, deadline, days_left, late) -> None:
    timing = plans.plan_timing(DEADLINES, developed_on=developed_on, filled_on=filled_on, approved_on=approved_on,
                               today=today)
    assert (timing.stage, timing.deadline, timing.days_left, timing.late) == (stage, deadline, days_left, late)


def test_days_late_counts_calendar_days_past_the_deadline() -> None:
    timing = plans.plan_timing(DEADLINES, developed_on=None, filled_on=None, approved_on=None, today=date(2026, 4, 3))
    assert timing.days_late == 3


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 3, 5), 12, date(2027, 3, 4)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 February in 2025: the anniversary is 1 March
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_plan_period_is_one_year_inclusive(start: date, months: int, end: date) -> None:
    assert plans.plan_period_end(start, months) == end


def test_period_longer_than_a_year_is_not_within_validity() -> None:
    assert plans.period_within_validity(date(2026, 3, 5), date(2027, 3, 4))
    assert plans.period_within_validity(date(2026, 3, 5), date(2026, 9, 4))
    assert not plans.period_within_validity(date(2026, 3, 5), date(2027, 3, 5))
    assert not plans.period_within_validity(date(2026, 3, 5), date(2026, 3, 4))


def test_quarters_count_from_the_plans_start() -> None:
    quarters = plans.plan_quarters(date(2026, 3, 5), date(2027, 3, 4))
    assert [(q.start, q.end) for q in quarters] == [
        (date(2026, 3, 5), date(2026, 6, 4)),
        (date(2026, 6, 5), date(2026, 9, 4)),
        (date(2026, 9, 5), date(2026, 12, 4)),
        (date(2026, 12, 5), date(2027, 3, 4)),
    ]


def test_a_shorter_plan_has_a_shorter_last_quarter() -> None:
    quarters = plans.plan_quarters(date(2026, 1, 1), date(2026, 5, 15))
    assert [(q.number, q.end) for q in quarters] == [(1, date(2026, 3, 31)), (2, date(2026, 5, 15))]


@pytest.mark.parametrize(
    ("monitored", "today", "missed", "due"),
    [
        ((), date(2026, 5, 1), [], 1),                               # first quarter running, not yet monitored
        ((date(2026, 4, 2),), date(2026, 5, 1), [], None),           # monitored this quarter
        ((), date(2026, 6, 5), [1], 2),                              # quarter 1 ended without a record
        ((date(2026, 4, 2),), date(2026, 9, 5), [2], 3),
        ((date(2026, 4, 2), date(2026, 8, 1), date(2026, 11, 30), date(2027, 1, 10)), date(2027, 6, 1), [], None),
        ((date(2026, 4, 2), date(2026, 4, 3)), date(2026, 12, 5), [2, 3], 4),  # two in one quarter count once
    ],
)
def test_missed_quarters_are_flagged(monitored, today, missed, due) -> None:
    start, end = date(2026, 3, 5), date(2027, 3, 4)
    assert [q.number for q in plans.missed_quarters(start, end, monitored, today)] == missed
    current = plans.monitoring_due(start, end, monitored, today)
    assert (current.number if current else None) == due


def test_quarter_number_of_a_day() -> None:
    start, end = date(2026, 3, 5), date(2027, 3, 4)
    assert plans.quarter_number(start, end, date(2026, 6, 4)) == 1
    assert plans.quarter_number(start, end, date(2026, 6, 5)) == 2
    assert plans.quarter_number(start, end, date(2027, 3, 5)) is None


def test_coverage_per_service_type_in_the_standards_order() -> None:
    standard = [("household", "h1"), ("household", "h2"), ("medical", "m1"), ("legal", "l1"), ("legal", "l2")]
    result = plans.coverage(standard, {"h2", "l1", "l2", "other"})
    assert [(c.service_type, c.total, c.covered, c.missing) for c in result] == [
        ("household", 2, 1, ("h1",)), ("medical", 1, 0, ("m1",)), ("legal", 2, 2, ())]


@pytest.mark.parametrize(
    ("document", "paragraph", "standard"),
    [
        ("000", "п. 1, п. 2", "000"),
        ("001", "прил. 1, п. 3, пп. 1)", "001-app1"),
        ("001", "прил. 2, п. 3, пп. 2)", "001-app2"),
        ("001", "прил. 3, п. 3; п. 5, пп. 2)", "001-app3"),
        ("002", "прил. 1, пп. 1–2", None),      # the 2009 Standard (Order No. 26-ө) has no catalog here
        ("003", "п. 11, пп. 1)", None),
    ],
)
def test_the_standard_of_an_institution_type_follows_its_citation(document, paragraph, standard) -> None:
    assert plans.standard_for(document, paragraph) == standard


def test_items_of_another_standard_do_not_belong() -> None:
    assert plans.item_in_standard("000", "000")
    assert not plans.item_in_standard("001-app1", "000")
