"""The risk formula, table-driven: gross override, the 30/31 and 70/71 boundaries, empty severity groups."""

from decimal import Decimal

import pytest

from qamqor.control.domain.applicability import CriterionRow
from qamqor.control.domain.choices import Degree
from qamqor.control.domain.risk import RiskMethod, Violation, degree_of, risk_score

METHOD = RiskMethod()


def criteria(significant: int, minor: int, gross: int = 1) -> list[CriterionRow]:
    rows = [CriterionRow(i, "gross", "x") for i in range(1, gross + 1)]
    rows += [CriterionRow(100 + i, "significant", "x") for i in range(significant)]
    rows += [CriterionRow(200 + i, "minor", "x") for i in range(minor)]
    return rows


def found(significant: int = 0, minor: int = 0, gross: int = 0) -> list[Violation]:
    out = [Violation(None, 1 + i, "gross") for i in range(gross)]
    out += [Violation(None, 100 + i, "significant") for i in range(significant)]
    out += [Violation(None, 200 + i, "minor") for i in range(minor)]
    return out


@pytest.mark.parametrize(("sp1", "sn1", "sp2", "sn2", "gross", "score", "degree"), [
    # gross override: one gross violation = 100 whatever else
    (11, 3, 0, 0, 1, "100.00", Degree.HIGH),
    (0, 0, 0, 0, 1, "100.00", Degree.HIGH),
    # the worked example of risk_method.md §7.2: App. 3, 2 significant of 11, 1 minor of 3 -> 22.73
    (11, 3, 2, 1, 0, "22.73", Degree.LOW),
    # nothing found
    (11, 3, 0, 0, 0, "0.00", Degree.LOW),
    # boundary 30/31: 3 of 7 significant = 30.00 (low); all 10 of 10 minor = 30 (low)
    (7, 0, 3, 0, 0, "30.00", Degree.LOW),
    (0, 10, 0, 10, 0, "30.00", Degree.LOW),
    # 31: 10 of 10 minor (30) + ... 1 of 70 significant (1.00) = 31.00 medium
    (70, 10, 1, 10, 0, "31.00", Degree.MEDIUM),
    # boundary 70/71: every significant, no minor group = 70.00 (medium); + 1 of 30 minor (1.00) = 71.00 high
    (4, 0, 4, 0, 0, "70.00", Degree.MEDIUM),
    (4, 30, 4, 1, 0, "71.00", Degree.HIGH),
    # everything but gross: 100
    (2, 1, 2, 1, 0, "100.00", Degree.HIGH),
    # empty severity groups: no significant requirements -> SP = 0, never a division by zero
    (0, 3, 0, 3, 0, "30.00", Degree.LOW),
    (0, 0, 0, 0, 0, "0.00", Degree.LOW),
    # no minor requirements (accessibility, App. 6): max without gross is 70
    (4, 0, 2, 0, 0, "35.00", Degree.MEDIUM),
])
def test_formula_table(sp1, sn1, sp2, sn2, gross, score, degree):
    result = risk_score(criteria(sp1, sn1), found(sp2, sn2, gross), METHOD)
    assert result.score == Decimal(score)
    assert result.degree == degree
    assert result.gross_override is (gross > 0)
    assert (result.sp1, result.sn1) == (sp1, sn1)
    if not gross:
        assert (result.sp2, result.sn2) == (sp2, sn2)


@pytest.mark.parametrize(("score", "degree"), [
    ("0", Degree.LOW), ("30", Degree.LOW), ("30.00", Degree.LOW), ("30.01", Degree.MEDIUM), ("31", Degree.MEDIUM),
    ("70", Degree.MEDIUM), ("70.01", Degree.HIGH), ("71", Degree.HIGH), ("100", Degree.HIGH),
])
def test_degree_bands(score, degree):
    assert degree_of(Decimal(score), METHOD) == degree


def test_a_criterion_counts_once_however_many_findings_name_it():
    rows = criteria(10, 0)
    twice = [Violation(1, 100, "significant"), Violation(2, 100, "significant")]
    assert risk_score(rows, twice, METHOD).sp2 == 1
    assert risk_score(rows, twice, METHOD).score == Decimal("7.00")


def test_findings_outside_the_applicable_criteria_are_listed_not_counted():
    result = risk_score(criteria(10, 0), [Violation(7, 999, "significant")], METHOD)
    assert result.sp2 == 0 and result.not_counted == (7,)


def test_a_gross_finding_without_a_criterion_still_overrides():
    assert risk_score(criteria(1, 1), [Violation(3, None, "gross")], METHOD).score == Decimal(100)


def test_parameters_change_the_result_without_code_changes():
    other = RiskMethod.of({"gross_score": 90, "weight_significant": 0.5, "weight_minor": 0.5,
                           "threshold_medium": 20, "threshold_high": 60})
    result = risk_score(criteria(2, 2), found(1, 1), other)
    assert result.score == Decimal("50.00") and result.degree == Degree.MEDIUM
    assert risk_score(criteria(2, 2), found(gross=1), other).score == Decimal("90.00")


def test_denominators_from_the_checklist_requirements_and_numerators_capped():
    """SP1/SN1 count the checklist's requirements (risk_method.md §7.2 table: App. 3 = 11 significant,
    3 minor); violations of other applicable criteria (desk sources) count too, at most SP1/SN1."""
    requirements = criteria(2, 1, gross=0)
    applicable = requirements + [CriterionRow(300, "significant", "x"), CriterionRow(301, "significant", "x")]
    result = risk_score(applicable, found(2, 0) + [Violation(9, 300, "significant")], METHOD,
                        requirements=requirements)
    assert (result.sp1, result.sp2, result.sn1) == (2, 2, 1)
    assert result.score == Decimal("70.00")
    one_desk = risk_score(applicable, [Violation(9, 300, "significant")], METHOD, requirements=requirements)
    assert (one_desk.sp2, one_desk.score) == (1, Decimal("35.00"))
