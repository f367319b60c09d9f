"""The dated parameters state control reads, each with the value it falls back to when the table has
no row in force (an empty database); the caller always learns where a value came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qamqor.control.domain.risk import RiskMethod
from qamqor.core.errors import DomainError
from qamqor.rules.selectors import parameter_get

RISK_GROSS_SCORE = "risk_gross_score"
RISK_WEIGHT_SIGNIFICANT = "risk_weight_significant"
RISK_WEIGHT_MINOR = "risk_weight_minor"
RISK_THRESHOLD_MEDIUM = "risk_threshold_medium"
RISK_THRESHOLD_HIGH = "risk_threshold_high"
COMPLAINT_THRESHOLD = "complaint_threshold_count"
COMPLAINT_WINDOW_MONTHS = "complaint_window_months"
VISITS_PER_HALF_YEAR = "preventive_visits_per_half_year"
NOTICE_DAYS = "preventive_notice_days"
LIST_PUBLISH_DATES = "preventive_list_publish_dates"
PLAN_DUE_DAYS = "plan_due_days"
RECORDS_WINDOW_MONTHS = "risk_records_window_months"

DEFAULTS: dict[str, Any] = {
    RISK_GROSS_SCORE: 100, RISK_WEIGHT_SIGNIFICANT: 0.7, RISK_WEIGHT_MINOR: 0.3,
    RISK_THRESHOLD_MEDIUM: 30, RISK_THRESHOLD_HIGH: 70,
    COMPLAINT_THRESHOLD: 2, COMPLAINT_WINDOW_MONTHS: 12,
    VISITS_PER_HALF_YEAR: 1, NOTICE_DAYS: 30, LIST_PUBLISH_DATES: {"1": "12-25", "2": "05-25"},
    PLAN_DUE_DAYS: 14, RECORDS_WINDOW_MONTHS: 12,
}

_METHOD_FIELDS = {
    "gross_score": RISK_GROSS_SCORE, "weight_significant": RISK_WEIGHT_SIGNIFICANT,
    "weight_minor": RISK_WEIGHT_MINOR, "threshold_medium": RISK_THRESHOLD_MEDIUM,
    "threshold_high": RISK_THRESHOLD_HIGH,
}


@dataclass(frozen=True)
class UsedValue:
    """A parameter's value on a date and where it came from (``is_default``: no regulation gives it)."""

    code: str
    value: Any
    source: str
    is_default: bool
    effective_from: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "value": self.value, "source": self.source, "is_default": self.is_default,
                "effective_from": self.effective_from}


def value(code: str, on: date) -> UsedValue:
    try:
        row = parameter_get(code, on)
    except DomainError:
        return UsedValue(code, DEFAULTS[code], "QAMQOR (no parameter row in force)", True)
    return UsedValue(code, row.value, str(row.source), row.is_default,
                     row.effective_from.isoformat() if row.effective_from else None)


def risk_method(on: date) -> tuple[RiskMethod, list[UsedValue]]:
    """The method's parameters in force on ``on`` and the values used, for the breakdown."""
    used = {name: value(code, on) for name, code in _METHOD_FIELDS.items()}
    return RiskMethod.of({name: u.value for name, u in used.items()}), list(used.values())
