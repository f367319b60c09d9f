"""The other care rules without a database: need deadlines, the admission rule, home care's contract,
caseload and visits, group composition, the foster family's living space, catalog rows on a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qamqor.care.domain import catalog, dossier, homecare, need, norms
from qamqor.care.domain.dossier import DocumentState, RefusalCode
from qamqor.core.calendar import calendar_for
from qamqor.core.domain import Source

# --- need and decision ----------------------------------------------------------------------------

TEN_WORKING = need.Deadline(10, need.DayCount.WORKING, need.DEADLINES_SILENT)
FIVE_CALENDAR = need.Deadline(5, need.DayCount.CALENDAR, need.DEADLINES_SILENT)


@pytest.mark.parametrize(
    ("assessed", "decided", "today", "assessment_due", "assessment_kept", "decision_due", "decision_kept"),
    [
        # application Thu 12 March 2026: ten working days skip the weekends and Nauryz (23–25 March)
        (None, None, date(2026, 3, 20), date(2026, 3, 31), None, None, None),
        (None, None, date(2026, 4, 1), date(2026, 3, 31), False, None, None),
        (date(2026, 3, 31), None, date(2026, 4, 1), date(2026, 3, 31), True, date(2026, 4, 5), None),
        (date(2026, 3, 31), date(2026, 4, 6), date(2026, 5, 1), date(2026, 3, 31), True, date(2026, 4, 5), False),
        (date(2026, 4, 2), date(2026, 4, 3), date(2026, 5, 1), date(2026, 3, 31), False, date(2026, 4, 7), True),
    ],
)
def test_need_deadlines_kept_or_not(assessed, decided, today, assessment_due, assessment_kept, decision_due,
                                    decision_kept) -> None:
    timing = need.need_timing(application_date=date(2026, 3, 12), assessment_date=assessed, decision_date=decided,
                              assessment=TEN_WORKING, decision=FIVE_CALENDAR,
                              work_calendar=calendar_for(date(2026, 3, 12)), today=today)
    assert (timing.assessment_due, timing.assessment_kept, timing.decision_due, timing.decision_kept) == (
        assessment_due, assessment_kept, decision_due, decision_kept)


def test_the_need_deadlines_are_marked_as_not_in_the_regulations() -> None:
    assert need.ASSESSMENT_DEADLINE.source.document == "QAMQOR"
    assert need.DECISION_DEADLINE.source.document == "QAMQOR"


def test_dates_must_run_application_assessment_decision() -> None:
    assert need.dates_in_order(date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3))
    assert not need.dates_in_order(date(2026, 3, 2), date(2026, 3, 1), None)
    assert not need.dates_in_order(date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 4))
    assert not need.dates_in_order(date(2026, 3, 1), None, date(2026, 3, 4))


# --- the admission rule ----------------------------------------------------------------------------

AGE_RULE = Source("000", "п. 1")
DOC_RULE = Source("000", "п. 5")


def _facts(age: int, *, age_min: int | None = 11, age_max: int | None = 18, contraindications=(), documents=()):
    return dossier.AdmissionFacts(age=age, age_min=age_min, age_max=age_max, age_source=AGE_RULE,
                                  contraindications=contraindications, documents=documents)


@pytest.mark.parametrize(
    ("age", "age_min", "age_max", "codes"),
    [
        (10, 11, 18, [RefusalCode.TOO_YOUNG]),   # special-regime organisation: from 11 (seed 000 п. 1)
        (11, 11, 18, []),
        (17, 11, 18, []),
        (18, 11, 18, [RefusalCode.TOO_OLD]),     # "to 18": served while younger than 18
        (2, 3, 18, [RefusalCode.TOO_YOUNG]),     # children's psychoneurological institution: 3 to 18
        (3, 3, 18, []),
        (40, None, None, []),
    ],
)
def test_age_limits(age: int, age_min, age_max, codes) -> None:
    assert [r.code for r in dossier.admission_refusals(_facts(age, age_min=age_min, age_max=age_max))] == codes


def test_a_contraindication_blocks_admission_citing_its_rule() -> None:
    rule = Source("002", "прил. 1, п. 2, 5)")
    refusals = dossier.admission_refusals(_facts(12, contraindications=[
        dossier.ContraindicationFact("tb", "active tuberculosis", rule)]))
    assert [(r.code, r.source, r.params["name"]) for r in refusals] == [
        (RefusalCode.CONTRAINDICATION, rule, "active tuberculosis")]


@pytest.mark.parametrize(
    ("state", "may_be_missing", "refused"),
    [
        (DocumentState.PENDING, False, True),
        (DocumentState.REQUESTED, False, True),
        (DocumentState.PENDING, True, False),      # seed 000 п. 5: documents 2)–5) are requested after admission
        (DocumentState.REQUESTED, True, False),
        (DocumentState.RECEIVED, False, False),
        (DocumentState.NOT_APPLICABLE, False, False),
    ],
)
def test_missing_documents(state: str, may_be_missing: bool, refused: bool) -> None:
    facts = _facts(12, documents=[dossier.DocumentFact("d1", "identity document", state, may_be_missing, DOC_RULE)])
    assert bool(dossier.admission_refusals(facts)) is refused


def test_only_if_any_documents_can_be_not_applicable() -> None:
    assert dossier.state_allowed(DocumentState.NOT_APPLICABLE, if_any=True)
    assert not dossier.state_allowed(DocumentState.NOT_APPLICABLE, if_any=False)
    assert dossier.state_allowed(DocumentState.RECEIVED, if_any=False)


# --- home care -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("children", "flag"),
    [(0, homecare.LoadFlag.UNDER), (3, homecare.LoadFlag.UNDER), (4, homecare.LoadFlag.OK),
     (6, homecare.LoadFlag.OK), (7, homecare.LoadFlag.OVER)],
)
def test_caseload_of_four_to_six_children(children: int, flag: homecare.LoadFlag) -> None:
    assert homecare.caseload_flag(children) is flag


def test_visits_per_week_count_days_not_services() -> None:
    visits = [date(2026, 6, 1), date(2026, 6, 1), date(2026, 6, 3),   # week of 1 June: two days
              date(2026, 6, 9),                                         # week of 8 June: one day
              ]                                                        # week of 15 June: none
    weeks = homecare.visits_by_week(visits, date(2026, 6, 2), date(2026, 6, 17))
    assert [(w.week, w.visits, w.enough) for w in weeks] == [
        (date(2026, 6, 1), 2, True), (date(2026, 6, 8), 1, False), (date(2026, 6, 15), 0, False)]


@pytest.mark.parametrize(
    ("paid", "semi", "missing"),
    [
        (False, False, [homecare.ContractTerm.ASSIGNED_WORKER]),
        (True, False, [homecare.ContractTerm.ASSIGNED_WORKER, homecare.ContractTerm.PAYMENT,
                       homecare.ContractTerm.EXTENSION]),
        (False, True, [homecare.ContractTerm.DAY_STAY_REGIME]),
    ],
)
def test_contract_mandatory_content(paid: bool, semi: bool, missing) -> None:
    present = ["services", "termination", "responsibilities", "term"]
    assert homecare.missing_terms(present, paid=paid, semi_stationary=semi) == missing


# --- groups and living space -----------------------------------------------------------------------

S = norms.SkillLevel


@pytest.mark.parametrize(
    ("ages", "skill", "problems"),
    [
        ([3, 4, 5, 5, 4, 3], S.NO_SELF_CARE, ()),
        ([3, 4, 5, 5, 4, 3, 4], S.NO_SELF_CARE, (norms.GroupProblem.TOO_LARGE,)),      # more than 6
        ([6] * 8, S.SELF_CARE, ()),
        ([6] * 9, S.SELF_CARE, (norms.GroupProblem.TOO_LARGE,)),                         # more than 8
        ([9] * 10, S.HOUSEHOLD, ()),
        ([14] * 12, S.MANUAL_WORK, ()),
        ([14] * 13, S.MANUAL_WORK, (norms.GroupProblem.TOO_LARGE,)),                     # more than 12
        ([5, 6], S.MANUAL_WORK, (norms.GroupProblem.MIXED_BANDS,)),                      # 3–5 with 6–8
        ([13, 14], S.MANUAL_WORK, (norms.GroupProblem.MIXED_BANDS,)),
        ([2, 3], S.MANUAL_WORK, (norms.GroupProblem.OUTSIDE_BANDS,)),
        ([18], S.MANUAL_WORK, (norms.GroupProblem.OUTSIDE_BANDS,)),
    ],
)
def test_group_age_bands_and_sizes(ages, skill, problems) -> None:
    check = norms.group_check([norms.GroupMember(a, skill) for a in ages])
    assert check.problems == problems


def test_the_least_skilled_child_sets_the_groups_limit() -> None:
    members = [norms.GroupMember(10, S.MANUAL_WORK)] * 6 + [norms.GroupMember(10, S.NO_SELF_CARE)]
    check = norms.group_check(members)
    assert check.max_size == 6
    assert check.problems == (norms.GroupProblem.TOO_LARGE,)


def test_labour_subgroups_hold_six() -> None:
    members = [norms.GroupMember(15, S.MANUAL_WORK)] * 7
    assert norms.group_check(members, labour_subgroup=True).problems == (norms.GroupProblem.LABOUR_SUBGROUP_TOO_LARGE,)
    assert norms.group_check(members[:6], labour_subgroup=True).ok


@pytest.mark.parametrize(
    ("area", "family", "wards", "ok", "shortfall"),
    [
        ("75", 3, 2, True, Decimal(0)),       # 5 persons × 15 m²
        ("74.5", 3, 2, False, Decimal("0.5")),
        (60, 3, 2, False, Decimal(15)),       # wards are counted besides the family members
        (0, 0, 0, True, Decimal(0)),
    ],
)
def test_foster_family_living_space(area, family, wards, ok, shortfall) -> None:
    check = norms.living_space_check(area, family_members=family, wards=wards)
    assert (check.ok, check.shortfall_m2) == (ok, shortfall)


def test_living_space_refuses_negative_headcounts() -> None:
    with pytest.raises(ValueError):
        norms.living_space_check(10, family_members=-1, wards=0)


# --- catalog rows on a date ------------------------------------------------------------------------

ROWS = [("old", date(2009, 9, 8), date(2010, 12, 31)), ("older", None, date(2005, 1, 1)),
        ("current", date(2015, 1, 1), None)]


def _period(row):
    return row[1], row[2]


def test_rows_in_force_apply() -> None:
    result = catalog.applicable_rows(ROWS, date(2020, 1, 1), _period)
    assert ([r[0] for r in result.rows], result.continued) == (["current"], False)


def test_a_repealed_rule_without_successor_continues() -> None:
    result = catalog.applicable_rows(ROWS[:2], date(2026, 1, 1), _period)
    assert ([r[0] for r in result.rows], result.continued) == (["old"], True)


def test_nothing_applies_before_a_rule_starts() -> None:
    result = catalog.applicable_rows([ROWS[2]], date(2010, 1, 1), _period)
    assert (result.rows, result.continued) == ([], False)
