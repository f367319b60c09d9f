"""Reads of the regulations' data: dated parameters and catalogs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from qamqor.core.errors import DomainError
from qamqor.rules.domain import NoParameterValue, ParameterVersion, version_on
from qamqor.rules.models import Parameter


def parameter_get(code: str, on: date) -> Parameter:
    """The row of a dated parameter in force on a date; DomainError when there is none."""
    rows = list(Parameter.objects.filter(code=code))
    versions = [ParameterVersion(r.code, r.value, r.effective_from, r.effective_to) for r in rows]
    try:
        chosen = version_on(versions, on)
    except NoParameterValue:
        raise DomainError("parameter_missing",
                          _("No value of parameter %(code)s is in force on %(date)s.") % {
                              "code": code, "date": on.isoformat()}) from None
    return rows[versions.index(chosen)]


def parameter_value(code: str, on: date) -> Any:
    """The value of a dated parameter as of a date (e.g. postponement days on the day of a notice)."""
    return parameter_get(code, on).value
