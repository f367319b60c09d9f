"""The pure rules of dated values: which version applies on a date, which periods overlap."""

from datetime import date

import pytest

from qamqor.rules.domain import NoParameterValue, ParameterVersion, overlapping, version_on

V1 = ParameterVersion("p", 30, date(2021, 12, 26), date(2023, 6, 30))
V2 = ParameterVersion("p", 20, date(2023, 7, 1), None)
LATER = ParameterVersion("p", 10, date(2025, 1, 1), None)


@pytest.mark.parametrize(("on", "expected"), [
    (date(2021, 12, 26), V1),   # first day, inclusive
    (date(2023, 6, 30), V1),    # last day, inclusive
    (date(2023, 7, 1), V2),     # the next version starts the day after
    (date(2040, 1, 1), V2),     # open end
])
def test_version_on_picks_the_period_containing_the_date(on, expected):
    assert version_on([V1, V2], on) == expected


@pytest.mark.parametrize("on", [date(2021, 12, 25), date(2024, 1, 1)])
def test_version_on_refuses_dates_outside_every_period(on):
    with pytest.raises(NoParameterValue):
        version_on([V1, ParameterVersion("p", 1, date(2025, 1, 1), None)], on)


def test_adjacent_periods_do_not_overlap():
    assert overlapping([V2, V1]) == []


def test_a_shared_boundary_day_is_an_overlap():
    touching = ParameterVersion("p", 5, date(2023, 6, 30), None)
    assert overlapping([V1, touching]) == [(V1, touching)]


def test_an_open_ended_period_overlaps_any_later_one():
    assert overlapping([V2, LATER]) == [(V2, LATER)]
