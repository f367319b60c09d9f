"""The catalog rows (``qamqor.rules``) a care record needs, as they apply on a date.

Reference data is public (no per-user scope). Where a repealed rule has no successor in the data yet,
its last rows continue to apply (``care.domain.catalog``)."""

from __future__ import annotations

from datetime import date

from qamqor.care.domain.catalog import Applicable, applicable_rows
from qamqor.care.domain.plans import standard_for
from qamqor.registry.models import Provider
from qamqor.rules.models import (
    AdmissionDocument,
    Contraindication,
    ExitDocument,
    InstitutionType,
    ServiceItem,
    Sourced,
)


def _period(row: Sourced) -> tuple[date | None, date | None]:
    return row.effective_from, row.effective_to


def admission_documents_for(institution_type: InstitutionType, funding: str, on: date) -> Applicable[AdmissionDocument]:
    """The admission documents of the type's list for a budget or paid place, in the list's order."""
    rows = list(AdmissionDocument.objects.filter(
        institution_type=institution_type, funding__in=[AdmissionDocument.Funding.ANY, funding],
    ).order_by("number", "code"))
    return applicable_rows(rows, on, _period)


def contraindications_for(institution_type: InstitutionType, on: date) -> Applicable[Contraindication]:
    rows = list(Contraindication.objects.filter(institution_type=institution_type).order_by("sort_order", "code"))
    return applicable_rows(rows, on, _period)


def exit_documents_for(institution_type: InstitutionType, on: date) -> Applicable[ExitDocument]:
    rows = list(ExitDocument.objects.filter(institution_type=institution_type).order_by("sort_order", "code"))
    return applicable_rows(rows, on, _period)


def standard_items(standard: str, on: date) -> Applicable[ServiceItem]:
    """The service items of a standard, by service type and number."""
    rows = list(ServiceItem.objects.filter(standard=standard).select_related("service_type").order_by(
        "service_type__sort_order", "service_type__code", "item_no"))
    return applicable_rows(rows, on, _period)


def standard_of(provider: Provider) -> str | None:
    """The standard that applies to the provider's institution type (None when the catalog has none)."""
    kind = provider.institution_type
    if kind is None:
        return None
    return standard_for(kind.source_document, kind.source_paragraph)


def standard_exists(standard: str) -> bool:
    return ServiceItem.objects.filter(standard=standard).exists()
