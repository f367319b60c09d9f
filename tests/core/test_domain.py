"""IIN and BIN validation, and legal citations: the shared kernel's pure rules."""

from datetime import date

import pytest

from qamqor.core.domain import (
    IdentifierError,
    InvalidIdentifier,
    Sex,
    Source,
    age_on,
    control_digit,
    make_bin,
    make_iin,
    parse_iin,
    validate_bin,
)


def _with_check(body: str) -> str:
    digit = control_digit(body)
    assert digit is not None
    return body + str(digit)


@pytest.mark.parametrize(
    ("iin", "born", "sex"),
    [
        (_with_check("85060430012"), date(1985, 6, 4), Sex.MALE),
        (_with_check("12031560012"), date(2012, 3, 15), Sex.FEMALE),
        (_with_check("99123140567"), date(1999, 12, 31), Sex.FEMALE),
        (_with_check("00022950001"), date(2000, 2, 29), Sex.MALE),
    ],
)
def test_valid_iin_gives_birth_date_and_sex(iin: str, born: date, sex: Sex) -> None:
    info = parse_iin(iin)
    assert (info.birth_date, info.sex) == (born, sex)


def test_known_real_format_iin_check_digit() -> None:
    # 9 digits weighted 1..11: 8*1+7*2+0*3+3*4+1*5+4*6+3*7+0*8+0*9+3*10+2*11 = 136, 136 % 11 = 4
    assert control_digit("87031430032") == 4
    assert parse_iin("870314300324").birth_date == date(1987, 3, 14)


def test_second_weight_sequence_is_used_when_first_gives_ten() -> None:
    # find a body whose first weighted sum mod 11 is 10, then check that the second sequence decides
    body = next(
        f"9001013{n:04d}" for n in range(10000)
        if sum(int(c) * w for c, w in zip(f"9001013{n:04d}", range(1, 12), strict=True)) % 11 == 10
    )
    second = sum(int(c) * w for c, w in zip(body, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)) % 11
    assert control_digit(body) == (None if second == 10 else second)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("85060430012", IdentifierError.WRONG_LENGTH),
        ("8506043001234", IdentifierError.WRONG_LENGTH),
        ("85060430O12X", IdentifierError.NOT_DIGITS),
        ("", IdentifierError.NOT_DIGITS),
        ("851304300120", IdentifierError.IMPOSSIBLE_DATE),  # month 13
        ("850230300120", IdentifierError.IMPOSSIBLE_DATE),  # 30 February
        ("010229500010", IdentifierError.IMPOSSIBLE_DATE),  # 29 February 2001 (not a leap year)
        ("850604700120", IdentifierError.WRONG_CENTURY_DIGIT),
        ("850604000120", IdentifierError.WRONG_CENTURY_DIGIT),
    ],
)
def test_invalid_iin_is_refused_with_reason(value: str, code: IdentifierError) -> None:
    with pytest.raises(InvalidIdentifier) as exc:
        parse_iin(value)
    assert exc.value.code == code


def test_iin_with_wrong_check_digit_is_refused() -> None:
    good = _with_check("85060430012")
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    with pytest.raises(InvalidIdentifier) as exc:
        parse_iin(bad)
    assert exc.value.code == IdentifierError.WRONG_CHECK_DIGIT


def test_make_iin_round_trips() -> None:
    made = [make_iin(date(2010, 5, 17), Sex.FEMALE, n) for n in range(20)]
    valid = [m for m in made if m]
    assert len(valid) >= 15
    for m in valid:
        assert parse_iin(m).birth_date == date(2010, 5, 17)
        assert parse_iin(m).sex is Sex.FEMALE


def test_valid_bin() -> None:
    value = make_bin(2005, 7, 125)
    assert value is not None and validate_bin(value) == value


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("05074000123", IdentifierError.WRONG_LENGTH),
        ("0507400012AB", IdentifierError.NOT_DIGITS),
        ("051340001230", IdentifierError.IMPOSSIBLE_DATE),
        ("050040001230", IdentifierError.IMPOSSIBLE_DATE),
        ("050730001230", IdentifierError.WRONG_ENTITY_DIGIT),
    ],
)
def test_invalid_bin_is_refused(value: str, code: IdentifierError) -> None:
    with pytest.raises(InvalidIdentifier) as exc:
        validate_bin(value)
    assert exc.value.code == code


def test_bin_with_wrong_check_digit_is_refused() -> None:
    good = make_bin(2005, 7, 125)
    assert good
    with pytest.raises(InvalidIdentifier) as exc:
        validate_bin(good[:11] + str((int(good[11]) + 3) % 10))
    assert exc.value.code == IdentifierError.WRONG_CHECK_DIGIT


def test_source_in_force_is_inclusive() -> None:
    src = Source("003", "п. 11", date(2021, 12, 26), date(2023, 6, 30))
    assert not src.in_force(date(2021, 12, 25))
    assert src.in_force(date(2021, 12, 26))
    assert src.in_force(date(2023, 6, 30))
    assert not src.in_force(date(2023, 7, 1))
    assert str(src) == "003, п. 11"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [(date(2008, 3, 1), date(2026, 2, 28), 17), (date(2008, 3, 1), date(2026, 3, 1), 18),
     (date(2008, 2, 29), date(2026, 2, 28), 17), (date(2008, 2, 29), date(2026, 3, 1), 18)],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age
