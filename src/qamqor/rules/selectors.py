"""Reads of the regulations' data: dated parameters and catalogs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from qamqor.core.errors import DomainError
from qamqor.rules.domain import NoParameterValue, ParameterVersion, version_on
from qamqor.rules.models import (
    Checklist,
    ChecklistRequirement,
    InstitutionType,
    JournalColumn,
    Parameter,
    RecipientCategory,
    RiskCriterion,
    ServiceItem,
    ServiceType,
)


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


# --- Catalog reads for the reference pages (the regulations are public: no per-user scope) -------

def institution_type_list() -> QuerySet[InstitutionType]:
    """Institution types with their recipient categories, admission documents and contraindications."""
    return InstitutionType.objects.prefetch_related(
        "categories", "admission_documents", "contraindications").order_by("sort_order", "code")


def recipient_category_list() -> QuerySet[RecipientCategory]:
    """Recipient categories of special social services, in the regulations' order."""
    return RecipientCategory.objects.order_by("sort_order", "code")


def service_type_list() -> QuerySet[ServiceType]:
    """Service types, each with its numbered service items of every standard."""
    return ServiceType.objects.prefetch_related(
        Prefetch("items", queryset=ServiceItem.objects.order_by("standard", "item_no"))).order_by("sort_order", "code")


def risk_criterion_list() -> QuerySet[RiskCriterion]:
    """The risk criteria of seed 004, Appendix 1, by number."""
    return RiskCriterion.objects.order_by("number")


def checklist_list() -> QuerySet[Checklist]:
    """The checklists of seed 004 (Appendices 2–7), each with its requirements in order."""
    return Checklist.objects.prefetch_related(
        Prefetch("requirements", queryset=ChecklistRequirement.objects.select_related("criterion").order_by("number")),
    ).order_by("appendix")


def parameter_list() -> QuerySet[Parameter]:
    """Every dated parameter, each period a row, by code and start date."""
    return Parameter.objects.order_by("code", "effective_from")


def journal_columns() -> list[str]:
    """The column headings of the journal form (seed 003 App. 2) in the form's order and the active
    language, read from the catalog so the official wording lives in one place."""
    return [c.name for c in JournalColumn.objects.filter(is_header=False).order_by("number", "sort_order")]
