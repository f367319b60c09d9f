"""The criteria catalog as the control app reads it: counts per severity and per information source, and
the requirements that apply to each kind of subject (the denominators of the formula)."""

from collections import Counter

import pytest

from qamqor.control.models import Subject
from qamqor.control.selectors import (
    subject_applicable_criteria,
    subject_checklist,
    subject_requirement_criteria,
)
from qamqor.rules.models import RiskCriterion
from tests.factories import RegionFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def test_ninety_criteria_31_gross_47_significant_12_minor():
    assert RiskCriterion.objects.count() == 90
    assert Counter(RiskCriterion.objects.values_list("severity", flat=True)) == {
        "gross": 31, "significant": 47, "minor": 12}
    minor = sorted(RiskCriterion.objects.filter(severity="minor").values_list("number", flat=True))
    assert minor == [5, 11, 18, 25, 27, 30, 32, 34, 37, 42, 47, 49]


def test_criteria_per_information_source_group():
    groups = Counter(RiskCriterion.objects.values_list("source_group", flat=True))
    assert groups == {1: 71, 2: 6, 3: 7, 4: 6}
    ranges = {g: sorted(RiskCriterion.objects.filter(source_group=g).values_list("number", flat=True))
              for g in groups}
    assert ranges[1] == list(range(1, 72)) and ranges[2] == list(range(72, 78))
    assert ranges[3] == list(range(78, 85)) and ranges[4] == list(range(85, 91))


@pytest.mark.parametrize(("kind", "setting", "appendix", "sp1", "sn1"), [
    # risk_method.md §7.2 table of denominators
    ("leb", "", 2, 2, 1),
    ("provider", "stationary", 3, 11, 3),
    ("provider", "semi_stationary", 3, 11, 3),
    ("provider", "home_care", 4, 9, 7),
    ("provider", "temporary_stay", 5, 10, 4),
    ("accessibility", "", 6, 4, 0),
    ("rehabilitation", "", 7, 7, 0),
])
def test_requirements_that_apply_per_kind_of_subject(kind, setting, appendix, sp1, sn1):
    subject = Subject(kind=kind, setting=setting, region=RegionFactory(), name="x")
    assert subject_checklist(subject).appendix == appendix
    rows = subject_requirement_criteria(subject)
    assert (sum(r.severity == "significant" for r in rows), sum(r.severity == "minor" for r in rows)) == (sp1, sn1)


def test_applicable_criteria_include_desk_sources_of_the_kind():
    subject = Subject(kind="accessibility", region=RegionFactory(), name="x")
    numbers = [c.number for c in subject_applicable_criteria(subject)]
    assert numbers == [53, 54, 55, 56, 57, 58, 59, 60, 74, 75, 81, 82, 87, 88]
    leb = Subject(kind="leb", region=RegionFactory(), name="x")
    assert [c.number for c in subject_applicable_criteria(leb)] == [1, 2, 5]
