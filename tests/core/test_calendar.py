"""Kazakhstan's working days: weekends, public holidays and transferred days (Labour Code, art. 84–85)."""

from datetime import date

import pytest

from qamqor.core.calendar import WorkCalendar, calendar_for, kazakhstan_calendar


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 1), False),   # New Year
        (date(2026, 1, 2), False),   # New Year, 2nd day
        (date(2026, 1, 5), True),    # Monday
        (date(2026, 3, 8), False),   # Women's Day (a Sunday)
        (date(2026, 3, 9), False),   # Women's Day moved to Monday
        (date(2026, 3, 20), True),   # Friday before Nauryz
        (date(2026, 3, 23), False),  # Nauryz
        (date(2026, 3, 25), False),  # Nauryz (observed)
        (date(2026, 3, 26), True),
        (date(2024, 5, 4), True),    # Saturday worked: the day off was moved to 8 May 2024
        (date(2024, 5, 8), False),   # the transferred day off
        (date(2025, 1, 5), True),    # Sunday worked: the day off was moved to 3 January 2025
        (date(2025, 1, 3), False),
        (date(2026, 11, 28), False),  # an ordinary Saturday
    ],
)
def test_kazakhstan_working_days(day: date, working: bool) -> None:
    assert kazakhstan_calendar(2024, 2027).is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 3, 19), 5, date(2026, 3, 31)),   # Thu; Nauryz 21–25 March and the weekend skipped
        (date(2025, 12, 29), 5, date(2026, 1, 8)),   # across New Year: 30, 31 Dec, 5, 6, 8 Jan (7 Jan is a holiday)
        (date(2024, 5, 2), 3, date(2024, 5, 6)),     # Thu +3: Fri 3, Sat 4 (worked), Mon 6
        (date(2026, 11, 25), 0, date(2026, 11, 25)),
    ],
)
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert calendar_for(start).add_working_days(start, days) == expected


def test_working_days_between_is_antisymmetric() -> None:
    cal = calendar_for(date(2026, 3, 1))
    assert cal.working_days_between(date(2026, 3, 19), date(2026, 3, 31)) == 5
    assert cal.working_days_between(date(2026, 3, 31), date(2026, 3, 19)) == -5


def test_plain_calendar_without_holidays() -> None:
    cal = WorkCalendar()
    assert cal.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 11, 27), -1)
