"""The registries' pure rules, without a database."""

from datetime import date

import pytest

from qamqor.registry.domain import (
    Period,
    has_representative_on,
    is_minor,
    looks_like_identifier_prefix,
    may_represent,
    needs_representative,
    normalize_name,
    period_is_ordered,
    person_search_name,
)


@pytest.mark.parametrize(("raw", "key"), [
    ("Сейітова Айгүл", "сейитова айгул"),
    ("ҚАЙРАТ", "кайрат"),
    ("Әлия", "алия"),
    ("Ұлан Өмірзақ", "улан омирзак"),
    ("Ғалым Тұңғыш", "галым тунгыш"),
    ("Һ", "х"),
    ("Ёлкин Пётр", "елкин петр"),
    ("  Ivanov   Ivan  ", "ivanov ivan"),
])
def test_normalize_name_folds_case_and_kazakh_letters(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


def test_a_name_typed_on_a_russian_keyboard_matches_the_kazakh_spelling() -> None:
    assert normalize_name("Сейитова") == normalize_name("СЕЙІТОВА")
    assert person_search_name("Сейітова", "Айгүл", "Серікқызы") == "сейитова айгул сериккызы"
    assert person_search_name("Ким", "Олег") == "ким олег"


@pytest.mark.parametrize(("born", "on", "minor"), [
    (date(2008, 3, 2), date(2026, 3, 1), True),    # the day before the 18th birthday
    (date(2008, 3, 2), date(2026, 3, 2), False),   # the 18th birthday
    (date(2008, 2, 29), date(2026, 2, 28), True),  # born on 29 February: of age on 1 March
    (date(2008, 2, 29), date(2026, 3, 1), False),
    (date(1950, 1, 1), date(2026, 3, 2), False),
])
def test_is_minor_until_the_eighteenth_birthday(born: date, on: date, minor: bool) -> None:
    assert is_minor(born, on) is minor


@pytest.mark.parametrize(("born", "capacity", "needs"), [
    (date(2015, 6, 1), "full", True),
    (date(1980, 6, 1), "full", False),
    (date(1980, 6, 1), "limited", True),
    (date(1980, 6, 1), "none", True),
])
def test_needs_representative_when_minor_or_not_fully_capable(born: date, capacity: str, needs: bool) -> None:
    assert needs_representative(born, capacity, date(2026, 3, 2)) is needs


def test_may_represent_only_adults_with_full_capacity() -> None:
    on = date(2026, 3, 2)
    assert may_represent(date(1980, 1, 1), "full", on)
    assert not may_represent(date(2010, 1, 1), "full", on)
    assert not may_represent(date(1980, 1, 1), "limited", on)


def test_representation_periods() -> None:
    on = date(2026, 3, 2)
    assert Period(date(2026, 3, 2)).covers(on)
    assert not Period(date(2026, 3, 3)).covers(on)
    assert Period(date(2020, 1, 1), date(2026, 3, 2)).covers(on)
    assert not Period(date(2020, 1, 1), date(2026, 3, 1)).covers(on)
    assert has_representative_on([Period(date(2020, 1, 1), date(2021, 1, 1)), Period(date(2025, 1, 1))], on)
    assert not has_representative_on([], on)
    assert period_is_ordered(date(2026, 1, 1), None)
    assert period_is_ordered(date(2026, 1, 1), date(2026, 1, 1))
    assert not period_is_ordered(date(2026, 1, 2), date(2026, 1, 1))


@pytest.mark.parametrize(("query", "is_identifier"), [
    ("8505", True), ("850512300123", True), ("Сей", False), ("85 05", False), ("", False),
])
def test_digits_are_searched_as_an_identifier(query: str, is_identifier: bool) -> None:
    assert looks_like_identifier_prefix(query) is is_identifier
