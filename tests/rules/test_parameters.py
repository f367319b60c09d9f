"""Dated parameters: a value is asked for as of a date; none in force on that date is a DomainError."""

from datetime import date

import pytest

from qamqor.core.errors import DomainError
from qamqor.rules.models import Parameter
from qamqor.rules.selectors import parameter_get, parameter_value

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


@pytest.mark.parametrize(("code", "on", "value", "source"), [
    # seed 003 п. 11, пп. 1) / п. 21, пп. 1): in force 26.12.2021 - 30.06.2023
    ("postponement_days_stationary", date(2021, 12, 26), 30, "003"),     # first day
    ("postponement_days_stationary", date(2022, 8, 15), 30, "003"),      # inside
    ("postponement_days_stationary", date(2023, 6, 30), 30, "003"),      # last day
    ("postponement_days_stationary", date(2023, 7, 1), 30, "QAMQOR"),    # carried on after the repeal
    ("postponement_days_semi_stationary", date(2022, 1, 10), 10, "003"),
    ("postponement_max_count", date(2026, 3, 2), 1, "QAMQOR"),
    # seed 002, App. 1-3 пп. 17-18: in force 08.09.2009 - 31.12.2010
    ("plan_due_days", date(2010, 12, 31), 14, "002"),
    ("plan_due_days", date(2011, 1, 1), 14, "QAMQOR"),
    ("plan_fill_working_days", date(2026, 3, 2), 5, "QAMQOR"),
    ("plan_validity_months", date(2010, 1, 1), 12, "002"),
    ("complaint_threshold_count", date(2026, 3, 2), 2, "004"),
    # Qamqor defaults where the regulations are silent: any date
    ("offer_arrival_days", date(2000, 1, 1), 10, "QAMQOR"),
    ("complaint_window_months", date(2026, 3, 2), 12, "QAMQOR"),
])
def test_value_as_of_a_date(code, on, value, source):
    row = parameter_get(code, on)
    assert (row.value, row.source_document, row.is_default) == (value, source, source == "QAMQOR")
    assert parameter_value(code, on) == value


def test_before_the_first_period_there_is_no_value():
    with pytest.raises(DomainError) as refused:
        parameter_value("postponement_days_stationary", date(2021, 12, 25))
    assert refused.value.code == "parameter_missing"


def test_an_unknown_parameter_has_no_value():
    with pytest.raises(DomainError):
        parameter_value("no_such_parameter", date(2022, 1, 1))


@pytest.fixture
def gapped():
    """A parameter in force in 2020 and again from June 2021, with nothing in between."""
    common = {"unit": "calendar_days", "name_kk": "сынақ", "name_ru": "тест", "name_en": "test",
              "source_document": "QAMQOR", "source_paragraph": "test", "is_default": True}
    Parameter.objects.create(code="test_gap", value=7, effective_from=date(2020, 1, 1),
                             effective_to=date(2020, 12, 31), **common)
    Parameter.objects.create(code="test_gap", value=9, effective_from=date(2021, 6, 1), **common)


@pytest.mark.parametrize(("on", "value"), [
    (date(2020, 1, 1), 7), (date(2020, 12, 31), 7), (date(2021, 6, 1), 9), (date(2030, 1, 1), 9)])
def test_the_boundaries_of_each_period_are_inclusive(gapped, on, value):
    assert parameter_value("test_gap", on) == value


@pytest.mark.parametrize("on", [date(2019, 12, 31), date(2021, 1, 1), date(2021, 5, 31)])
def test_a_date_in_no_period_is_refused(gapped, on):
    with pytest.raises(DomainError) as refused:
        parameter_value("test_gap", on)
    assert refused.value.code == "parameter_missing"
