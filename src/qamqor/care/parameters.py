"""The dated parameters the care rules read, each with the default it falls back to.

A value is asked for *as of a date* from ``rules.Parameter`` (loaded from ``rules/data/parameters.json``);
when the table has no row in force on that date (an empty database, a gap in the data) the domain's
constant is used, with the domain's own citation, and marked as a default. Either way the caller gets
the value together with where it comes from, so that pages and the API can say so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qamqor.care.domain import homecare, need, norms, plans
from qamqor.core.domain import Source
from qamqor.core.errors import DomainError
from qamqor.rules.selectors import parameter_get

PLAN_DUE_DAYS = "plan_due_days"
PLAN_FILL_WORKING_DAYS = "plan_fill_working_days"
PLAN_VALIDITY_MONTHS = "plan_validity_months"
PLAN_MONITORING_MONTHS = "plan_monitoring_months"
NEED_ASSESSMENT_DAYS = "leb_need_assessment_days"
NEED_DECISION_DAYS = "leb_decision_days"
CASELOAD_MIN = "home_care_caseload_min"
CASELOAD_MAX = "home_care_caseload_max"
VISITS_PER_WEEK_MIN = "home_care_visits_per_week_min"
FOSTER_AREA_PER_PERSON = "foster_living_area_per_person_m2"

# code -> (default value, unit, where the default comes from)
DEFAULTS: dict[str, tuple[Any, str, Source]] = {
    PLAN_DUE_DAYS: (plans.DUE_DAYS, "calendar_days", plans.PLAN_DEADLINES),
    PLAN_FILL_WORKING_DAYS: (plans.FILL_WORKING_DAYS, "working_days", plans.PLAN_DEADLINES),
    PLAN_VALIDITY_MONTHS: (plans.VALIDITY_MONTHS, "months", plans.PLAN_VALIDITY),
    PLAN_MONITORING_MONTHS: (plans.QUARTER_MONTHS, "months", plans.PLAN_MONITORING),
    NEED_ASSESSMENT_DAYS: (need.ASSESSMENT_DEADLINE.days, "working_days", need.DEADLINES_SILENT),
    NEED_DECISION_DAYS: (need.DECISION_DEADLINE.days, "working_days", need.DEADLINES_SILENT),
    CASELOAD_MIN: (homecare.CASELOAD_MIN, "children", homecare.CASELOAD),
    CASELOAD_MAX: (homecare.CASELOAD_MAX, "children", homecare.CASELOAD),
    VISITS_PER_WEEK_MIN: (homecare.VISITS_PER_WEEK_MIN, "times", homecare.VISITS),
    FOSTER_AREA_PER_PERSON: (norms.LIVING_SPACE_PER_PERSON_M2, "square_metres", norms.LIVING_SPACE),
}


@dataclass(frozen=True)
class RuleValue:
    """A parameter's value on a date and where it comes from; ``is_default`` is True when no regulation
    gives the value (Qamqor states it) or the data had no row and the domain constant was used."""

    code: str
    value: Any
    unit: str
    source: Source
    is_default: bool

    def __str__(self) -> str:
        marker = " — default" if self.is_default else ""
        return f"{self.code} = {self.value} ({self.source}{marker})"


def rule_value(code: str, on: date) -> RuleValue:
    """The value of a care parameter in force on ``on`` (the domain default when the data has none)."""
    default, unit, source = DEFAULTS[code]
    try:
        row = parameter_get(code, on)
    except DomainError:
        return RuleValue(code, default, unit, source, True)
    return RuleValue(code, row.value, row.unit or unit, row.source, row.is_default)


def deadline(code: str, on: date) -> tuple[need.Deadline, RuleValue]:
    """A deadline parameter as a domain ``Deadline`` (working or calendar days, by the row's unit)."""
    value = rule_value(code, on)
    count = need.DayCount.WORKING if value.unit == "working_days" else need.DayCount.CALENDAR
    return need.Deadline(int(value.value), count, value.source), value
