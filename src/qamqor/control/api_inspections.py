"""REST endpoints of inspections under /api/v1/control/inspections/: list and appoint, read one with its
checklist items, fill items, complete, cancel, and the printed checklist (PDF).

Reading needs ``P.CONTROL_VIEW`` and sees the actor's scope only (another region's inspection is a 404);
writing needs ``P.INSPECTION_CONDUCT`` and is one call of ``control.services.inspections``."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qamqor.access.core import scope
from qamqor.access.permissions import P
from qamqor.control.models import Inspection, PreventiveControlEntry, Subject
from qamqor.control.selectors import inspections as selectors
from qamqor.control.services import inspections as services
from qamqor.core.documents import pdf_response
from qamqor.registry.api import _input
from qamqor.rules.models import Checklist


class SubjectField(serializers.UUIDField):
    """A controlled subject named by its ``uid`` among those the actor may see (others look missing)."""

    default_error_messages = {"not_found": _("No record with this identifier is available to you.")}

    def to_internal_value(self, data: Any) -> Subject:
        uid = super().to_internal_value(data)
        found = scope(self.context["request"].user, Subject.objects.all()).filter(uid=uid).first()
        if found is None:
            self.fail("not_found")
        return found


class ListEntryField(serializers.IntegerField):
    """An entry of a preventive-control list (its id) among those the actor may see."""

    default_error_messages = {"not_found": _("No record with this identifier is available to you.")}

    def to_internal_value(self, data: Any) -> PreventiveControlEntry:
        pk = super().to_internal_value(data)
        found = scope(self.context["request"].user, PreventiveControlEntry.objects.all()).filter(pk=pk).first()
        if found is None:
            self.fail("not_found")
        return found


class ChecklistRefSerializer(serializers.Serializer):
    appendix = serializers.IntegerField()
    code = serializers.CharField()
    subject_code = serializers.CharField()
    name = serializers.CharField()


class InspectionItemSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="requirement.number")
    requirement = serializers.CharField(source="requirement.text")
    criterion = serializers.IntegerField(source="requirement.criterion.number", allow_null=True, default=None)
    severity = serializers.CharField(source="requirement.severity")
    required = serializers.BooleanField()
    compliant = serializers.BooleanField(allow_null=True)
    evidence_note = serializers.CharField()


class InspectionFindingSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    number = serializers.IntegerField(source="inspection_item.requirement.number", allow_null=True, default=None)
    criterion = serializers.IntegerField(source="criterion.number", allow_null=True, default=None)
    severity = serializers.CharField()
    source_group = serializers.IntegerField()
    found_on = serializers.DateField()
    status = serializers.CharField()


class InspectionSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Inspection.Kind.choices)
    status = serializers.ChoiceField(choices=Inspection.Status.choices)
    act_number = serializers.CharField()
    act_date = serializers.DateField()
    appointing_body = serializers.CharField()
    subject = serializers.UUIDField(source="subject.uid")
    subject_name = serializers.CharField()
    subject_bin_iin = serializers.CharField()
    subject_address = serializers.CharField()
    officials = serializers.CharField()
    head_of_subject = serializers.CharField()
    checklist = ChecklistRefSerializer()
    started_on = serializers.DateField(allow_null=True)
    finished_on = serializers.DateField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    list_entry = serializers.IntegerField(source="list_entry_id", allow_null=True)


class InspectionFullSerializer(InspectionSerializer):
    items = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    @extend_schema_field(InspectionItemSerializer(many=True))
    def get_items(self, inspection: Inspection) -> list[dict[str, Any]]:
        return InspectionItemSerializer(selectors.inspection_items(inspection), many=True).data

    @extend_schema_field(InspectionFindingSerializer(many=True))
    def get_findings(self, inspection: Inspection) -> list[dict[str, Any]]:
        rows = inspection.findings.select_related("criterion", "inspection_item__requirement").order_by(
            "inspection_item__requirement__number")
        return InspectionFindingSerializer(rows, many=True).data


def _out(inspection: Inspection, code: int = status.HTTP_200_OK) -> Response:
    inspection.refresh_from_db()
    return Response(InspectionFullSerializer(inspection).data, status=code)


class InspectionListApi(APIView):
    """The inspections the actor may see, newest act first; appoint one (inspectors)."""

    required = {"GET": P.CONTROL_VIEW, "POST": P.INSPECTION_CONDUCT}

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Inspection.Status.choices, required=False)
        subject = SubjectField(required=False)
        q = serializers.CharField(required=False, allow_blank=True)

    class InputSerializer(serializers.Serializer):
        subject = SubjectField()
        kind = serializers.ChoiceField(choices=Inspection.Kind.choices, required=False)
        act_number = serializers.CharField(max_length=100)
        act_date = serializers.DateField()
        appointing_body = serializers.CharField(max_length=500)
        officials = serializers.CharField()
        head_of_subject = serializers.CharField(max_length=500, required=False, allow_blank=True)
        started_on = serializers.DateField(required=False, allow_null=True)
        checklist = serializers.SlugRelatedField(slug_field="appendix", queryset=Checklist.objects.all(),
                                                 required=False, allow_null=True)
        subject_name = serializers.CharField(max_length=500, required=False)
        subject_bin_iin = serializers.CharField(max_length=12, required=False, allow_blank=True)
        subject_address = serializers.CharField(max_length=500, required=False, allow_blank=True)
        note = serializers.CharField(required=False, allow_blank=True)
        list_entry = ListEntryField(required=False, allow_null=True)

    @extend_schema(parameters=[FilterSerializer], responses=InspectionSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params, context={"request": request})
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        rows = selectors.inspection_list(actor=request.user, subject=data.get("subject"),
                                         status=data.get("status"), search=data.get("q", ""))
        return Response(InspectionSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: InspectionFullSerializer})
    def post(self, request: Request) -> Response:
        """Appoint an inspection on an act; its checklist is the one for the subject's kind."""
        inspection = services.inspection_appoint(actor=request.user, **_input(self.InputSerializer, request))
        return _out(inspection, status.HTTP_201_CREATED)


class InspectionDetailApi(APIView):
    required = {"GET": P.CONTROL_VIEW}

    @extend_schema(responses=InspectionFullSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        return _out(selectors.inspection_get(actor=request.user, uid=uid))


class InspectionItemsApi(APIView):
    """Record checklist items (by requirement number): required or not, compliant or not, evidence."""

    required = {"POST": P.INSPECTION_CONDUCT}

    class ItemSerializer(serializers.Serializer):
        number = serializers.IntegerField(min_value=1)
        required = serializers.BooleanField(default=True)
        compliant = serializers.BooleanField(allow_null=True, required=False, default=None)
        evidence_note = serializers.CharField(required=False, allow_blank=True, default="")

    class InputSerializer(serializers.Serializer):
        items = serializers.ListField(child=serializers.DictField(), allow_empty=False)

        def validate_items(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
            rows = []
            for raw in value:
                row = InspectionItemsApi.ItemSerializer(data=raw)
                row.is_valid(raise_exception=True)
                rows.append(row.validated_data)
            return rows

    @extend_schema(request=InputSerializer, responses=InspectionFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        inspection = selectors.inspection_get(actor=request.user, uid=uid)
        rows = _input(self.InputSerializer, request)["items"]
        services.inspection_fill(actor=request.user, inspection=inspection, items={
            r["number"]: services.ItemInput(r["required"], r["compliant"], r["evidence_note"]) for r in rows})
        return _out(inspection)


class InspectionCompleteApi(APIView):
    """Complete: each non-compliance becomes a finding of the first source; the risk is computed again."""

    required = {"POST": P.INSPECTION_CONDUCT}

    class InputSerializer(serializers.Serializer):
        finished_on = serializers.DateField()
        head_of_subject = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=InspectionFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        inspection = selectors.inspection_get(actor=request.user, uid=uid)
        services.inspection_complete(actor=request.user, inspection=inspection,
                                     **_input(self.InputSerializer, request))
        return _out(inspection)


class InspectionCancelApi(APIView):
    required = {"POST": P.INSPECTION_CONDUCT}

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=InspectionFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        inspection = selectors.inspection_get(actor=request.user, uid=uid)
        services.inspection_cancel(actor=request.user, inspection=inspection, **_input(self.InputSerializer, request))
        return _out(inspection)


class InspectionPrintApi(APIView):
    """The checklist in the layout of its appendix (PDF)."""

    required = {"GET": P.CONTROL_VIEW}

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="PDF")})
    def get(self, request: Request, uid: Any) -> Any:
        inspection = selectors.inspection_get(actor=request.user, uid=uid)
        return pdf_response("control/inspection_print.html", selectors.inspection_print_context(inspection),
                            f"checklist-{inspection.checklist.appendix}-{slugify(inspection.act_number) or 'act'}.pdf")


urlpatterns = [
    path("control/inspections/", InspectionListApi.as_view(), name="control-inspection-list"),
    path("control/inspections/<uuid:uid>/", InspectionDetailApi.as_view(), name="control-inspection-detail"),
    path("control/inspections/<uuid:uid>/items/", InspectionItemsApi.as_view(), name="control-inspection-items"),
    path("control/inspections/<uuid:uid>/complete/", InspectionCompleteApi.as_view(),
         name="control-inspection-complete"),
    path("control/inspections/<uuid:uid>/cancel/", InspectionCancelApi.as_view(), name="control-inspection-cancel"),
    path("control/inspections/<uuid:uid>/print/", InspectionPrintApi.as_view(), name="control-inspection-print"),
]
