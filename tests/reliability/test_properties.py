"""Property-based tests (Hypothesis) of the domain rules the example tables of the apps do not cover:
the IIN round trip, the queue's order, the plan deadlines across year ends and holidays, and the risk
formula's bounds, gross override and monotonicity. Pure functions: no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qamqor.care.domain import plans
from qamqor.control.domain.applicability import CriterionRow
from qamqor.control.domain.choices import Degree
from qamqor.control.domain.risk import RiskMethod, Violation, degree_of, risk_score
from qamqor.core.calendar import calendar_for
from qamqor.core.domain import IdentifierError, InvalidIdentifier, Sex, make_iin, parse_iin
from qamqor.journal.domain import queue as Qd

# The machine is shared: no per-example deadline, and a slow draw is not a failure.
SHARED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- IIN -------------------------------------------------------------------------------------------------

births = st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31))
sexes = st.sampled_from(list(Sex))
serials = st.integers(min_value=0, max_value=9999)


@SHARED
@given(births, sexes, serials)
def test_a_made_iin_parses_back_to_its_birth_date_and_sex(birth: date, sex: Sex, serial: int) -> None:
    iin = make_iin(birth, sex, serial)
    assume(iin is not None)
    info = parse_iin(iin)
    assert (info.iin, info.birth_date, info.sex) == (iin, birth, sex)
    assert iin[7:11] == f"{serial:04d}"


@SHARED
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_twelve_digits_either_parse_and_remake_themselves_or_are_refused_with_a_code(value: str) -> None:
    try:
        info = parse_iin(value)
    except InvalidIdentifier as exc:
        assert exc.code in set(IdentifierError)
        return
    assert make_iin(info.birth_date, info.sex, int(value[7:11])) == value


@SHARED
@given(births, sexes, serials, st.integers(min_value=1, max_value=9))
def test_a_wrong_control_digit_is_always_refused(birth: date, sex: Sex, serial: int, shift: int) -> None:
    iin = make_iin(birth, sex, serial)
    assume(iin is not None)
    wrong = iin[:11] + str((int(iin[11]) + shift) % 10)
    try:
        parse_iin(wrong)
    except InvalidIdentifier as exc:
        assert exc.code == IdentifierError.WRONG_CHECK_DIGIT
    else:
        raise AssertionError(f"{wrong} accepted")


@SHARED
@given(st.text(max_size=20))
def test_any_text_is_an_iin_or_a_coded_refusal(value: str) -> None:
    try:
        parse_iin(value)
    except InvalidIdentifier as exc:
        assert exc.code in set(IdentifierError)


# --- the queue -------------------------------------------------------------------------------------------

BASE = datetime(2026, 1, 1, 10, tzinfo=UTC)


@st.composite
def queues(draw: st.DrawFn) -> list[Qd.QueueEntry]:
    n = draw(st.integers(min_value=0, max_value=12))
    ids = draw(st.lists(st.integers(min_value=1, max_value=10_000), min_size=n, max_size=n, unique=True))
    out = []
    for app_id in ids:
        out.append(Qd.QueueEntry(
            application_id=app_id,
            # few distinct seconds, with microseconds, so that ties to the second happen
            received_at=BASE + timedelta(seconds=draw(st.integers(0, 5)),
                                         microseconds=draw(st.integers(0, 999_999))),
            out_of_turn=draw(st.booleans()),
            tiebreak=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=10_000))),
            offered=draw(st.booleans()),
            ipr_valid_until=draw(st.one_of(st.none(), st.dates(date(2025, 6, 1), date(2026, 6, 1))))))
    return out


@SHARED
@given(queues(), st.randoms(use_true_random=False))
def test_the_queue_order_is_a_permutation_independent_of_input_order(entries, rnd) -> None:
    ordered = Qd.queue_order(entries)
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert Qd.queue_order(shuffled) == ordered
    assert sorted(e.application_id for e in ordered) == sorted(e.application_id for e in entries)
    positions = Qd.queue_positions(entries)
    assert sorted(positions.values()) == list(range(1, len(entries) + 1))
    for e in entries:
        pos = Qd.position_of(entries, e.application_id)
        assert pos is not None and pos.position == positions[e.application_id]
        assert pos.ahead == pos.position - 1 and pos.total == len(entries)


@SHARED
@given(queues())
def test_out_of_turn_first_then_by_the_second_of_receipt(entries) -> None:
    ordered = Qd.queue_order(entries)
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert a.out_of_turn or not b.out_of_turn
        if a.out_of_turn == b.out_of_turn:
            assert a.received_at.replace(microsecond=0) <= b.received_at.replace(microsecond=0)


@SHARED
@given(queues(), st.dates(date(2025, 6, 1), date(2026, 6, 1)))
def test_the_next_offer_goes_to_the_first_eligible_in_order(entries, on: date) -> None:
    chosen = Qd.next_for_offer(entries, on)
    eligible = [e for e in Qd.queue_order(entries) if not e.offered and not Qd.awaiting_recertification(e, on)]
    assert chosen == (eligible[0] if eligible else None)


@SHARED
@given(st.integers(0, 500), st.integers(0, 600), st.integers(0, 600))
def test_free_places_are_never_negative_nor_above_capacity(capacity: int, occupied: int, offered: int) -> None:
    free = Qd.free_places(capacity, occupied, offered)
    assert 0 <= free <= capacity
    assert free == 0 or free == capacity - occupied - offered


# --- plan deadlines --------------------------------------------------------------------------------------

# Bases spread over ten years, with the December–January and March (Nauryz) and May holidays over-weighted.
bases = st.one_of(
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    st.builds(lambda y, d: date(y, 12, 10) + timedelta(days=d), st.integers(2020, 2030), st.integers(0, 31)),
    st.builds(lambda y, d: date(y, 3, 1) + timedelta(days=d), st.integers(2020, 2030), st.integers(0, 20)),
    st.builds(lambda y, d: date(y, 4, 20) + timedelta(days=d), st.integers(2020, 2030), st.integers(0, 20)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bases)
def test_the_plan_deadline_is_a_working_day_five_working_days_after_the_fourteenth_day(basis: date) -> None:
    cal = calendar_for(basis)
    d = plans.plan_deadlines(basis, cal)
    assert d.due_on == basis + timedelta(days=14)
    assert cal.is_working_day(d.fill_by)
    assert d.fill_by > d.due_on >= basis + timedelta(days=14)
    assert cal.working_days_between(d.due_on, d.fill_by) == plans.FILL_WORKING_DAYS
    # no working day is skipped: the day before the deadline still leaves one to count
    assert cal.working_days_between(d.due_on, d.fill_by - timedelta(days=1)) == plans.FILL_WORKING_DAYS - 1
    # even the longest run of days off in Kazakhstan (New Year, Nauryz, May) fits in three weeks
    assert (d.fill_by - d.due_on).days <= 21


@SHARED
@given(bases, bases)
def test_a_later_basis_never_gives_an_earlier_deadline(a: date, b: date) -> None:
    first, second = sorted((a, b))
    cal = calendar_for(first, second)
    assert plans.plan_deadlines(first, cal).fill_by <= plans.plan_deadlines(second, cal).fill_by


# --- the risk formula ------------------------------------------------------------------------------------

METHOD = RiskMethod()
SEVERITIES = ("gross", "significant", "minor")


@st.composite
def subjects(draw: st.DrawFn) -> tuple[list[CriterionRow], list[Violation]]:
    rows = [CriterionRow(n, draw(st.sampled_from(SEVERITIES)), "x")
            for n in draw(st.lists(st.integers(1, 60), unique=True, max_size=30))]
    numbers = [r.number for r in rows] + [999]  # 999: a criterion outside the applicable set
    violations = draw(st.lists(st.builds(
        Violation, st.one_of(st.none(), st.integers(1, 10_000)), st.one_of(st.none(), st.sampled_from(numbers)),
        st.sampled_from(SEVERITIES)), max_size=20))
    return rows, violations


def _non_gross(rows: list[CriterionRow]) -> st.SearchStrategy[Violation]:
    choices = [r for r in rows if r.severity != "gross"]
    return st.sampled_from(choices).map(lambda r: Violation(None, r.number, r.severity))


@SHARED
@given(subjects())
def test_the_score_is_between_0_and_100_and_its_degree_follows_the_thresholds(subject) -> None:
    rows, violations = subject
    result = risk_score(rows, violations, METHOD)
    assert Decimal(0) <= result.score <= Decimal(100)
    assert result.degree == degree_of(result.score, METHOD)
    assert result.sp2 <= result.sp1 and result.sn2 <= result.sn1


@SHARED
@given(subjects())
def test_any_gross_violation_gives_the_gross_score(subject) -> None:
    rows, violations = subject
    with_gross = [*violations, Violation(None, None, "gross")]
    result = risk_score(rows, with_gross, METHOD)
    assert result.gross_override and result.score == Decimal(100) and result.degree == Degree.HIGH
    if any(v.severity == "gross" for v in violations):
        assert risk_score(rows, violations, METHOD).score == Decimal(100)


@SHARED
@given(st.data(), subjects())
def test_one_more_violation_never_lowers_the_score(data, subject) -> None:
    rows, violations = subject
    assume(any(r.severity != "gross" for r in rows))
    extra = data.draw(_non_gross(rows))
    before = risk_score(rows, violations, METHOD)
    after = risk_score(rows, [*violations, extra], METHOD)
    assert after.score >= before.score
    order = [Degree.LOW, Degree.MEDIUM, Degree.HIGH]
    assert order.index(after.degree) >= order.index(before.degree)


@SHARED
@given(subjects())
def test_the_score_depends_on_the_set_of_violated_criteria_not_on_repeats_or_order(subject) -> None:
    rows, violations = subject
    once = risk_score(rows, violations, METHOD)
    again = risk_score(rows, list(reversed(violations)) + violations, METHOD)
    assert (again.score, again.degree) == (once.score, once.degree)
