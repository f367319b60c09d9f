"""Kazakhstan's working-day calendar: weekends, public holidays and transferred days off.

Source: Labour Code of RK, art. 84–85 (public holidays, days off), and the Government's yearly
decrees on transferring days off. The public holidays and the transfers come from the
``holidays`` package (country KZ), which records a transferred day off as "Day off (substituted
from MM/DD/YYYY)" (in its en_US names): the date named there is a weekend day that became a working day.
The counting functions are pure: they take the calendar as an argument."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

_SUBSTITUTED = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


@dataclass(frozen=True)
class WorkCalendar:
    """Days off that are not weekends (holidays, transferred days) and weekend days worked."""

    days_off: frozenset[date] = field(default_factory=frozenset)
    working_weekend_days: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekend_days:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
        if days < 0:
            raise ValueError("days must be >= 0")
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=n)))


@lru_cache(maxsize=64)
def kazakhstan_calendar(first_year: int, last_year: int) -> WorkCalendar:
    """The calendar of Kazakhstan for the years given (inclusive)."""
    years = range(first_year, last_year + 1)
    entries = holidays.country_holidays("KZ", years=years, language="en_US")
    days_off = frozenset(entries.keys())
    worked: set[date] = set()
    for name in entries.values():
        for part in str(name).split(";"):
            match = _SUBSTITUTED.search(part)
            if match:
                worked.add(datetime.strptime("/".join(match.groups()), "%m/%d/%Y").date())
    return WorkCalendar(days_off=days_off, working_weekend_days=frozenset(worked))


def calendar_for(*days: date) -> WorkCalendar:
    """The Kazakhstan calendar covering the given dates, with a year of margin after the last."""
    return kazakhstan_calendar(min(d.year for d in days), max(d.year for d in days) + 1)
