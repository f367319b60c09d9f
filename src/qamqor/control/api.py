"""REST endpoints of state control under /api/v1/control/: controlled subjects (by risk), a subject's
findings and score history, recording and withdrawing findings, the complaint register, recomputing
scores, and the preventive-control lists. (Inspections: ``api_inspections``, control-inspections.)

Reading needs ``P.CONTROL_VIEW`` and sees the actor's scope only (another region's record is a 404);
every write is one call of a control service, which checks its own permission."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qamqor.access.core import scope
from qamqor.access.permissions import P
from qamqor.control import selectors
from qamqor.control.models import Complaint, Finding, PreventiveControlList, RiskScore, Subject
from qamqor.control.services import complaints as complaint_services
from qamqor.control.services import findings as finding_services
from qamqor.control.services import lists as list_services
from qamqor.control.services import risk as risk_services
from qamqor.control.services import subjects as subject_services
from qamqor.control.services._common import require
from qamqor.core.errors import NotFound
from qamqor.registry.api import RegionField, _input

METHOD_NOTE = _("The seed refers to the method of the Rules for forming the risk-assessment system but does not "
                "state it: the formula, weights and bands are Qamqor's parameters (see breakdown.parameters).")


class ScopedSubjectField(serializers.UUIDField):
    """A controlled subject named by its uid, among those the actor may see."""

    def to_internal_value(self, data: Any) -> Any:
        uid = super().to_internal_value(data)
        subject = scope(self.context["request"].user, Subject.objects.all()).filter(uid=uid).first()
        if subject is None:
            raise serializers.ValidationError(str(NotFound().message))
        return subject


# --- shapes --------------------------------------------------------------------------------------------

class SubjectSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    kind = serializers.CharField()
    setting = serializers.CharField()
    name = serializers.CharField()
    bin_iin = serializers.CharField()
    address = serializers.CharField()
    region = serializers.CharField(source="region.code")
    provider = serializers.UUIDField(source="provider.uid", allow_null=True, default=None)
    is_portal_supplier = serializers.BooleanField()
    is_active = serializers.BooleanField()
    latest_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, default=None)
    latest_degree = serializers.CharField(allow_null=True, default=None)
    latest_as_of = serializers.DateField(allow_null=True, default=None)


class FindingSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    subject = serializers.UUIDField(source="subject.uid")
    criterion = serializers.IntegerField(source="criterion.number", allow_null=True, default=None)
    severity = serializers.CharField()
    source_group = serializers.IntegerField()
    found_on = serializers.DateField()
    description = serializers.CharField()
    act_number = serializers.CharField()
    publication_url = serializers.CharField()
    complaint_number = serializers.CharField()
    data_extract = serializers.CharField()
    origin = serializers.CharField()
    rule_code = serializers.CharField()
    explanation = serializers.CharField()
    records = serializers.JSONField()
    inspection = serializers.UUIDField(source="inspection.uid", allow_null=True, default=None)
    status = serializers.CharField()
    withdrawal_reason = serializers.CharField()


class ScoreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    as_of = serializers.DateField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    degree = serializers.CharField()
    trigger = serializers.CharField()
    breakdown = serializers.JSONField()
    method_note = serializers.SerializerMethodField()

    def get_method_note(self, row: RiskScore) -> str:
        return str(METHOD_NOTE)


class ComplaintSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    number = serializers.CharField()
    received_on = serializers.DateField()
    subject = serializers.UUIDField(source="subject.uid")
    topic = serializers.IntegerField(source="topic.number")
    applicant = serializers.CharField()
    summary = serializers.CharField()
    decision = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    decision_note = serializers.CharField()


class EntrySerializer(serializers.Serializer):
    order = serializers.IntegerField()
    subject = serializers.UUIDField(source="subject.uid")
    subject_name = serializers.CharField(source="subject.name")
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    degree = serializers.CharField()
    visit_no = serializers.IntegerField()
    planned_visit_on = serializers.DateField(allow_null=True)
    notice_by = serializers.DateField(allow_null=True)


class ListSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    year = serializers.IntegerField()
    half = serializers.IntegerField()
    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    formed_on = serializers.DateField()
    publish_by = serializers.DateField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    parameters = serializers.JSONField()


class ListFullSerializer(ListSerializer):
    entries = serializers.SerializerMethodField()

    def get_entries(self, obj: PreventiveControlList) -> Any:
        return EntrySerializer(selectors.preventive_entries(self.context["actor"], obj), many=True).data


# --- subjects --------------------------------------------------------------------------------------------

class SubjectListApi(APIView):
    """Controlled subjects the actor may see, highest latest score first; filter by kind, region, degree, q."""

    required = {"GET": P.CONTROL_VIEW, "POST": P.RISK_RECOMPUTE}

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=[k for k in Subject.Kind.choices if k[0] != "provider"])
        region = RegionField()
        name = serializers.CharField(max_length=500)
        bin_iin = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
        address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
        head_name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        is_portal_supplier = serializers.BooleanField(required=False, default=False)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    class FilterSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Subject.Kind.choices, required=False)
        degree = serializers.ChoiceField(choices=RiskScore.DegreeChoice.choices, required=False)
        region = RegionField(required=False)
        q = serializers.CharField(required=False)

    @extend_schema(parameters=[FilterSerializer], responses=SubjectSerializer(many=True))
    def get(self, request: Request) -> Response:
        f = self.FilterSerializer(data=request.query_params, context={"request": request})
        f.is_valid(raise_exception=True)
        d = f.validated_data
        rows = selectors.subject_list(request.user, kind=d.get("kind"), region=d.get("region"),
                                      degree=d.get("degree"), search=d.get("q", ""))
        return Response(SubjectSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: SubjectSerializer})
    def post(self, request: Request) -> Response:
        """Register a local executive body, an accessibility or a rehabilitation subject (providers come
        from the registry: one subject per provider setting, kept in step by the scheduled job)."""
        subject = subject_services.subject_create(request.user, **_input(self.InputSerializer, request))
        return Response(SubjectSerializer(subject).data, status=status.HTTP_201_CREATED)


class SubjectDetailApi(APIView):
    """One subject with its latest score (and breakdown) and its active findings."""

    required = {"GET": P.CONTROL_VIEW}

    @extend_schema(responses=SubjectSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        subject = selectors.subject_get(request.user, uid)
        latest = selectors.score_latest(subject)
        data = dict(SubjectSerializer(subject).data)
        data["score"] = ScoreSerializer(latest).data if latest else None
        data["findings"] = FindingSerializer(selectors.finding_list(request.user, subject=subject), many=True).data
        return Response(data)


class SubjectScoresApi(APIView):
    """The history of a subject's score, newest first, each with its breakdown."""

    required = {"GET": P.CONTROL_VIEW, "POST": P.RISK_RECOMPUTE}

    @extend_schema(responses=ScoreSerializer(many=True))
    def get(self, request: Request, uid: Any) -> Response:
        subject = selectors.subject_get(request.user, uid)
        return Response(ScoreSerializer(selectors.score_history(request.user, subject), many=True).data)

    @extend_schema(request=None, responses={201: ScoreSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        """Recompute the subject's computed findings and score now."""
        from qamqor.control.services.complaints import complaints_apply_threshold
        from qamqor.control.services.computed import findings_compute

        subject = selectors.subject_get(request.user, uid)
        require(request.user, P.RISK_RECOMPUTE, subject)
        findings_compute(subject)
        complaints_apply_threshold(subject)
        row = risk_services.risk_recompute(subject, actor=request.user, trigger="manual")
        return Response(ScoreSerializer(row).data, status=status.HTTP_201_CREATED)


# --- findings --------------------------------------------------------------------------------------------

class FindingListApi(APIView):
    """Findings the actor may see (active by default); record one (inspector)."""

    required = {"GET": P.CONTROL_VIEW, "POST": P.FINDING_RECORD}

    class FilterSerializer(serializers.Serializer):
        subject = ScopedSubjectField(required=False)
        status = serializers.ChoiceField(choices=Finding.Status.choices, required=False)
        origin = serializers.ChoiceField(choices=Finding.Origin.choices, required=False)
        criterion = serializers.IntegerField(required=False, min_value=1, max_value=90)

    class InputSerializer(serializers.Serializer):
        subject = ScopedSubjectField()
        criterion = serializers.IntegerField(min_value=1, max_value=90)
        source_group = serializers.ChoiceField(choices=Finding.Group.choices)
        found_on = serializers.DateField()
        description = serializers.CharField(required=False, allow_blank=True, default="")
        act_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
        publication_url = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
        complaint_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
        data_extract = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(parameters=[FilterSerializer], responses=FindingSerializer(many=True))
    def get(self, request: Request) -> Response:
        f = self.FilterSerializer(data=request.query_params, context={"request": request})
        f.is_valid(raise_exception=True)
        d = f.validated_data
        rows = selectors.finding_list(request.user, subject=d.get("subject"), status=d.get("status", "active"),
                                      origin=d.get("origin"), criterion=d.get("criterion"))
        return Response(FindingSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: FindingSerializer})
    def post(self, request: Request) -> Response:
        data = _input(self.InputSerializer, request)
        subject = data.pop("subject")
        finding = finding_services.finding_record(request.user, subject, **data)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class FindingWithdrawApi(APIView):
    """Withdraw a finding, giving the reason."""

    required = {"POST": P.FINDING_RECORD}

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=FindingSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        finding = selectors.finding_get(request.user, uid)
        finding = finding_services.finding_withdraw(request.user, finding, **_input(self.InputSerializer, request))
        return Response(FindingSerializer(finding).data)


# --- complaints ------------------------------------------------------------------------------------------

class ComplaintListApi(APIView):
    """The complaint register; register a complaint (being examined)."""

    required = {"GET": P.CONTROL_VIEW, "POST": P.COMPLAINT_RECORD}

    class FilterSerializer(serializers.Serializer):
        subject = ScopedSubjectField(required=False)
        decision = serializers.ChoiceField(choices=Complaint.Decision.choices, required=False)
        topic = serializers.IntegerField(required=False, min_value=85, max_value=90)

    class InputSerializer(serializers.Serializer):
        subject = ScopedSubjectField()
        topic = serializers.IntegerField(min_value=85, max_value=90)
        number = serializers.CharField(max_length=60)
        received_on = serializers.DateField()
        applicant = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
        summary = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(parameters=[FilterSerializer], responses=ComplaintSerializer(many=True))
    def get(self, request: Request) -> Response:
        f = self.FilterSerializer(data=request.query_params, context={"request": request})
        f.is_valid(raise_exception=True)
        d = f.validated_data
        rows = selectors.complaint_list(request.user, subject=d.get("subject"), decision=d.get("decision"),
                                        topic=d.get("topic"))
        return Response(ComplaintSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ComplaintSerializer})
    def post(self, request: Request) -> Response:
        complaint = complaint_services.complaint_register(request.user, **_input(self.InputSerializer, request))
        return Response(ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintDecideApi(APIView):
    """Record whether a complaint was confirmed (the complaint criteria are re-applied)."""

    required = {"POST": P.COMPLAINT_RECORD}

    class InputSerializer(serializers.Serializer):
        confirmed = serializers.BooleanField()
        decided_on = serializers.DateField()
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=ComplaintSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        complaint = selectors.complaint_get(request.user, uid)
        complaint = complaint_services.complaint_decide(request.user, complaint,
                                                        **_input(self.InputSerializer, request))
        return Response(ComplaintSerializer(complaint).data)


# --- preventive-control lists ----------------------------------------------------------------------------

class PreventiveListListApi(APIView):
    """The semi-annual preventive-control lists; form one (inspector)."""

    required = {"GET": P.CONTROL_VIEW, "POST": P.CONTROL_LIST_FORM}

    class InputSerializer(serializers.Serializer):
        year = serializers.IntegerField(min_value=2022, max_value=2100)
        half = serializers.ChoiceField(choices=[1, 2])
        region = RegionField(required=False, allow_null=True, default=None)
        formed_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(responses=ListSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(ListSerializer(selectors.preventive_list_list(request.user), many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ListFullSerializer})
    def post(self, request: Request) -> Response:
        control_list = list_services.preventive_list_form(request.user, **_input(self.InputSerializer, request))
        return Response(ListFullSerializer(control_list, context={"actor": request.user}).data,
                        status=status.HTTP_201_CREATED)


class PreventiveListDetailApi(APIView):
    """One list with its planned visits in order."""

    required = {"GET": P.CONTROL_VIEW}

    @extend_schema(responses=ListFullSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        control_list = selectors.preventive_list_get(request.user, uid)
        return Response(ListFullSerializer(control_list, context={"actor": request.user}).data)


class DashboardRegionSerializer(serializers.Serializer):
    region = serializers.CharField()
    name = serializers.CharField()
    high = serializers.IntegerField()
    medium = serializers.IntegerField()
    low = serializers.IntegerField()
    unscored = serializers.IntegerField()
    total = serializers.IntegerField()


class DashboardCriterionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    severity = serializers.CharField()
    source_group = serializers.IntegerField()
    findings = serializers.IntegerField()
    subjects = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    regions = DashboardRegionSerializer(many=True)
    criteria = DashboardCriterionSerializer(many=True)


class DashboardApi(APIView):
    """Risk by region (subjects per degree on their latest score) and active findings by criterion."""

    required = {"GET": P.CONTROL_VIEW}

    @extend_schema(responses=DashboardSerializer)
    def get(self, request: Request) -> Response:
        regions = [{"region": r["region"].code, "name": str(r["region"]), "high": r["high"], "medium": r["medium"],
                    "low": r["low"], "unscored": r["unscored"], "total": r["total"]}
                   for r in selectors.risk_by_region(request.user)]
        criteria = [{k: r[k] for k in ("number", "severity", "source_group", "findings", "subjects")}
                    for r in selectors.findings_by_criterion(request.user)]
        return Response(DashboardSerializer({"regions": regions, "criteria": criteria}).data)


urlpatterns = [
    path("control/dashboard/", DashboardApi.as_view(), name="api-control-dashboard"),
    path("control/subjects/", SubjectListApi.as_view(), name="api-control-subject-list"),
    path("control/subjects/<uuid:uid>/", SubjectDetailApi.as_view(), name="api-control-subject-detail"),
    path("control/subjects/<uuid:uid>/scores/", SubjectScoresApi.as_view(), name="api-control-subject-scores"),
    path("control/findings/", FindingListApi.as_view(), name="api-control-finding-list"),
    path("control/findings/<uuid:uid>/withdraw/", FindingWithdrawApi.as_view(), name="api-control-finding-withdraw"),
    path("control/complaints/", ComplaintListApi.as_view(), name="api-control-complaint-list"),
    path("control/complaints/<uuid:uid>/decide/", ComplaintDecideApi.as_view(), name="api-control-complaint-decide"),
    path("control/lists/", PreventiveListListApi.as_view(), name="api-control-list-list"),
    path("control/lists/<uuid:uid>/", PreventiveListDetailApi.as_view(), name="api-control-list-detail"),
]
