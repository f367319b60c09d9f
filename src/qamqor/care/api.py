"""REST endpoints of the care context under /api/v1/care/: individual work plans (lists due, late,
monitoring due; read; open, details, add and remove items, fill, reopen, approve, monitor, correct,
acknowledge, renew, close), admission dossiers (list, open, document states, medical conclusion and
contraindications, admission, exit documents, close), services delivered, home-care contracts (conclude,
extend, terminate), caseload and visits, groups of children's institutions and foster families.

One view per operation (``<Entity><Action>Api``) with its own Input/Output serializers and the
permission it needs per method; every object comes from the care (or registry) selectors, so a record
outside the actor's scope is a 404, and every write is one care service call."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qamqor.access.core import get_for_actor
from qamqor.access.permissions import P
from qamqor.care import selectors, services
from qamqor.care.domain import homecare, norms
from qamqor.care.models import (
    AdmissionDossier,
    CareAssignment,
    CareGroup,
    CareGroupMember,
    DossierDocument,
    FosterFamily,
    IndividualWorkPlan,
    LivingConditionsAct,
    NeedAssessment,
    ServiceContract,
    ServiceDecision,
    ServiceDelivery,
)
from qamqor.registry.api import (
    PersonRefSerializer,
    ProviderRefSerializer,
    RegionField,
    ScopedUidField,
    _input,
)
from qamqor.registry.models import Person, Provider, Representation
from qamqor.rules.choices import Setting
from qamqor.rules.models import ExitDocument, ServiceItem


def _today() -> Any:
    return timezone.localdate()


# --- Shared shapes ---------------------------------------------------------------------------------

class ServiceItemRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    item_no = serializers.IntegerField()
    name = serializers.CharField()
    service_type = serializers.CharField(source="service_type.code")


class ServiceItemField(serializers.SlugRelatedField):
    """A service item named by its catalog code (the services check it belongs to the plan's standard)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=ServiceItem.objects.select_related("service_type"), **kwargs)


class TimingSerializer(serializers.Serializer):
    stage = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)
    development_late = serializers.BooleanField()
    completion_late = serializers.BooleanField()
    late = serializers.BooleanField()


class CarePlanSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    person = PersonRefSerializer()
    provider = ProviderRefSerializer()
    standard = serializers.CharField()
    status = serializers.ChoiceField(choices=IndividualWorkPlan.Status.choices)
    version = serializers.IntegerField()
    basis_date = serializers.DateField()
    due_on = serializers.DateField()
    fill_by = serializers.DateField()
    deadline_rule = serializers.CharField()
    developed_on = serializers.DateField(allow_null=True)
    filled_on = serializers.DateField(allow_null=True)
    approved_on = serializers.DateField(allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    acknowledged_on = serializers.DateField(allow_null=True)
    timing = serializers.SerializerMethodField()

    @extend_schema_field(TimingSerializer)
    def get_timing(self, plan: IndividualWorkPlan) -> dict[str, Any]:
        timing = selectors.plan_timing(plan, _today())
        return TimingSerializer({
            "stage": str(timing.stage), "deadline": timing.deadline, "days_left": timing.days_left,
            "development_late": timing.development_late, "completion_late": timing.completion_late,
            "late": timing.late}).data


class CarePlanItemSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    service_item = ServiceItemRefSerializer()
    responsible = serializers.SerializerMethodField()
    schedule = serializers.CharField()
    expected_result = serializers.CharField()
    planned_count = serializers.IntegerField(allow_null=True)

    def get_responsible(self, item: Any) -> str:
        return str(item.responsible) if item.responsible else item.responsible_name


class CareCoverageSerializer(serializers.Serializer):
    service_type = serializers.CharField(source="service_type.code")
    total = serializers.IntegerField()
    covered = serializers.IntegerField()
    missing = ServiceItemRefSerializer(many=True)


class CareMonitoringSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    recorded_on = serializers.DateField()
    quarter = serializers.IntegerField()
    results = serializers.CharField()
    state_changes = serializers.CharField()


class CarePlanFullSerializer(CarePlanSerializer):
    items = CarePlanItemSerializer(many=True, source="items.all")
    monitoring = CareMonitoringSerializer(many=True, source="monitoring.all")
    coverage = serializers.SerializerMethodField()

    @extend_schema_field(CareCoverageSerializer(many=True))
    def get_coverage(self, plan: IndividualWorkPlan) -> Any:
        return CareCoverageSerializer(selectors.plan_coverage(actor=self.context["actor"], plan=plan), many=True).data


def _plan(request: Request, uid: Any) -> IndividualWorkPlan:
    return selectors.plan_get(actor=request.user, uid=uid)


def _plan_out(request: Request, plan: IndividualWorkPlan, code: int = status.HTTP_200_OK) -> Response:
    plan = selectors.plan_get(actor=request.user, uid=plan.uid)
    return Response(CarePlanFullSerializer(plan, context={"actor": request.user}).data, status=code)


# --- Plans: lists ----------------------------------------------------------------------------------

class PlanListApi(APIView):
    """The plans the actor may see, by due date; filter by ``status``."""

    required = {"GET": P.PLAN_VIEW, "POST": P.PLAN_EDIT}

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=IndividualWorkPlan.Status.choices, required=False)

    class InputSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person)
        provider = ScopedUidField(model=Provider)
        basis_date = serializers.DateField()
        standard = serializers.CharField(required=False, allow_null=True)

    class OutputSerializer(CarePlanSerializer):
        pass

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        plans = selectors.plan_list(actor=request.user, status=filters.validated_data.get("status"))
        return Response(self.OutputSerializer(plans, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: CarePlanFullSerializer})
    def post(self, request: Request) -> Response:
        """Open a plan with its deadlines (14 calendar days from arrival, then 5 working days)."""
        plan = services.plan_open(actor=request.user, **_input(self.InputSerializer, request))
        return _plan_out(request, plan, status.HTTP_201_CREATED)


class CarePlanRowSerializer(serializers.Serializer):
    plan = CarePlanSerializer()


class PlansDueApi(APIView):
    """Plans whose next deadline falls within the next 7 days."""

    required = {"GET": P.PLAN_VIEW}

    class OutputSerializer(CarePlanRowSerializer):
        pass

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.plans_due(actor=request.user), many=True).data)


class PlansLateApi(APIView):
    """Plans that missed their development or approval deadline."""

    required = {"GET": P.PLAN_VIEW}

    class OutputSerializer(CarePlanRowSerializer):
        pass

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.plans_late(actor=request.user), many=True).data)


class QuarterSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()


class MonitoringDueApi(APIView):
    """Approved plans whose current quarter has no monitoring record yet, or that missed a quarter."""

    required = {"GET": P.PLAN_VIEW}

    class OutputSerializer(serializers.Serializer):
        plan = CarePlanSerializer()
        due_quarter = QuarterSerializer(allow_null=True)
        missed = QuarterSerializer(many=True)

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.monitoring_due_list(actor=request.user), many=True).data)


# --- Plans: one plan -------------------------------------------------------------------------------

class PlanDetailApi(APIView):
    """One plan with its items, monitoring records, coverage of the standard and timing."""

    required = {"GET": P.PLAN_VIEW}

    class OutputSerializer(CarePlanFullSerializer):
        pass

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        return _plan_out(request, _plan(request, uid))


class PlanItemAddApi(APIView):
    """Add a service item of the plan's standard (another standard's item is refused)."""

    required = {"POST": P.PLAN_EDIT}

    class InputSerializer(serializers.Serializer):
        service_item = ServiceItemField()
        schedule = serializers.CharField(max_length=300)
        expected_result = serializers.CharField()
        responsible_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
        planned_count = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: CarePlanFullSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        data = _input(self.InputSerializer, request)
        if not data.get("responsible_name"):
            data["responsible"] = request.user
        services.plan_item_add(actor=request.user, plan=plan, **data)
        return _plan_out(request, plan, status.HTTP_201_CREATED)


class PlanFillApi(APIView):
    """Mark the plan filled in (ready for the head's approval) with its period."""

    required = {"POST": P.PLAN_EDIT}

    class InputSerializer(serializers.Serializer):
        filled_on = serializers.DateField()
        developed_on = serializers.DateField(required=False, allow_null=True)
        period_start = serializers.DateField(required=False, allow_null=True)
        period_end = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses=CarePlanFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        services.plan_fill(actor=request.user, plan=plan, **_input(self.InputSerializer, request))
        return _plan_out(request, plan)


class PlanApproveApi(APIView):
    """Approve a filled-in plan: the head of the provider that keeps it only."""

    required = {"POST": P.PLAN_APPROVE}

    class InputSerializer(serializers.Serializer):
        approved_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses=CarePlanFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        services.plan_approve(actor=request.user, plan=plan, **_input(self.InputSerializer, request))
        return _plan_out(request, plan)


class PlanMonitoringApi(APIView):
    """Record the quarterly monitoring of an approved plan."""

    required = {"POST": P.PLAN_EDIT}

    class InputSerializer(serializers.Serializer):
        recorded_on = serializers.DateField()
        results = serializers.CharField()
        state_changes = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: CarePlanFullSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        services.plan_monitoring_record(actor=request.user, plan=plan, **_input(self.InputSerializer, request))
        return _plan_out(request, plan, status.HTTP_201_CREATED)


class PlanCorrectApi(APIView):
    """Start a correction of an approved plan; the approved version stays readable."""

    required = {"POST": P.PLAN_EDIT}

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=CarePlanFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        services.plan_correct(actor=request.user, plan=plan, **_input(self.InputSerializer, request))
        return _plan_out(request, plan)


class PlanAcknowledgeApi(APIView):
    """Record the parent's (legal representative's) acknowledgement of the approved plan."""

    required = {"POST": P.PLAN_EDIT}

    class InputSerializer(serializers.Serializer):
        representation = serializers.UUIDField(help_text="uid of the representation of the plan's recipient")
        acknowledged_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses=CarePlanFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        data = _input(self.InputSerializer, request)
        representation = Representation.objects.filter(person=plan.person, uid=data["representation"]).first()
        if representation is None:
            raise Http404
        services.plan_acknowledge(actor=request.user, plan=plan, representation=representation,
                                  acknowledged_on=data["acknowledged_on"])
        return _plan_out(request, plan)


class PlanCloseApi(APIView):
    """Close a plan; everything in it stays readable."""

    required = {"POST": P.PLAN_EDIT}

    class InputSerializer(serializers.Serializer):
        closed_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses=CarePlanFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        services.plan_close(actor=request.user, plan=plan, **_input(self.InputSerializer, request))
        return _plan_out(request, plan)


class PlanVersionListApi(APIView):
    """The approved versions of a plan as they were approved."""

    required = {"GET": P.PLAN_VIEW}

    class OutputSerializer(serializers.Serializer):
        number = serializers.IntegerField()
        approved_on = serializers.DateField()
        approved_by_name = serializers.CharField()
        reason = serializers.CharField()
        content = serializers.JSONField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        return Response(self.OutputSerializer(selectors.plan_version_list(actor=request.user, plan=plan),
                                              many=True).data)


# --- Admission dossiers ----------------------------------------------------------------------------

class CareDossierDocumentSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="document.number")
    name = serializers.CharField(source="document.name")
    state = serializers.ChoiceField(choices=DossierDocument.State.choices)
    received_on = serializers.DateField(allow_null=True)
    requested_on = serializers.DateField(allow_null=True)
    requested_from = serializers.CharField()


class CareDossierSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    person = PersonRefSerializer()
    provider = ProviderRefSerializer()
    institution_type = serializers.CharField(source="institution_type.code")
    funding = serializers.CharField()
    opened_on = serializers.DateField()
    admission_date = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    documents = CareDossierDocumentSerializer(many=True, source="documents.all")


class DossierDetailApi(APIView):
    """One admission dossier with the state of each document of its list."""

    required = {"GET": P.DOSSIER_VIEW}

    class OutputSerializer(CareDossierSerializer):
        pass

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        return Response(self.OutputSerializer(selectors.dossier_get(actor=request.user, uid=uid)).data)


class DossierDocumentSetApi(APIView):
    """Set one document's state: received, requested from the competent body, not applicable, awaited."""

    required = {"POST": P.DOSSIER_EDIT}

    class InputSerializer(serializers.Serializer):
        state = serializers.ChoiceField(choices=DossierDocument.State.choices)
        on = serializers.DateField(required=False, allow_null=True)
        requested_from = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=CareDossierSerializer)
    def post(self, request: Request, uid: Any, number: int) -> Response:
        dossier = selectors.dossier_get(actor=request.user, uid=uid)
        document = next((d for d in dossier.documents.all() if d.document.number == number), None)
        if document is None:
            raise Http404
        services.dossier_document_set(actor=request.user, document=document,
                                      **_input(self.InputSerializer, request))
        return Response(CareDossierSerializer(selectors.dossier_get(actor=request.user, uid=uid)).data)


class DossierMedicalConclusionApi(APIView):
    """Record the medical conclusion and the contraindications (codes of the institution type's rule) it found."""

    required = {"POST": P.DOSSIER_EDIT}

    class InputSerializer(serializers.Serializer):
        number = serializers.CharField(max_length=100)
        issued_on = serializers.DateField()
        issued_by = serializers.CharField(max_length=300)
        contraindications = serializers.ListField(child=serializers.CharField(), required=False)

    @extend_schema(request=InputSerializer, responses=CareDossierSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        dossier = selectors.dossier_get(actor=request.user, uid=uid)
        services.dossier_medical_conclusion_record(actor=request.user, dossier=dossier,
                                                   **_input(self.InputSerializer, request))
        return Response(CareDossierSerializer(selectors.dossier_get(actor=request.user, uid=uid)).data)


class DossierAdmissionApi(APIView):
    """Record the admission; refused (each reason citing its rule) while a contraindication is active, the
    age is outside the institution type's limits or a document that cannot wait is missing."""

    required = {"POST": P.DOSSIER_EDIT}

    class InputSerializer(serializers.Serializer):
        admission_date = serializers.DateField()

    @extend_schema(request=InputSerializer, responses=CareDossierSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        dossier = selectors.dossier_get(actor=request.user, uid=uid)
        services.dossier_admission_record(actor=request.user, dossier=dossier, **_input(self.InputSerializer, request))
        return Response(CareDossierSerializer(selectors.dossier_get(actor=request.user, uid=uid)).data)


class MissingDocumentListApi(APIView):
    """Documents of open dossiers not yet received."""

    required = {"GET": P.DOSSIER_VIEW}

    class OutputSerializer(CareDossierDocumentSerializer):
        dossier = serializers.UUIDField(source="dossier.uid")
        person = PersonRefSerializer(source="dossier.person")

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.missing_document_list(actor=request.user), many=True).data)


# --- Services delivered ----------------------------------------------------------------------------

class CareServiceDeliverySerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    person = PersonRefSerializer()
    provider = ProviderRefSerializer()
    delivered_on = serializers.DateField()
    service_item = ServiceItemRefSerializer(allow_null=True)
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    duration_minutes = serializers.IntegerField(allow_null=True)
    funding = serializers.CharField()


class ServiceDeliveryListApi(APIView):
    """The services delivered the actor may see, newest first; record one with POST."""

    required = {"GET": P.SERVICE_VIEW, "POST": P.SERVICE_RECORD}

    class InputSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person)
        provider = ScopedUidField(model=Provider)
        delivered_on = serializers.DateField()
        service_item = ServiceItemField(required=False, allow_null=True)
        description = serializers.CharField(required=False, allow_blank=True)
        specialist_name = serializers.CharField(required=False, allow_blank=True)
        quantity = serializers.IntegerField(min_value=1, required=False)
        duration_minutes = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        funding = serializers.ChoiceField(choices=ServiceDelivery._meta.get_field("funding").choices, required=False)

    class OutputSerializer(CareServiceDeliverySerializer):
        pass

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.service_delivery_list(actor=request.user).order_by("-delivered_on", "-id")[:500]
        return Response(self.OutputSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = _input(self.InputSerializer, request)
        if not data.get("specialist_name"):
            data["specialist"] = request.user
        delivery = services.service_delivery_record(actor=request.user, **data)
        return Response(self.OutputSerializer(delivery).data, status=status.HTTP_201_CREATED)


# --- Need and decisions ----------------------------------------------------------------------------

class NeedRowSerializer(serializers.Serializer):
    uid = serializers.UUIDField(source="assessment.uid")
    person = PersonRefSerializer(source="assessment.person")
    application_date = serializers.DateField(source="assessment.application_date")
    assessment_date = serializers.DateField(source="assessment.assessment_date", allow_null=True)
    outcome = serializers.CharField(source="assessment.outcome")
    assessment_due = serializers.DateField(source="timing.assessment_due")
    assessment_kept = serializers.BooleanField(source="timing.assessment_kept", allow_null=True)
    decision_due = serializers.DateField(source="timing.decision_due", allow_null=True)
    decision_kept = serializers.BooleanField(source="timing.decision_kept", allow_null=True)
    decision_number = serializers.CharField(source="decision.number", allow_null=True, default=None)
    decision_date = serializers.DateField(source="decision.decision_date", allow_null=True, default=None)
    deadline_source = serializers.CharField(help_text="The parameters applied; says when they are Qamqor defaults.")


class NeedListApi(APIView):
    """Applications with their assessment and decision deadlines (Qamqor defaults: the seeds are silent);
    register an application with POST."""

    required = {"GET": P.NEED_VIEW, "POST": P.NEED_DECIDE}

    class InputSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person)
        region = RegionField()
        application_date = serializers.DateField()
        setting = serializers.ChoiceField(choices=Setting.choices, required=False, allow_blank=True)

    class OutputSerializer(NeedRowSerializer):
        pass

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.need_deadlines(actor=request.user), many=True).data)

    @extend_schema(request=InputSerializer, responses={201: NeedRowSerializer})
    def post(self, request: Request) -> Response:
        assessment = services.need_application_record(actor=request.user, **_input(self.InputSerializer, request))
        return _need_out(request, assessment.uid, status.HTTP_201_CREATED)


def _need_out(request: Request, uid: Any, code: int = status.HTTP_200_OK) -> Response:
    row = next(r for r in selectors.need_deadlines(actor=request.user) if r.assessment.uid == uid)
    return Response(NeedRowSerializer(row).data, status=code)


def _assessment(request: Request, uid: Any) -> NeedAssessment:
    return get_for_actor(request.user, P.NEED_VIEW, NeedAssessment.objects.select_related("person"), uid=uid)


class NeedAssessmentRecordApi(APIView):
    """Record the assessment of need on an application (once)."""

    required = {"POST": P.NEED_DECIDE}

    class InputSerializer(serializers.Serializer):
        assessment_date = serializers.DateField()
        outcome = serializers.ChoiceField(choices=[NeedAssessment.Outcome.NEED, NeedAssessment.Outcome.NO_NEED])
        conclusion = serializers.CharField(required=False, allow_blank=True)
        assessor_name = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=NeedRowSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        assessment = _assessment(request, uid)
        services.need_assessment_record(actor=request.user, assessment=assessment,
                                        **_input(self.InputSerializer, request))
        return _need_out(request, assessment.uid)


class ServiceDecisionRecordApi(APIView):
    """Record the decision on the guaranteed volume following an assessment."""

    required = {"POST": P.NEED_DECIDE}

    class InputSerializer(serializers.Serializer):
        number = serializers.CharField(max_length=100)
        decision_date = serializers.DateField()
        outcome = serializers.ChoiceField(choices=ServiceDecision.Outcome.choices)
        volume = serializers.CharField(required=False, allow_blank=True)
        valid_from = serializers.DateField(required=False, allow_null=True)
        valid_until = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: NeedRowSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        assessment = _assessment(request, uid)
        services.service_decision_record(actor=request.user, person=assessment.person, region=assessment.region,
                                         assessment=assessment, provider=assessment.provider,
                                         setting=assessment.setting, **_input(self.InputSerializer, request))
        return _need_out(request, assessment.uid, status.HTTP_201_CREATED)


# --- Home-care contracts and plan execution --------------------------------------------------------

class ContractListApi(APIView):
    """The contracts with parents the actor may see, with the mandatory content they lack."""

    required = {"GET": P.SERVICE_VIEW}

    class OutputSerializer(serializers.Serializer):
        uid = serializers.UUIDField()
        number = serializers.CharField()
        person = PersonRefSerializer()
        provider = ProviderRefSerializer()
        setting = serializers.CharField()
        funding = serializers.CharField()
        signed_on = serializers.DateField()
        valid_from = serializers.DateField()
        valid_until = serializers.DateField()
        terminated_on = serializers.DateField(allow_null=True)
        copies = serializers.IntegerField()
        copy_given_to_parent = serializers.BooleanField()
        missing_terms = serializers.SerializerMethodField()

        def get_missing_terms(self, contract: Any) -> list[str]:
            return [str(t) for t in homecare.missing_terms(contract.terms, paid=contract.funding != "guaranteed",
                                                           semi_stationary=contract.setting == "semi_stationary")]

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.contract_list(actor=request.user).select_related("person", "provider")
        return Response(self.OutputSerializer(rows, many=True).data)


class PlanExecutionApi(APIView):
    """Per plan item, what was delivered in the plan's period (or ``date_from``–``date_to``)."""

    required = {"GET": P.PLAN_VIEW}

    class FilterSerializer(serializers.Serializer):
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)

    class OutputSerializer(serializers.Serializer):
        service_item = ServiceItemRefSerializer(source="item.service_item")
        planned = serializers.IntegerField(allow_null=True)
        delivered = serializers.IntegerField()
        sessions = serializers.IntegerField()
        last_on = serializers.DateField(allow_null=True)

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True))
    def get(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        execution = selectors.plan_vs_delivered(actor=request.user, plan=plan, **filters.validated_data)
        return Response(self.OutputSerializer(execution.rows, many=True).data)


# --- Home-care contract: extend, terminate; dossier: close ----------------------------------------

def _contract_out(request: Request, uid: Any, code: int = status.HTTP_200_OK) -> Response:
    contract = get_for_actor(request.user, P.SERVICE_VIEW, ServiceContract.objects.select_related(
        "person", "provider"), uid=uid)
    return Response(ContractListApi.OutputSerializer(contract).data, status=code)


def _contract(request: Request, uid: Any) -> ServiceContract:
    return get_for_actor(request.user, P.SERVICE_VIEW, ServiceContract.objects.all(), uid=uid)


class ContractExtendApi(APIView):
    """Extend a contract's term by agreement of the parties (the new end must be later)."""

    required = {"POST": P.CONTRACT_EDIT}

    class InputSerializer(serializers.Serializer):
        agreed_on = serializers.DateField()
        new_until = serializers.DateField()
        basis = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=ContractListApi.OutputSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        contract = _contract(request, uid)
        services.contract_extend(actor=request.user, contract=contract, **_input(self.InputSerializer, request))
        return _contract_out(request, uid)


class ContractTerminateApi(APIView):
    """Terminate a contract within its term, with the reason."""

    required = {"POST": P.CONTRACT_EDIT}

    class InputSerializer(serializers.Serializer):
        terminated_on = serializers.DateField()
        reason = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=ContractListApi.OutputSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        contract = _contract(request, uid)
        services.contract_terminate(actor=request.user, contract=contract, **_input(self.InputSerializer, request))
        return _contract_out(request, uid)


class DossierCloseApi(APIView):
    """Close the dossier when the person leaves; its documents stay readable."""

    required = {"POST": P.DOSSIER_EDIT}

    class InputSerializer(serializers.Serializer):
        closed_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses=CareDossierSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        dossier = selectors.dossier_get(actor=request.user, uid=uid)
        services.dossier_close(actor=request.user, dossier=dossier, **_input(self.InputSerializer, request))
        return Response(CareDossierSerializer(selectors.dossier_get(actor=request.user, uid=uid)).data)


class LivingConditionsActListApi(APIView):
    """The acts of inspection of living conditions the actor may see (filter by ``person``), and recording one."""

    required = {"GET": P.DOSSIER_VIEW, "POST": P.DOSSIER_EDIT}

    class FilterSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person, required=False)

    class InputSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person)
        provider = ScopedUidField(model=Provider)
        number = serializers.CharField(max_length=100)
        inspected_on = serializers.DateField()
        housing = serializers.ChoiceField(choices=LivingConditionsAct.Housing.choices)
        has_children_room = serializers.BooleanField(required=False, default=False)
        benefits = serializers.CharField(max_length=500, required=False, allow_blank=True)
        parents = serializers.CharField(required=False, allow_blank=True)
        household = serializers.CharField(required=False, allow_blank=True)
        effect_on_development = serializers.CharField(required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        uid = serializers.UUIDField()
        person = PersonRefSerializer()
        provider = ProviderRefSerializer()
        number = serializers.CharField()
        inspected_on = serializers.DateField()
        housing = serializers.CharField()
        has_children_room = serializers.BooleanField()
        benefits = serializers.CharField()
        parents = serializers.CharField()
        household = serializers.CharField()
        effect_on_development = serializers.CharField()

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params, context={"request": request})
        filters.is_valid(raise_exception=True)
        rows = selectors.living_conditions_act_list(actor=request.user, person=filters.validated_data.get("person"))
        return Response(self.OutputSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        act = services.living_conditions_act_record(actor=request.user, **_input(self.InputSerializer, request))
        row = selectors.living_conditions_act_list(actor=request.user).get(pk=act.pk)
        return Response(self.OutputSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_field({"type": "string", "description": "user name of a staff member of the actor's provider"})
class ProviderStaffField(serializers.SlugRelatedField):
    """A member of the actor's own provider's staff, named by user name (anyone else is not found)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="username", **kwargs)

    def get_queryset(self) -> Any:
        from django.contrib.auth import get_user_model

        provider_id = getattr(self.context["request"].user, "provider_id", None)
        return get_user_model().objects.filter(provider_id=provider_id) if provider_id else \
            get_user_model().objects.none()


class CareAssignmentSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    worker = serializers.CharField(source="worker.username")
    person = PersonRefSerializer()
    provider = ProviderRefSerializer()
    start_on = serializers.DateField()
    end_on = serializers.DateField(allow_null=True)


def _assignment(request: Request, uid: Any) -> CareAssignment:
    return get_for_actor(request.user, P.SERVICE_VIEW, CareAssignment.objects.select_related(
        "worker", "person", "provider"), uid=uid)


class CaseloadAssignApi(APIView):
    """Put a child on a care social worker's caseload (the head of the provider; outside 4–6 is flagged)."""

    required = {"POST": P.CASELOAD_ASSIGN}

    class InputSerializer(serializers.Serializer):
        worker = ProviderStaffField()
        person = ScopedUidField(model=Person)
        start_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: CareAssignmentSerializer})
    def post(self, request: Request) -> Response:
        assignment = services.caseload_assign(actor=request.user, **_input(self.InputSerializer, request))
        return Response(CareAssignmentSerializer(_assignment(request, assignment.uid)).data,
                        status=status.HTTP_201_CREATED)


class CaseloadEndApi(APIView):
    """Take a child off a worker's caseload from a date."""

    required = {"POST": P.CASELOAD_ASSIGN}

    class InputSerializer(serializers.Serializer):
        end_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses=CareAssignmentSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        services.caseload_end(actor=request.user, assignment=_assignment(request, uid),
                              **_input(self.InputSerializer, request))
        return Response(CareAssignmentSerializer(_assignment(request, uid)).data)


class ExitDocumentIssueApi(APIView):
    """Record that a document of the institution type's exit list (named by its code) was handed over."""

    required = {"POST": P.DOSSIER_EDIT}

    class InputSerializer(serializers.Serializer):
        document = serializers.SlugRelatedField(slug_field="code", queryset=ExitDocument.objects.all())
        issued_on = serializers.DateField()
        note = serializers.CharField(required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        document = serializers.CharField(source="document.code")
        issued_on = serializers.DateField()
        note = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        dossier = selectors.dossier_get(actor=request.user, uid=uid)
        issue = services.exit_document_issue(actor=request.user, dossier=dossier,
                                             **_input(self.InputSerializer, request))
        return Response(self.OutputSerializer(issue).data, status=status.HTTP_201_CREATED)


# --- Contracts concluded, dossiers opened, plan items removed ---------------------------------------

class ContractConcludeApi(ContractListApi):
    """The contracts with parents the actor may see; conclude one with POST (the head of the provider):
    the mandatory content of the model rule, two copies, its term."""

    required = {"GET": P.SERVICE_VIEW, "POST": P.CONTRACT_EDIT}

    class InputSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person)
        provider = ScopedUidField(model=Provider)
        representation = serializers.UUIDField(help_text="uid of the representation of the child")
        setting = serializers.ChoiceField(choices=Setting.choices)
        funding = serializers.ChoiceField(choices=ServiceDelivery._meta.get_field("funding").choices)
        number = serializers.CharField(max_length=100)
        signed_on = serializers.DateField()
        valid_from = serializers.DateField()
        valid_until = serializers.DateField()
        terms = serializers.ListField(child=serializers.ChoiceField(choices=[t.value for t in homecare.ContractTerm]))
        services = serializers.CharField(required=False, allow_blank=True)
        assigned_worker = ProviderStaffField(required=False, allow_null=True)
        payment_terms = serializers.CharField(required=False, allow_blank=True)
        copies = serializers.IntegerField(min_value=1, required=False)
        copy_given_to_parent = serializers.BooleanField(required=False)

    @extend_schema(request=InputSerializer, responses={201: ContractListApi.OutputSerializer})
    def post(self, request: Request) -> Response:
        data = _input(self.InputSerializer, request)
        representation = Representation.objects.filter(person=data["person"], uid=data["representation"]).first()
        if representation is None:
            raise Http404
        data["representation"] = representation
        contract = services.contract_conclude(actor=request.user, **data)
        return _contract_out(request, contract.uid, status.HTTP_201_CREATED)


class DossierListApi(APIView):
    """The admission dossiers the actor may see (``open_only``, ``person``); open one with POST, with every
    document of the institution type's list awaited."""

    required = {"GET": P.DOSSIER_VIEW, "POST": P.DOSSIER_EDIT}

    class FilterSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person, required=False)
        open_only = serializers.BooleanField(required=False, default=False)

    class InputSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person)
        provider = ScopedUidField(model=Provider)
        funding = serializers.ChoiceField(choices=AdmissionDossier.Funding.choices)
        opened_on = serializers.DateField()

    class OutputSerializer(serializers.Serializer):
        uid = serializers.UUIDField()
        person = PersonRefSerializer()
        provider = ProviderRefSerializer()
        institution_type = serializers.CharField(source="institution_type.code")
        funding = serializers.CharField()
        opened_on = serializers.DateField()
        admission_date = serializers.DateField(allow_null=True)
        closed_on = serializers.DateField(allow_null=True)

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params, context={"request": request})
        filters.is_valid(raise_exception=True)
        rows = selectors.dossier_list(actor=request.user, person=filters.validated_data.get("person"),
                                      open_only=filters.validated_data["open_only"])
        return Response(self.OutputSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: CareDossierSerializer})
    def post(self, request: Request) -> Response:
        dossier = services.dossier_open(actor=request.user, **_input(self.InputSerializer, request))
        return Response(CareDossierSerializer(selectors.dossier_get(actor=request.user, uid=dossier.uid)).data,
                        status=status.HTTP_201_CREATED)


class PlanItemRemoveApi(APIView):
    """Remove an item from a plan being written (an approved version keeps it in its snapshot)."""

    required = {"DELETE": P.PLAN_EDIT}

    @extend_schema(responses=CarePlanFullSerializer)
    def delete(self, request: Request, uid: Any, item: Any) -> Response:
        plan = _plan(request, uid)
        row = next((i for i in plan.items.all() if i.uid == item), None)
        if row is None:
            raise Http404
        services.plan_item_remove(actor=request.user, item=row)
        return _plan_out(request, plan)


class PlanDetailsApi(APIView):
    """Change the plan's form fields: diagnosis, attendance and coordinator (user name) while it is being
    written; the implementation summary and the review date at any time before it is closed."""

    required = {"POST": P.PLAN_EDIT}

    class InputSerializer(serializers.Serializer):
        diagnosis = serializers.CharField(required=False, allow_blank=True)
        attendance = serializers.CharField(max_length=300, required=False, allow_blank=True)
        coordinator = ProviderStaffField(required=False, allow_null=True)
        implementation_summary = serializers.CharField(required=False, allow_blank=True)
        review_date = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses=CarePlanFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        services.plan_update(actor=request.user, plan=plan, data=_input(self.InputSerializer, request))
        return _plan_out(request, plan)


class PlanReopenApi(APIView):
    """Return a filled-in plan for more writing."""

    required = {"POST": P.PLAN_EDIT}

    @extend_schema(request=None, responses=CarePlanFullSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        plan = _plan(request, uid)
        services.plan_reopen(actor=request.user, plan=plan)
        return _plan_out(request, plan)


class PlanRenewApi(APIView):
    """Open the next plan of the same person, due from the expiry of this one."""

    required = {"POST": P.PLAN_EDIT}

    @extend_schema(request=None, responses={201: CarePlanFullSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        following = services.plan_renew(actor=request.user, plan=_plan(request, uid))
        return _plan_out(request, following, status.HTTP_201_CREATED)


class ContraindicationResolveApi(APIView):
    """Record, on a later medical conclusion, that a contraindication is no longer present."""

    required = {"POST": P.DOSSIER_EDIT}

    class InputSerializer(serializers.Serializer):
        resolved_on = serializers.DateField()
        note = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=CareDossierSerializer)
    def post(self, request: Request, uid: Any, row: Any) -> Response:
        dossier = selectors.dossier_get(actor=request.user, uid=uid)
        found = next((c for c in dossier.contraindications.all() if c.uid == row), None)
        if found is None:
            raise Http404
        services.dossier_contraindication_resolve(actor=request.user, contraindication=found,
                                                  **_input(self.InputSerializer, request))
        return Response(CareDossierSerializer(selectors.dossier_get(actor=request.user, uid=uid)).data)


class ServiceDeliveryUpdateApi(APIView):
    """Correct a delivery's quantity, duration or note, or add the parent's remark on its quality."""

    required = {"PATCH": P.SERVICE_RECORD}

    class InputSerializer(serializers.Serializer):
        quantity = serializers.IntegerField(min_value=1, required=False)
        duration_minutes = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        note = serializers.CharField(required=False, allow_blank=True)
        recipient_remark = serializers.CharField(required=False, allow_blank=True)
        specialist_name = serializers.CharField(required=False, allow_blank=True)

    class OutputSerializer(CareServiceDeliverySerializer):
        note = serializers.CharField()
        recipient_remark = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def patch(self, request: Request, uid: Any) -> Response:
        delivery = get_for_actor(request.user, P.SERVICE_RECORD, ServiceDelivery.objects.all(), uid=uid)
        services.service_delivery_update(actor=request.user, delivery=delivery,
                                         data=_input(self.InputSerializer, request, partial=True))
        row = selectors.service_delivery_list(actor=request.user).get(pk=delivery.pk)
        return Response(self.OutputSerializer(row).data)


# --- Caseload and visits read ----------------------------------------------------------------------

class CaseloadRowSerializer(serializers.Serializer):
    worker = serializers.CharField(source="worker.username")
    children = PersonRefSerializer(many=True)
    count = serializers.SerializerMethodField()
    flag = serializers.CharField()
    minimum = serializers.IntegerField()
    maximum = serializers.IntegerField()

    def get_count(self, row: Any) -> int:
        return len(row.children)


class CaseloadListApi(CaseloadAssignApi):
    """Each care social worker of the actor's provider with the children assigned today (or ``on``),
    flagged "under" or "over" outside 4–6 (seed 002 Appendix 2 п. 22); assign a child with POST."""

    required = {"GET": P.SERVICE_VIEW, "POST": P.CASELOAD_ASSIGN}

    class FilterSerializer(serializers.Serializer):
        on = serializers.DateField(required=False)

    @extend_schema(parameters=[FilterSerializer], responses=CaseloadRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        provider = getattr(request.user, "provider", None)
        if provider is None:
            return Response([])
        rows = selectors.caseload_list(actor=request.user, provider=provider, on=filters.validated_data.get("on"))
        return Response(CaseloadRowSerializer(rows, many=True).data)


class VisitWeekSerializer(serializers.Serializer):
    week = serializers.DateField()
    visits = serializers.IntegerField()
    enough = serializers.BooleanField()


class VisitFrequencyApi(APIView):
    """Home visits per week of each child of the actor's provider in ``date_from``–``date_to``; a week
    below two visits has ``enough`` false (seed 002 Appendix 2 п. 29, 3))."""

    required = {"GET": P.SERVICE_VIEW}

    class FilterSerializer(serializers.Serializer):
        date_from = serializers.DateField()
        date_to = serializers.DateField()

    class OutputSerializer(serializers.Serializer):
        person = PersonRefSerializer()
        weeks = VisitWeekSerializer(many=True)
        short_weeks = VisitWeekSerializer(many=True)

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        provider = getattr(request.user, "provider", None)
        if provider is None:
            return Response([])
        rows = selectors.visit_frequency(actor=request.user, provider=provider, **filters.validated_data)
        return Response(self.OutputSerializer(rows, many=True).data)


# --- Groups of children's institutions -------------------------------------------------------------

class GroupMemberSerializer(serializers.Serializer):
    uid = serializers.UUIDField(source="member.uid")
    person = PersonRefSerializer(source="member.person")
    age = serializers.IntegerField()
    in_band = serializers.BooleanField()
    skill = serializers.IntegerField(source="member.skill", help_text="the group size this child's skills allow")
    joined_on = serializers.DateField(source="member.joined_on")


class GroupSerializer(serializers.Serializer):
    uid = serializers.UUIDField(source="group.uid")
    provider = ProviderRefSerializer(source="group.provider")
    name = serializers.CharField(source="group.name")
    age_band = serializers.CharField(source="group.age_band")
    labour_subgroup = serializers.BooleanField(source="group.labour_subgroup")
    formed_on = serializers.DateField(source="group.formed_on")
    size = serializers.IntegerField(source="check.size")
    max_size = serializers.IntegerField(source="check.max_size", allow_null=True)
    problems = serializers.ListField(child=serializers.CharField(), source="check.problems")
    source = serializers.CharField()
    members = GroupMemberSerializer(many=True)


def _group_out(request: Request, uid: Any, code: int = status.HTTP_200_OK) -> Response:
    group = selectors.group_get(actor=request.user, uid=uid)
    return Response(GroupSerializer(selectors.group_state(group)).data, status=code)


class GroupListApi(APIView):
    """The groups the actor may see with their check (age band, maximum size); form one with POST (the
    head of a children's psychoneurological institution)."""

    required = {"GET": P.SERVICE_VIEW, "POST": P.GROUP_EDIT}

    class InputSerializer(serializers.Serializer):
        provider = ScopedUidField(model=Provider)
        name = serializers.CharField(max_length=200)
        age_band = serializers.ChoiceField(choices=CareGroup.AgeBand.choices)
        labour_subgroup = serializers.BooleanField(required=False, default=False)
        formed_on = serializers.DateField()

    @extend_schema(responses=GroupSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = [selectors.group_state(g) for g in selectors.group_list(actor=request.user)]
        return Response(GroupSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: GroupSerializer})
    def post(self, request: Request) -> Response:
        group = services.group_create(actor=request.user, **_input(self.InputSerializer, request))
        return _group_out(request, group.uid, status.HTTP_201_CREATED)


class GroupDetailApi(APIView):
    """One group with its children, their ages and the problems found."""

    required = {"GET": P.SERVICE_VIEW}

    @extend_schema(responses=GroupSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        return _group_out(request, uid)


class GroupMemberAddApi(APIView):
    """Put a child in a group with their skills (an age outside the band or too large a group is flagged)."""

    required = {"POST": P.GROUP_EDIT}

    class InputSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person)
        skill = serializers.ChoiceField(choices=CareGroupMember.Skill.choices)
        joined_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: GroupSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        group = selectors.group_get(actor=request.user, uid=uid)
        services.group_member_add(actor=request.user, group=group, **_input(self.InputSerializer, request))
        return _group_out(request, uid, status.HTTP_201_CREATED)


class GroupMemberRemoveApi(APIView):
    """Take a child out of a group from a date."""

    required = {"POST": P.GROUP_EDIT}

    class InputSerializer(serializers.Serializer):
        left_on = serializers.DateField()

    @extend_schema(request=InputSerializer, responses=GroupSerializer)
    def post(self, request: Request, uid: Any, member: Any) -> Response:
        group = selectors.group_get(actor=request.user, uid=uid)
        row = selectors.group_member_get(actor=request.user, group=group, uid=member)
        services.group_member_remove(actor=request.user, member=row, **_input(self.InputSerializer, request))
        return _group_out(request, uid)


# --- Foster families (seed 001 Appendix 3) ------------------------------------------------------------

class FosterFamilySerializer(serializers.Serializer):
    uid = serializers.UUIDField(source="family.uid")
    region = serializers.CharField(source="family.region.code")
    carer = PersonRefSerializer(source="family.carer")
    kind = serializers.CharField(source="family.kind")
    provider = ProviderRefSerializer(source="family.provider", allow_null=True)
    ground = serializers.CharField(source="family.ground")
    ground_number = serializers.CharField(source="family.ground_number")
    ground_date = serializers.DateField(source="family.ground_date")
    ground_issued_by = serializers.CharField(source="family.ground_issued_by")
    address = serializers.CharField(source="family.address")
    living_area_m2 = serializers.DecimalField(max_digits=7, decimal_places=2, source="family.living_area_m2")
    family_members = serializers.IntegerField(source="family.family_members")
    wards = serializers.IntegerField(source="family.wards")
    required_m2 = serializers.DecimalField(max_digits=9, decimal_places=2, source="check.required_m2")
    shortfall_m2 = serializers.DecimalField(max_digits=9, decimal_places=2, source="check.shortfall_m2")
    living_space_ok = serializers.BooleanField(source="check.ok")
    living_space_rule = serializers.SerializerMethodField()
    per_person_m2 = serializers.DecimalField(max_digits=7, decimal_places=2, source="rule.value")
    per_person_source = serializers.CharField(source="rule.source")
    per_person_is_default = serializers.BooleanField(source="rule.is_default")

    def get_living_space_rule(self, state: Any) -> str:
        return str(norms.LIVING_SPACE)


def _family_out(request: Request, uid: Any, code: int = status.HTTP_200_OK) -> Response:
    family = selectors.foster_family_get(actor=request.user, uid=uid)
    return Response(FosterFamilySerializer(selectors.foster_family_state(family)).data, status=code)


class FosterFamilyListApi(APIView):
    """The foster families the actor may see with the living-space check (15 m² per family member and per
    ward); record one with POST (local executive body officer)."""

    required = {"GET": P.FOSTER_VIEW, "POST": P.FOSTER_EDIT}

    class InputSerializer(serializers.Serializer):
        region = RegionField()
        carer = ScopedUidField(model=Person)
        kind = serializers.ChoiceField(choices=FosterFamily.Kind.choices)
        ground = serializers.ChoiceField(choices=FosterFamily.Ground.choices)
        ground_number = serializers.CharField(max_length=100)
        ground_date = serializers.DateField()
        ground_issued_by = serializers.CharField(max_length=500, required=False, allow_blank=True)
        address = serializers.CharField(max_length=500, required=False, allow_blank=True)
        living_area_m2 = serializers.DecimalField(max_digits=7, decimal_places=2)
        family_members = serializers.IntegerField(min_value=0)
        wards = serializers.IntegerField(min_value=0)
        provider = ScopedUidField(model=Provider, required=False, allow_null=True)

    @extend_schema(responses=FosterFamilySerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = [selectors.foster_family_state(f) for f in selectors.foster_family_list(actor=request.user)]
        return Response(FosterFamilySerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: FosterFamilySerializer})
    def post(self, request: Request) -> Response:
        family = services.foster_family_record(actor=request.user, **_input(self.InputSerializer, request))
        return _family_out(request, family.uid, status.HTTP_201_CREATED)


class FosterFamilyDetailApi(APIView):
    """One foster family with its living-space check; PATCH records a change of housing or family size."""

    required = {"GET": P.FOSTER_VIEW, "PATCH": P.FOSTER_EDIT}

    class InputSerializer(serializers.Serializer):
        address = serializers.CharField(max_length=500, required=False, allow_blank=True)
        ground_issued_by = serializers.CharField(max_length=500, required=False, allow_blank=True)
        living_area_m2 = serializers.DecimalField(max_digits=7, decimal_places=2, required=False)
        family_members = serializers.IntegerField(min_value=0, required=False)
        wards = serializers.IntegerField(min_value=0, required=False)

    @extend_schema(responses=FosterFamilySerializer)
    def get(self, request: Request, uid: Any) -> Response:
        return _family_out(request, uid)

    @extend_schema(request=InputSerializer, responses=FosterFamilySerializer)
    def patch(self, request: Request, uid: Any) -> Response:
        family = selectors.foster_family_get(actor=request.user, uid=uid)
        services.foster_family_update(actor=request.user, family=family,
                                      data=_input(self.InputSerializer, request, partial=True))
        return _family_out(request, uid)


urlpatterns = [
    path("care/plans/", PlanListApi.as_view(), name="care-plan-list"),
    path("care/plans/due/", PlansDueApi.as_view(), name="care-plans-due"),
    path("care/plans/late/", PlansLateApi.as_view(), name="care-plans-late"),
    path("care/plans/monitoring-due/", MonitoringDueApi.as_view(), name="care-monitoring-due"),
    path("care/plans/<uuid:uid>/", PlanDetailApi.as_view(), name="care-plan-detail"),
    path("care/plans/<uuid:uid>/items/", PlanItemAddApi.as_view(), name="care-plan-item-add"),
    path("care/plans/<uuid:uid>/fill/", PlanFillApi.as_view(), name="care-plan-fill"),
    path("care/plans/<uuid:uid>/approve/", PlanApproveApi.as_view(), name="care-plan-approve"),
    path("care/plans/<uuid:uid>/monitoring/", PlanMonitoringApi.as_view(), name="care-plan-monitoring"),
    path("care/plans/<uuid:uid>/correct/", PlanCorrectApi.as_view(), name="care-plan-correct"),
    path("care/plans/<uuid:uid>/acknowledge/", PlanAcknowledgeApi.as_view(), name="care-plan-acknowledge"),
    path("care/plans/<uuid:uid>/close/", PlanCloseApi.as_view(), name="care-plan-close"),
    path("care/plans/<uuid:uid>/versions/", PlanVersionListApi.as_view(), name="care-plan-versions"),
    path("care/dossiers/missing-documents/", MissingDocumentListApi.as_view(), name="care-missing-documents"),
    path("care/dossiers/<uuid:uid>/", DossierDetailApi.as_view(), name="care-dossier-detail"),
    path("care/dossiers/<uuid:uid>/medical-conclusion/", DossierMedicalConclusionApi.as_view(),
         name="care-dossier-medical-conclusion"),
    path("care/dossiers/<uuid:uid>/admission/", DossierAdmissionApi.as_view(), name="care-dossier-admission"),
    path("care/dossiers/<uuid:uid>/documents/<int:number>/", DossierDocumentSetApi.as_view(),
         name="care-dossier-document-set"),
    path("care/services/", ServiceDeliveryListApi.as_view(), name="care-service-list"),
    path("care/plans/<uuid:uid>/execution/", PlanExecutionApi.as_view(), name="care-plan-execution"),
    path("care/contracts/", ContractConcludeApi.as_view(), name="care-contract-list"),
    path("care/contracts/<uuid:uid>/extend/", ContractExtendApi.as_view(), name="care-contract-extend"),
    path("care/contracts/<uuid:uid>/terminate/", ContractTerminateApi.as_view(), name="care-contract-terminate"),
    path("care/living-conditions-acts/", LivingConditionsActListApi.as_view(), name="care-living-conditions-acts"),
    path("care/caseload/", CaseloadListApi.as_view(), name="care-caseload-assign"),
    path("care/visits/", VisitFrequencyApi.as_view(), name="care-visits"),
    path("care/dossiers/", DossierListApi.as_view(), name="care-dossier-list"),
    path("care/plans/<uuid:uid>/items/<uuid:item>/", PlanItemRemoveApi.as_view(), name="care-plan-item-remove"),
    path("care/plans/<uuid:uid>/details/", PlanDetailsApi.as_view(), name="care-plan-details"),
    path("care/plans/<uuid:uid>/reopen/", PlanReopenApi.as_view(), name="care-plan-reopen"),
    path("care/plans/<uuid:uid>/renew/", PlanRenewApi.as_view(), name="care-plan-renew"),
    path("care/dossiers/<uuid:uid>/contraindications/<uuid:row>/resolve/", ContraindicationResolveApi.as_view(),
         name="care-contraindication-resolve"),
    path("care/services/<uuid:uid>/", ServiceDeliveryUpdateApi.as_view(), name="care-service-update"),
    path("care/groups/", GroupListApi.as_view(), name="care-group-list"),
    path("care/groups/<uuid:uid>/", GroupDetailApi.as_view(), name="care-group-detail"),
    path("care/groups/<uuid:uid>/members/", GroupMemberAddApi.as_view(), name="care-group-member-add"),
    path("care/groups/<uuid:uid>/members/<uuid:member>/remove/", GroupMemberRemoveApi.as_view(),
         name="care-group-member-remove"),
    path("care/foster-families/", FosterFamilyListApi.as_view(), name="care-foster-family-list"),
    path("care/foster-families/<uuid:uid>/", FosterFamilyDetailApi.as_view(), name="care-foster-family-detail"),
    path("care/caseload/<uuid:uid>/end/", CaseloadEndApi.as_view(), name="care-caseload-end"),
    path("care/dossiers/<uuid:uid>/exit-documents/", ExitDocumentIssueApi.as_view(), name="care-exit-document-issue"),
    path("care/dossiers/<uuid:uid>/close/", DossierCloseApi.as_view(), name="care-dossier-close"),
    path("care/need/", NeedListApi.as_view(), name="care-need-list"),
    path("care/need/<uuid:uid>/assessment/", NeedAssessmentRecordApi.as_view(), name="care-need-assessment"),
    path("care/need/<uuid:uid>/decision/", ServiceDecisionRecordApi.as_view(), name="care-need-decision"),
]
