"""Read-only endpoints of the regulations' catalogs (/api/v1/reference/...).

The catalogs are loaded from versioned data files and never written through the API; every row
carries its legal source and the dates it is in force."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from qamqor.access.permissions import P
from qamqor.rules import selectors
from qamqor.rules.choices import Sector, Setting, Severity
from qamqor.rules.models import AdmissionDocument


class SourcedSerializer(serializers.Serializer):
    source_document = serializers.CharField()
    source_paragraph = serializers.CharField()
    effective_from = serializers.DateField(allow_null=True)
    effective_to = serializers.DateField(allow_null=True)


class CatalogRowSerializer(SourcedSerializer):
    code = serializers.CharField()
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.SlugRelatedField):
    """A catalog row named by its code."""


class _CatalogApi(ListAPIView):
    required = {"GET": P.REFERENCE_VIEW}
    filter_backends = ()
    pagination_class = None


class InstitutionTypeListApi(_CatalogApi):
    """Institution types with their recipient categories, admission documents and contraindications."""

    class OutputSerializer(CatalogRowSerializer):
        class AdmissionDocumentSerializer(CatalogRowSerializer):
            number = serializers.IntegerField()
            funding = serializers.ChoiceField(choices=AdmissionDocument.Funding.choices)
            may_be_missing_at_admission = serializers.BooleanField()
            if_any = serializers.BooleanField()

        setting = serializers.ChoiceField(choices=Setting.choices)
        sector = serializers.ChoiceField(choices=Sector.choices)
        age_min = serializers.IntegerField(allow_null=True)
        age_max = serializers.IntegerField(allow_null=True)
        categories = CodeField(slug_field="code", many=True, read_only=True)
        admission_documents = AdmissionDocumentSerializer(source="admission_documents.all", many=True)
        contraindications = CatalogRowSerializer(source="contraindications.all", many=True)

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        return selectors.institution_type_list()


class RecipientCategoryListApi(_CatalogApi):
    class OutputSerializer(CatalogRowSerializer):
        age_min = serializers.IntegerField(allow_null=True)
        age_max = serializers.IntegerField(allow_null=True)

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        return selectors.recipient_category_list()


class ServiceTypeListApi(_CatalogApi):
    """Service types, each with its numbered items of every standard."""

    class OutputSerializer(CatalogRowSerializer):
        class ItemSerializer(CatalogRowSerializer):
            standard = serializers.CharField()
            item_no = serializers.IntegerField()

        items = ItemSerializer(source="items.all", many=True)

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        return selectors.service_type_list()


class RiskCriterionListApi(_CatalogApi):
    class OutputSerializer(SourcedSerializer):
        number = serializers.IntegerField()
        source_group = serializers.IntegerField()
        text_kk = serializers.CharField()
        text_ru = serializers.CharField()
        text_en = serializers.CharField()
        severity = serializers.ChoiceField(choices=Severity.choices)
        subject_setting = serializers.CharField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        return selectors.risk_criterion_list()


class ChecklistListApi(_CatalogApi):
    class OutputSerializer(CatalogRowSerializer):
        class RequirementSerializer(SourcedSerializer):
            number = serializers.IntegerField()
            text_kk = serializers.CharField()
            text_ru = serializers.CharField()
            text_en = serializers.CharField()
            severity = serializers.CharField()
            criterion = serializers.IntegerField(source="criterion.number", allow_null=True, default=None)

        appendix = serializers.IntegerField()
        subject_code = serializers.CharField()
        requirements = RequirementSerializer(source="requirements.all", many=True)

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        return selectors.checklist_list()


class ParameterListApi(_CatalogApi):
    """Dated parameters: one row per period; ``is_default`` marks a Qamqor default where the
    regulation is silent."""

    class OutputSerializer(SourcedSerializer):
        code = serializers.CharField()
        value = serializers.JSONField()
        unit = serializers.CharField()
        name_kk = serializers.CharField()
        name_ru = serializers.CharField()
        name_en = serializers.CharField()
        is_default = serializers.BooleanField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        return selectors.parameter_list()


urlpatterns = [
    path("reference/institution-types/", InstitutionTypeListApi.as_view(), name="reference-institution-types"),
    path("reference/recipient-categories/", RecipientCategoryListApi.as_view(),
         name="reference-recipient-categories"),
    path("reference/service-types/", ServiceTypeListApi.as_view(), name="reference-service-types"),
    path("reference/risk-criteria/", RiskCriterionListApi.as_view(), name="reference-risk-criteria"),
    path("reference/checklists/", ChecklistListApi.as_view(), name="reference-checklists"),
    path("reference/parameters/", ParameterListApi.as_view(), name="reference-parameters"),
]
