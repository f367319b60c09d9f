"""The care records in the admin, read-only: rows come from ``qamqor.access`` (``ScopedAdmin``) and every
write goes through the care services (pages and API), so the rules and the audit trail always apply."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin

from qamqor.access.admin import ScopedAdmin
from qamqor.access.permissions import P
from qamqor.care import models


class _CareReadOnly(ScopedAdmin):
    """Viewable by those who may read the record; never added, changed or deleted here."""

    perms: ClassVar[dict[str, P]] = {}

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


@admin.register(models.NeedAssessment)
class NeedAssessmentAdmin(_CareReadOnly):
    perms = {"view": P.NEED_VIEW}
    list_display = ("person", "region", "application_date", "assessment_date")
    search_fields = ("person__iin", "person__surname")


@admin.register(models.ServiceDecision)
class ServiceDecisionAdmin(_CareReadOnly):
    perms = {"view": P.NEED_VIEW}
    search_fields = ("person__iin", "person__surname")


class DossierDocumentInline(admin.TabularInline):
    model = models.DossierDocument
    extra = 0
    can_delete = False
    fields = ("document", "state", "received_on", "requested_on", "requested_from")
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(models.AdmissionDossier)
class AdmissionDossierAdmin(_CareReadOnly):
    perms = {"view": P.DOSSIER_VIEW}
    list_display = ("person", "provider", "institution_type", "opened_on", "admission_date", "closed_on")
    list_filter = ("funding",)
    search_fields = ("person__iin", "person__surname")
    inlines = [DossierDocumentInline]


class PlanItemInline(admin.TabularInline):
    model = models.PlanItem
    extra = 0
    can_delete = False
    fields = ("service_item", "responsible", "responsible_name", "schedule", "expected_result", "planned_count")
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(models.IndividualWorkPlan)
class IndividualWorkPlanAdmin(_CareReadOnly):
    perms = {"view": P.PLAN_VIEW}
    list_display = ("person", "provider", "status", "basis_date", "due_on", "fill_by", "approved_on", "version")
    list_filter = ("status",)
    search_fields = ("person__iin", "person__surname")
    inlines = [PlanItemInline]


@admin.register(models.PlanVersion)
class PlanVersionAdmin(_CareReadOnly):
    perms = {"view": P.PLAN_VIEW}
    list_display = ("plan", "number", "approved_on", "approved_by_name")


@admin.register(models.PlanMonitoring)
class PlanMonitoringAdmin(_CareReadOnly):
    perms = {"view": P.PLAN_VIEW}
    list_display = ("plan", "recorded_on", "quarter")


@admin.register(models.ServiceDelivery)
class ServiceDeliveryAdmin(_CareReadOnly):
    perms = {"view": P.SERVICE_VIEW}
    list_display = ("person", "provider", "delivered_on", "service_item", "quantity", "funding")
    list_filter = ("funding",)
    search_fields = ("person__iin", "person__surname")


@admin.register(models.ServiceContract)
class ServiceContractAdmin(_CareReadOnly):
    perms = {"view": P.SERVICE_VIEW}
    list_display = ("person", "provider", "number", "valid_from", "valid_until", "terminated_on")


@admin.register(models.LivingConditionsAct)
class LivingConditionsActAdmin(_CareReadOnly):
    perms = {"view": P.SERVICE_VIEW}
    list_display = ("person", "provider", "number", "inspected_on")


@admin.register(models.CareAssignment)
class CareAssignmentAdmin(_CareReadOnly):
    perms = {"view": P.SERVICE_VIEW}
    list_display = ("worker", "person", "start_on", "end_on")
