"""Which catalog rows apply on a date.

Most seeds are repealed (seed 002 from 2011, seeds 000, 001 and 003 in 2023) and no successor act is
loaded yet. The rows in force on the date apply; where none is — a repealed rule with no successor
in the data — the last rows that were in force continue to apply until a new regulation is loaded
as data, and the caller is told so (``continued``). This mirrors the dated parameters, whose
Qamqor defaults continue a repealed norm "until replaced by the norm of the act in force"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")
Period = tuple[date | None, date | None]


@dataclass(frozen=True)
class Applicable(Generic[T]):
    rows: list[T]
    continued: bool


def in_force(period: Period, on: date) -> bool:
    start, end = period
    return (start is None or start <= on) and (end is None or on <= end)


def applicable_rows(rows: Sequence[T], on: date, period: Callable[[T], Period]) -> Applicable[T]:
    """The rows in force on ``on``; if none, the rows of the latest period that has ended (continued)."""
    current = [r for r in rows if in_force(period(r), on)]
    if current or not rows:
        return Applicable(current, False)
    ended = [r for r in rows if period(r)[1] is not None and period(r)[1] < on]  # type: ignore[operator]
    if not ended:
        return Applicable([], False)
    last_end = max(period(r)[1] for r in ended)  # type: ignore[type-var]
    return Applicable([r for r in ended if period(r)[1] == last_end], True)
