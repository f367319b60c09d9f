"""The regulations' catalogs in the admin: viewable with the reference permission, never editable.

The rows come from ``rules/data/*.json`` through ``manage.py load_rules``; a change is a change of
the data file, so nothing here writes. Every list shows the legal source and the dates in force."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from qamqor.access.admin import ReadOnlyAdmin
from qamqor.access.permissions import P
from qamqor.rules.models import (
    AdmissionDocument,
    Checklist,
    ChecklistRequirement,
    Contraindication,
    DischargeGround,
    ExitDocument,
    InstitutionType,
    JournalColumn,
    LegalDocument,
    Parameter,
    QualityCondition,
    RecipientCategory,
    RiskCriterion,
    ServiceItem,
    ServiceType,
)

SOURCE_COLUMNS = ("source_document", "source_paragraph", "effective_from", "effective_to")
SOURCE_FILTERS: tuple[Any, ...] = ("source_document", "effective_from", "effective_to")
NAME_SEARCH = ("code", "name_kk", "name_ru", "name_en", "source_paragraph")
TEXT_SEARCH = ("text_kk", "text_ru", "text_en", "source_paragraph")


class ReferenceAdmin(ReadOnlyAdmin):
    """A catalog of named rows: code, name in the active language, source and dates."""

    permission = P.REFERENCE_VIEW
    list_display: tuple[str, ...] = ("code", "display_name", *SOURCE_COLUMNS)
    list_filter: tuple[Any, ...] = SOURCE_FILTERS
    search_fields: tuple[str, ...] = NAME_SEARCH
    list_per_page = 100

    @admin.display(description=_("name"))
    def display_name(self, obj: Any) -> str:
        return obj.name


@admin.register(LegalDocument)
class LegalDocumentAdmin(ReferenceAdmin):
    list_display = ("code", "display_name", "registered", "adopted_on", "effective_from", "effective_to", "repealed")
    list_filter = ("repealed",)
    search_fields = ("code", "name_kk", "name_ru", "name_en", "registered", "repealed_by")


@admin.register(RecipientCategory)
class RecipientCategoryAdmin(ReferenceAdmin):
    list_display = ("code", "display_name", "age_min", "age_max", *SOURCE_COLUMNS)


@admin.register(InstitutionType)
class InstitutionTypeAdmin(ReferenceAdmin):
    list_display = ("code", "display_name", "setting", "sector", "age_min", "age_max", *SOURCE_COLUMNS)
    list_filter = ("setting", "sector", *SOURCE_FILTERS)


@admin.register(ServiceType)
class ServiceTypeAdmin(ReferenceAdmin):
    pass


@admin.register(ServiceItem)
class ServiceItemAdmin(ReferenceAdmin):
    list_display = ("code", "standard", "service_type", "item_no", "display_name", *SOURCE_COLUMNS)
    list_filter = ("standard", "service_type", *SOURCE_FILTERS)
    list_select_related = ("service_type",)


@admin.register(QualityCondition)
class QualityConditionAdmin(ReferenceAdmin):
    list_display = ("code", "standard", "service_type", "condition_no", "display_name", *SOURCE_COLUMNS)
    list_filter = ("standard", "service_type", *SOURCE_FILTERS)
    list_select_related = ("service_type",)


@admin.register(AdmissionDocument)
class AdmissionDocumentAdmin(ReferenceAdmin):
    list_display = ("institution_type", "funding", "number", "display_name", "may_be_missing_at_admission",
                    "if_any", *SOURCE_COLUMNS)
    list_filter = ("institution_type", "funding", "may_be_missing_at_admission", "if_any", *SOURCE_FILTERS)
    list_select_related = ("institution_type",)


@admin.register(Contraindication)
class ContraindicationAdmin(ReferenceAdmin):
    list_display = ("institution_type", "sort_order", "display_name", *SOURCE_COLUMNS)
    list_filter = ("institution_type", *SOURCE_FILTERS)
    list_select_related = ("institution_type",)


@admin.register(DischargeGround)
class DischargeGroundAdmin(ContraindicationAdmin):
    pass


@admin.register(ExitDocument)
class ExitDocumentAdmin(ContraindicationAdmin):
    pass


@admin.register(JournalColumn)
class JournalColumnAdmin(ReferenceAdmin):
    list_display = ("number", "is_header", "display_name", *SOURCE_COLUMNS)
    list_filter = ("is_header", *SOURCE_FILTERS)


@admin.register(RiskCriterion)
class RiskCriterionAdmin(ReferenceAdmin):
    list_display = ("number", "source_group", "severity", "subject_setting", "display_text", *SOURCE_COLUMNS)
    list_filter = ("severity", "source_group", "subject_setting", *SOURCE_FILTERS)
    search_fields = TEXT_SEARCH

    @admin.display(description=_("text"))
    def display_text(self, obj: Any) -> str:
        return obj.text


@admin.register(Checklist)
class ChecklistAdmin(ReferenceAdmin):
    list_display = ("appendix", "code", "subject_code", "display_name", *SOURCE_COLUMNS)
    list_filter = ("subject_code", *SOURCE_FILTERS)


@admin.register(ChecklistRequirement)
class ChecklistRequirementAdmin(RiskCriterionAdmin):
    list_display = ("checklist", "number", "severity", "criterion", "display_text", *SOURCE_COLUMNS)
    list_filter = ("checklist", "severity", *SOURCE_FILTERS)
    list_select_related = ("checklist", "criterion")


@admin.register(Parameter)
class ParameterAdmin(ReferenceAdmin):
    list_display = ("code", "value", "unit", "is_default", "display_name", *SOURCE_COLUMNS)
    list_filter = ("is_default", "unit", *SOURCE_FILTERS)
    search_fields = NAME_SEARCH
