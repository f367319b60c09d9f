"""The six checklists of seed 004 (Appendices 2–7) as loaded from rules/data/checklists.json: their
numbering, their requirement counts, and each requirement's link to the Appendix-1 criterion it
repeats (the seed links them by wording: a checklist item restates its criterion)."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

import pytest

from qamqor.rules.models import Checklist, ChecklistRequirement, RiskCriterion

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")

# Appendix -> (subject kind, number of requirements, {item number: criterion number}).
# App. 2: 1→1, 2→2, 3→5. Apps. 3–5: items 1–4 → criteria 3–6 (general provider criteria), then the
# setting's own block in order. App. 6: 1–8 → 53–60. App. 7: 1–11 → 61–71; items 12–16 (the social
# services portal and its commission) have no criterion in Appendix 1.
EXPECTED = {
    2: ("lea", 3, {1: 1, 2: 2, 3: 5}),
    3: ("stationary_semi", 20, {**{n: n + 2 for n in range(1, 5)}, **{n: n + 2 for n in range(5, 21)}}),
    4: ("home", 20, {**{n: n + 2 for n in range(1, 5)}, **{n: n + 18 for n in range(5, 21)}}),
    5: ("temporary", 18, {**{n: n + 2 for n in range(1, 5)}, **{n: n + 34 for n in range(5, 19)}}),
    6: ("accessibility", 8, {n: n + 52 for n in range(1, 9)}),
    7: ("rehabilitation", 16, {n: n + 60 for n in range(1, 12)}),
}

SEVERITY_COUNTS = {
    2: {"significant": 2, "minor": 1},
    3: {"gross": 6, "significant": 11, "minor": 3},
    4: {"gross": 4, "significant": 9, "minor": 7},
    5: {"gross": 4, "significant": 10, "minor": 4},
    6: {"gross": 4, "significant": 4},
    7: {"gross": 4, "significant": 7, "": 5},
}


def test_six_checklists_in_appendix_order_with_3_20_20_18_8_16_requirements():
    rows = list(Checklist.objects.order_by("appendix").values_list("appendix", "subject_code"))
    assert rows == [(a, kind) for a, (kind, _, _) in EXPECTED.items()]
    counts = [c.requirements.count() for c in Checklist.objects.order_by("appendix")]
    assert counts == [3, 20, 20, 18, 8, 16]
    assert sum(counts) == 85


@pytest.mark.parametrize("appendix", sorted(EXPECTED))
def test_numbering_is_consecutive_from_one(appendix):
    checklist = Checklist.objects.get(appendix=appendix)
    numbers = list(checklist.requirements.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, EXPECTED[appendix][1] + 1))
    assert all(r.text_kk and r.text_ru and r.text_en for r in checklist.requirements.all())
    assert checklist.source_document == "004" and checklist.source_paragraph == f"Appendix {appendix}"


@pytest.mark.parametrize("appendix", sorted(EXPECTED))
def test_each_requirement_is_linked_to_the_criterion_it_restates(appendix):
    checklist = Checklist.objects.get(appendix=appendix)
    kind, _, mapping = EXPECTED[appendix]
    links = {r.number: r.criterion.number if r.criterion else None
             for r in checklist.requirements.select_related("criterion")}
    assert links == {n: mapping.get(n) for n in links}
    for requirement in checklist.requirements.select_related("criterion"):
        criterion = requirement.criterion
        if criterion is None:
            assert requirement.severity == ""
            continue
        # The wording is the criterion's (small drafting differences only), the severity its severity,
        # the criterion one of the first information source (results of inspections) and of this kind of
        # subject or of every provider.
        similarity = SequenceMatcher(None, requirement.text_kk, criterion.text_kk).ratio()
        assert similarity > 0.7, (requirement.number, criterion.number, similarity)
        assert requirement.severity == criterion.severity
        assert criterion.source_group == 1
        assert criterion.subject_setting in (kind, "general")


@pytest.mark.parametrize("appendix", sorted(SEVERITY_COUNTS))
def test_severity_of_the_requirements_per_checklist(appendix):
    rows = ChecklistRequirement.objects.filter(checklist__appendix=appendix)
    assert Counter(rows.values_list("severity", flat=True)) == SEVERITY_COUNTS[appendix]


def test_every_criterion_of_the_inspections_group_is_checked_by_some_checklist():
    checked = set(ChecklistRequirement.objects.filter(criterion__isnull=False)
                  .values_list("criterion__number", flat=True))
    group_one = set(RiskCriterion.objects.filter(source_group=1).values_list("number", flat=True))
    assert group_one == set(range(1, 72))
    assert checked == group_one
    # The desk sources (groups 2-4) have no checklist item.
    assert not ChecklistRequirement.objects.filter(criterion__source_group__gt=1).exists()
