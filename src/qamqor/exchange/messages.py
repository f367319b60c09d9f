"""Translated texts for the codes of the pure modules (row errors, differences, signature checks)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qamqor.core.domain import IdentifierError
from qamqor.core.errors import IDENTIFIER_MESSAGES
from qamqor.exchange.domain.roster import RowError

ROW_ERRORS: dict[str, Any] = {
    RowError.MISSING: _("Required value is missing."),
    RowError.BAD_DATE: _("Not a date (use YYYY-MM-DD or DD.MM.YYYY)."),
    RowError.BIRTH_DATE_MISMATCH: _("The date of birth differs from the one encoded in the IIN."),
    RowError.UNKNOWN_PROVIDER: _("No provider with this BIN is registered."),
    RowError.PROVIDER_OUT_OF_SCOPE: _("This provider is outside your area: you may not import its rows."),
    RowError.UNKNOWN_SETTING: _("Unknown setting (use stationary, semi_stationary, home_care or temporary_stay)."),
    RowError.DISCHARGE_BEFORE_ADMISSION: _("The discharge date is before the admission date."),
    RowError.DUPLICATE: _("The same person, provider, setting and admission date appear in an earlier row."),
    RowError.TOO_LONG: _("The value is too long."),
}
for _code, _message in IDENTIFIER_MESSAGES.items():
    ROW_ERRORS[f"iin_{_code.value}"] = _message
    ROW_ERRORS[f"bin_{_code.value}"] = _message

COLUMN_LABELS: dict[str, Any] = {
    "iin": _("IIN"),
    "surname": _("surname"),
    "name": _("name"),
    "given_name": _("name"),
    "patronymic": _("patronymic"),
    "birth_date": _("date of birth"),
    "provider_bin": _("provider BIN"),
    "setting": _("setting"),
    "admission_date": _("admission date"),
    "discharge_date": _("discharge date"),
    "category": _("category"),
}

FILE_ERRORS: dict[str, Any] = {
    "unknown_format": _("Unknown file format: send CSV, XLSX or JSON."),
    "no_iin_column": _("The first row must name the columns, including IIN."),
    "not_utf8": _("The file is not in UTF-8 encoding."),
    "not_xlsx": _("The file cannot be read as an XLSX workbook."),
    "bad_json": _("The file is not a JSON array of objects or JSON Lines."),
    "bad_csv": _("The file cannot be read as CSV."),
}


def row_error_text(problem: dict[str, str]) -> str:
    """``column: message (detail)`` for one stored problem."""
    label = COLUMN_LABELS.get(problem.get("field", ""), problem.get("field", ""))
    message = ROW_ERRORS.get(problem.get("code", ""), problem.get("code", ""))
    detail = problem.get("detail") or ""
    return f"{label}: {message}" + (f" ({detail})" if detail else "")


__all__ = ["COLUMN_LABELS", "FILE_ERRORS", "ROW_ERRORS", "IdentifierError", "row_error_text"]
