"""Applicability of criteria, the complaint threshold and list forming, without the database."""

from datetime import date
from decimal import Decimal

import pytest

from qamqor.control.domain.applicability import (
    CriterionRow,
    applicable_criteria,
    checklist_code_for,
    criterion_settings_for,
)
from qamqor.control.domain.complaints import ComplaintRow, topics_over_threshold, window_start
from qamqor.control.domain.lists import Candidate, form_list, period_of


@pytest.mark.parametrize(("kind", "setting", "codes", "checklist"), [
    ("provider", "stationary", {"general", "stationary_semi"}, "stationary_semi"),
    ("provider", "semi_stationary", {"general", "stationary_semi"}, "stationary_semi"),
    ("provider", "home_care", {"general", "home"}, "home"),
    ("provider", "temporary_stay", {"general", "temporary"}, "temporary"),
    ("provider", "foster_family", {"general"}, None),
    ("leb", "", {"lea"}, "lea"),
    ("accessibility", "", {"accessibility"}, "accessibility"),
    ("rehabilitation", "", {"rehabilitation"}, "rehabilitation"),
])
def test_subject_kind_to_criteria_and_checklist(kind, setting, codes, checklist):
    assert criterion_settings_for(kind, setting) == codes
    assert checklist_code_for(kind, setting) == checklist


def test_checklist_links_add_criteria_of_another_setting():
    rows = [CriterionRow(1, "significant", "lea"), CriterionRow(5, "minor", "general"),
            CriterionRow(7, "gross", "stationary_semi")]
    assert [c.number for c in applicable_criteria(rows, "leb")] == [1]
    assert [c.number for c in applicable_criteria(rows, "leb", checklist_criteria=[1, 5])] == [1, 5]


def rows(*specs):
    return [ComplaintRow(i, f"C-{i}", topic, day, confirmed) for i, (topic, day, confirmed) in enumerate(specs, 1)]


def test_two_confirmed_complaints_in_the_window_reach_the_threshold():
    data = rows((85, date(2026, 3, 1), True), (85, date(2026, 9, 1), True), (86, date(2026, 9, 1), True))
    over = topics_over_threshold(data, as_of=date(2026, 11, 1), window_months=12, threshold=2)
    assert list(over) == [85] and [c.number for c in over[85]] == ["C-1", "C-2"]


@pytest.mark.parametrize(("first_received", "counted"), [
    (date(2025, 11, 1), False),   # exactly 12 months before: outside (window is (as_of-12m, as_of])
    (date(2025, 11, 2), True),    # first day of the window
])
def test_window_edges(first_received, counted):
    data = rows((87, first_received, True), (87, date(2026, 10, 1), True))
    over = topics_over_threshold(data, as_of=date(2026, 11, 1), window_months=12, threshold=2)
    assert (87 in over) is counted
    assert window_start(date(2026, 11, 1), 12) == date(2025, 11, 2)


def test_unconfirmed_and_future_complaints_do_not_count():
    data = rows((89, date(2026, 5, 1), True), (89, date(2026, 6, 1), False), (89, date(2026, 12, 1), True))
    assert topics_over_threshold(data, as_of=date(2026, 11, 1), window_months=12, threshold=2) == {}


def test_periods_and_publication_dates():
    first = period_of(2027, 1)
    assert (first.start, first.end, first.publish_by) == (date(2027, 1, 1), date(2027, 6, 30), date(2026, 12, 25))
    second = period_of(2027, 2)
    assert (second.start, second.end, second.publish_by) == (date(2027, 7, 1), date(2027, 12, 31), date(2027, 5, 25))
    with pytest.raises(ValueError):
        period_of(2027, 3)


def test_list_has_only_high_and_medium_ordered_by_score_with_notice_30_days_before():
    cands = [Candidate(1, "Alpha", Decimal("45"), "medium"), Candidate(2, "Beta", Decimal("100"), "high"),
             Candidate(3, "Gamma", Decimal("12"), "low"), Candidate(4, "Delta", Decimal("45"), "medium"),
             Candidate(5, "Eps", Decimal("30"), "low")]
    period = period_of(2027, 1)
    planned = form_list(cands, period, formed_on=date(2026, 12, 20))
    assert [p.subject_id for p in planned] == [2, 1, 4]   # by score, ties by name
    assert [p.order for p in planned] == [1, 2, 3]
    for p in planned:
        assert period.start <= p.planned_visit_on <= period.end
        assert (p.planned_visit_on - p.notice_by).days == 30
        assert p.notice_by >= date(2026, 12, 20)
    assert planned[0].planned_visit_on <= planned[1].planned_visit_on <= planned[2].planned_visit_on


def test_visits_limit_per_subject():
    cands = [Candidate(1, "A", Decimal("80"), "high"), Candidate(2, "B", Decimal("50"), "medium")]
    period = period_of(2027, 2)
    assert len(form_list(cands, period, formed_on=date(2027, 5, 20), visits_per_subject=1)) == 2
    two = form_list(cands, period, formed_on=date(2027, 5, 20), visits_per_subject=2)
    assert [(p.subject_id, p.visit_no) for p in two] == [(1, 1), (2, 1), (1, 2), (2, 2)]
    assert form_list(cands, period, formed_on=date(2027, 5, 20), visits_per_subject=0) == []
