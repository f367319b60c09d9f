"""Complaint criteria (seed 004, App. 1 rows 85–90): "two or more complaints" on a topic.

The seed does not say over which period; Qamqor counts the confirmed complaints *received* within a
window ending on the assessment date (dated parameter ``complaint_window_months``, a default) and the
threshold itself is ``complaint_threshold_count`` (2, from the seed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from qamqor.care.domain.plans import add_months

COMPLAINT_CRITERIA = frozenset(range(85, 91))


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    number: str
    topic: int
    received_on: date
    confirmed: bool


def window_start(as_of: date, months: int) -> date:
    """The first day counted: the window is (as_of − months, as_of], i.e. ``months`` months ending on as_of."""
    return add_months(as_of, -months) + timedelta(days=1)


def topics_over_threshold(complaints: Iterable[ComplaintRow], *, as_of: date, window_months: int,
                          threshold: int) -> dict[int, list[ComplaintRow]]:
    """Topic criterion → the confirmed complaints in the window, for topics with at least ``threshold``."""
    start = window_start(as_of, window_months)
    by_topic: dict[int, list[ComplaintRow]] = defaultdict(list)
    for c in complaints:
        if c.confirmed and start <= c.received_on <= as_of:
            by_topic[c.topic].append(c)
    return {topic: sorted(rows, key=lambda r: (r.received_on, r.number))
            for topic, rows in sorted(by_topic.items()) if len(rows) >= threshold}
