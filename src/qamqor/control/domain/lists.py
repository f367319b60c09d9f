"""Semi-annual lists of preventive control with a visit (Entrepreneurial Code art. 141 p. 4, art. 144-2).

* Only subjects at high or medium risk are visited; low-risk subjects are not (art. 141 p. 4).
* The list is ordered by the risk-degree indicator, highest first ("priority to the highest indicator").
* A subject gets at most ``visits_per_half_year`` visits in the half-year (Qamqor default 1: the Code
  allows at most two a year).
* The list for the first half-year is published by 25 December of the previous year, the list for the
  second by 25 May (art. 144-2 p. 4); each subject is notified at least 30 calendar days before the visit.
* Planned visit dates are spread over the working weeks of the half-year in the list's order, never
  earlier than the notice period allows after the list is formed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from qamqor.control.domain.choices import Degree

VISITED = (Degree.HIGH.value, Degree.MEDIUM.value)


@dataclass(frozen=True)
class Period:
    year: int
    half: int
    start: date
    end: date
    publish_by: date


def period_of(year: int, half: int, publish_dates: dict[str, str] | None = None) -> Period:
    """The half-year and the date by which its list is published (25 Dec of the previous year / 25 May)."""
    if half not in (1, 2):
        raise ValueError("half must be 1 or 2")
    dates = publish_dates or {"1": "12-25", "2": "05-25"}
    month, day = (int(x) for x in dates[str(half)].split("-"))
    if half == 1:
        return Period(year, 1, date(year, 1, 1), date(year, 6, 30), date(year - 1, month, day))
    return Period(year, 2, date(year, 7, 1), date(year, 12, 31), date(year, month, day))


@dataclass(frozen=True)
class Candidate:
    subject_id: int
    name: str
    score: Decimal
    degree: str
    score_id: int | None = None


@dataclass(frozen=True)
class PlannedVisit:
    order: int
    subject_id: int
    score: Decimal
    degree: str
    visit_no: int
    planned_visit_on: date
    notice_by: date
    score_id: int | None = None


def _working_days(start: date, end: date) -> list[date]:
    days = []
    current = start
    while current <= end:
        if current.weekday() < 5:
            days.append(current)
        current += timedelta(days=1)
    return days


def form_list(candidates: Iterable[Candidate], period: Period, *, formed_on: date, visits_per_subject: int = 1,
              notice_days: int = 30, visit_days: Sequence[date] | None = None) -> list[PlannedVisit]:
    """The planned visits of the half-year: high and medium subjects by score (highest first, then by
    name), each at most ``visits_per_subject`` times, dated over the period's working days."""
    chosen = sorted((c for c in candidates if c.degree in VISITED), key=lambda c: (-c.score, c.name, c.subject_id))
    earliest = max(period.start, formed_on + timedelta(days=notice_days))
    days = list(visit_days) if visit_days is not None else _working_days(earliest, period.end)
    if not days:
        days = [period.end]
    slots = [(visit_no, c) for visit_no in range(1, max(visits_per_subject, 0) + 1) for c in chosen]
    planned = []
    for order, (visit_no, c) in enumerate(slots, start=1):
        # Spread the visits evenly over the available days, in the list's order.
        day = days[min(len(days) - 1, (order - 1) * len(days) // max(len(slots), 1))]
        planned.append(PlannedVisit(order=order, subject_id=c.subject_id, score=c.score, degree=c.degree,
                                    visit_no=visit_no, planned_visit_on=day,
                                    notice_by=day - timedelta(days=notice_days), score_id=c.score_id))
    return planned
