"""REST endpoints of the electronic journal: the journal rows (JSON and XLSX), the queue, an
application's position and wait, a person's history, and one endpoint per recorded action.

One view per operation, each with its own Input/Output serializers and the permission it needs per
method; providers, persons, applications and events come through the scoped selectors (404 outside
the actor's scope), and every write is one journal service call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from qamqor.access.permissions import P
from qamqor.core.documents import xlsx_response
from qamqor.journal import selectors as sel
from qamqor.journal import services as J
from qamqor.journal.domain.stays import TransferAgreement
from qamqor.journal.models import (
    JournalSetting,
    QueueApplication,
)
from qamqor.journal.selectors._common import require_provider
from qamqor.registry import selectors as registry
from qamqor.registry.api import (
    DistrictField,
    PersonRefSerializer,
    ProviderRefSerializer,
    RegionField,
    ScopedUidField,
)
from qamqor.registry.models import Person, Provider
from qamqor.rules.models import DischargeGround


def _today() -> Any:
    return timezone.localdate()


def _input(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _provider(request: Request, provider_uid: Any, setting: str | None = None) -> Provider:
    provider = registry.provider_get(actor=request.user, uid=provider_uid)
    require_provider(request.user, provider)
    if setting is not None and setting not in JournalSetting.values:
        raise Http404
    return provider


def _person(request: Request, uid: Any) -> Person:
    return registry.person_get(actor=request.user, uid=uid)


def _period(request: Request, provider: Provider, setting: str) -> tuple[Any, Any]:
    class PeriodSerializer(serializers.Serializer):
        start = serializers.DateField(required=False)
        end = serializers.DateField(required=False)

    serializer = PeriodSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    end = serializer.validated_data.get("end") or _today()
    first = sel.journal_list(actor=request.user, provider=provider, setting=setting).order_by("started_on").first()
    start = serializer.validated_data.get("start") or (first.started_on if first else end)
    return (min(start, end), end)


class PeriodFilterSerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="First day of the period (default: journal start).")
    end = serializers.DateField(required=False, help_text="Last day of the period (default: today).")


# --- Shared output shapes ----------------------------------------------------------------------------------

class EventOutputSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    kind = serializers.CharField(help_text="The event kind (journal.EventKind).")
    event_date = serializers.DateField()
    person = PersonRefSerializer()
    provider = ProviderRefSerializer(source="journal.provider")
    setting = serializers.CharField(source="journal.setting")
    order_number = serializers.CharField()
    order_date = serializers.DateField(allow_null=True)
    reason = serializers.CharField()
    arrival_by = serializers.DateField(allow_null=True)
    destination = serializers.CharField(source="destination_text")
    corrects = serializers.UUIDField(source="corrects.uid", allow_null=True, default=None)
    recorded_at = serializers.DateTimeField()


class ApplicationOutputSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    person = PersonRefSerializer()
    provider = ProviderRefSerializer()
    setting = serializers.CharField()
    channel = serializers.CharField()
    received_at = serializers.DateTimeField()
    out_of_turn = serializers.BooleanField()
    status = serializers.CharField(help_text="pending, offered, admitted, withdrawn, lapsed or closed.")
    arrival_by = serializers.DateField(allow_null=True)
    postponements = serializers.IntegerField()


def _event_response(event: Any) -> Response:
    return Response(EventOutputSerializer(event).data, status=status.HTTP_201_CREATED)


# --- Reads -------------------------------------------------------------------------------------------------

class JournalRowsApi(APIView):
    """The journal form of seed 003 App. 2 for a period: its header and the 14 columns of each row."""

    required = {"GET": P.JOURNAL_VIEW}

    class OutputSerializer(serializers.Serializer):
        class HeaderSerializer(serializers.Serializer):
            name_kk = serializers.CharField()
            name_ru = serializers.CharField()
            setting = serializers.CharField()
            started_on = serializers.DateField(allow_null=True)
            finished_on = serializers.DateField(allow_null=True)
            start = serializers.DateField(source="period.start")
            end = serializers.DateField(source="period.end")

        class RowSerializer(serializers.Serializer):
            number = serializers.IntegerField()
            status = serializers.CharField()
            person = serializers.UUIDField(source="person_uid")
            application = serializers.UUIDField(source="application_uid", allow_null=True)
            returned = serializers.BooleanField()
            cells = serializers.ListField(child=serializers.CharField())

        header = HeaderSerializer()
        rows = RowSerializer(many=True)

    @extend_schema(parameters=[PeriodFilterSerializer], responses=OutputSerializer)
    def get(self, request: Request, provider_uid: Any, setting: str) -> Response:
        provider = _provider(request, provider_uid, setting)
        header, rows = sel.journal_form(actor=request.user, provider=provider, setting=setting,
                                        period=_period(request, provider, setting))
        return Response(self.OutputSerializer({"header": header, "rows": rows}).data)


class JournalXlsxApi(APIView):
    """The journal form of seed 003 App. 2 for a period as an XLSX workbook."""

    required = {"GET": P.JOURNAL_VIEW}

    @extend_schema(parameters=[PeriodFilterSerializer], responses={
        (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY})
    def get(self, request: Request, provider_uid: Any, setting: str) -> HttpResponse:
        from qamqor.journal.views import journal_xlsx_bytes

        provider = _provider(request, provider_uid, setting)
        header, rows = sel.journal_form(actor=request.user, provider=provider, setting=setting,
                                        period=_period(request, provider, setting))
        return xlsx_response(journal_xlsx_bytes(header, rows), f"journal-{provider.bin}-{setting}.xlsx")


class QueueListApi(APIView):
    """The provider's queue in a setting, in order (out of turn first, then by time of receipt)."""

    required = {"GET": P.JOURNAL_VIEW}

    class OutputSerializer(serializers.Serializer):
        position = serializers.IntegerField()
        ahead = serializers.IntegerField()
        awaiting_recertification = serializers.BooleanField()
        application = ApplicationOutputSerializer()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request, provider_uid: Any, setting: str) -> Response:
        provider = _provider(request, provider_uid, setting)
        items = sel.queue_list(actor=request.user, provider=provider, setting=setting)
        return Response(self.OutputSerializer(items, many=True).data)


class ApplicationDetailApi(APIView):
    """One application with its place in the queue, how many are ahead and the estimated wait (with the
    method in words)."""

    required = {"GET": P.JOURNAL_VIEW}

    class OutputSerializer(ApplicationOutputSerializer):
        position = serializers.IntegerField(allow_null=True)
        ahead = serializers.IntegerField(allow_null=True)
        wait_days = serializers.IntegerField(allow_null=True)
        wait_method = serializers.CharField(allow_null=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        app = sel.application_get(actor=request.user, uid=uid)
        pos = sel.application_position(actor=request.user, application=app)
        est = sel.wait_estimate(actor=request.user, application=app)
        data = dict(ApplicationOutputSerializer(app).data)
        data.update(position=pos.position if pos else None, ahead=pos.ahead if pos else None,
                    wait_days=est.estimate.days if est else None,
                    wait_method=f"{est.method} ({est.source})" if est else None)
        return Response(data)


class PersonHistoryApi(APIView):
    """Every journal event about the person the actor may see, in recording order; voided and amended
    events are marked."""

    required = {"GET": P.JOURNAL_VIEW}

    class OutputSerializer(serializers.Serializer):
        event = EventOutputSerializer()
        voided = serializers.BooleanField()
        amended = serializers.BooleanField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request, uid: Any) -> Response:
        person = _person(request, uid)
        return Response(self.OutputSerializer(sel.person_history(actor=request.user, person=person), many=True).data)


class CaseStateApi(APIView):
    """A person's derived status in the provider's journal for a setting and the actions allowed now."""

    required = {"GET": P.JOURNAL_VIEW}

    class OutputSerializer(serializers.Serializer):
        status = serializers.CharField(help_text="The derived status (journal column 2).")
        arrival_by = serializers.DateField(allow_null=True)
        postponements = serializers.IntegerField()
        allowed_actions = serializers.ListField(child=serializers.CharField())

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, provider_uid: Any, setting: str, person_uid: Any) -> Response:
        provider = _provider(request, provider_uid, setting)
        person = _person(request, person_uid)
        state = sel.case_state(actor=request.user, person=person, provider=provider, setting=setting)
        allowed = sel.allowed_actions(actor=request.user, person=person, provider=provider, setting=setting)
        return Response(self.OutputSerializer({
            "status": state.status.value, "arrival_by": state.arrival_by, "postponements": state.postponements,
            "allowed_actions": sorted(k.value for k in allowed)}).data)


# --- Queue writes ------------------------------------------------------------------------------------------

class ApplicationFileApi(APIView):
    """File an application to the provider's queue in a setting (on the portal, or registered from paper
    with the time of receipt)."""

    required = {"POST": P.QUEUE_APPLY}

    class InputSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person)
        applicant = ScopedUidField(model=Person, required=False, allow_null=True)
        setting = serializers.CharField(help_text="stationary, semi_stationary or home_care.")
        channel = serializers.CharField(default="paper", help_text="paper (registered by the provider) or portal.")
        received_at = serializers.DateTimeField(required=False, allow_null=True)
        paper_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
        out_of_turn = serializers.BooleanField(required=False, default=False)
        out_of_turn_basis = serializers.CharField(max_length=500, required=False, allow_blank=True)

    class OutputSerializer(ApplicationOutputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, provider_uid: Any) -> Response:
        provider = _provider(request, provider_uid)
        app = J.application_file(actor=request.user, provider=provider, today=_today(),
                                 **_input(self.InputSerializer, request))
        return Response(self.OutputSerializer(app).data, status=status.HTTP_201_CREATED)


class PlaceOfferApi(APIView):
    """Offer a free place to the first in the queue, with the date to arrive by."""

    required = {"POST": P.JOURNAL_RECORD}

    class InputSerializer(serializers.Serializer):
        arrival_by = serializers.DateField(required=False, allow_null=True)

    class OutputSerializer(ApplicationOutputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, provider_uid: Any, setting: str) -> Response:
        provider = _provider(request, provider_uid, setting)
        app = J.place_offer(actor=request.user, provider=provider, setting=setting, today=_today(),
                            **_input(self.InputSerializer, request))
        return Response(self.OutputSerializer(app).data, status=status.HTTP_201_CREATED)


class _ApplicationActionApi(APIView):
    required = {"POST": P.JOURNAL_RECORD}
    service: Callable[..., Any]

    class InputSerializer(serializers.Serializer):
        pass

    def _call(self, request: Request, uid: Any) -> Response:
        app: QueueApplication = sel.application_get(actor=request.user, uid=uid)
        event = type(self).service(actor=request.user, application=app, today=_today(),
                                   **_input(self.InputSerializer, request))
        return _event_response(event)


class ApplicationWithdrawApi(_ApplicationActionApi):
    """Withdraw a pending application (a place offered on it is released)."""

    required = {"POST": P.QUEUE_APPLY}
    service = staticmethod(J.application_withdraw)

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: EventOutputSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        return self._call(request, uid)


class OfferPostponeApi(_ApplicationActionApi):
    """Move the arrival date of an offer on a signed notice: once, by up to 30 days (stationary) or 10
    (semi-stationary); a second or longer postponement is refused citing the rule."""

    service = staticmethod(J.offer_postpone)

    class InputSerializer(serializers.Serializer):
        new_arrival_by = serializers.DateField()
        ground = serializers.CharField(max_length=500)
        notice_number = serializers.CharField(max_length=100)
        notice_date = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: EventOutputSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        return self._call(request, uid)


class OfferLapseApi(_ApplicationActionApi):
    """Record the no-show of an offer whose arrival date has passed; the place goes to the next.
    Idempotent."""

    service = staticmethod(J.offer_lapse)

    @extend_schema(request=None, responses={201: EventOutputSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        return self._call(request, uid)


# --- Stay writes -------------------------------------------------------------------------------------------

class _GroundField(serializers.UUIDField):
    def to_internal_value(self, data: Any) -> Any:
        uid = super().to_internal_value(data)
        ground = registry.ground_list(actor=self.context["request"].user).filter(uid=uid).first()
        if ground is None:
            raise serializers.ValidationError("No ground with this identifier is available to you.")
        return ground


class _DischargeGroundField(serializers.CharField):
    def to_internal_value(self, data: Any) -> Any:
        code = super().to_internal_value(data)
        ground = DischargeGround.objects.filter(code=code).first()
        if ground is None:
            raise serializers.ValidationError("Unknown discharge ground.")
        return ground


class _DestinationField(serializers.UUIDField):
    """The organisation a person is transferred to, by ``uid``: any active provider (its name and BIN are
    public; the actor does not read its records through this)."""

    def to_internal_value(self, data: Any) -> Any:
        uid = super().to_internal_value(data)
        provider = Provider.objects.filter(uid=uid, is_active=True).first()
        if provider is None:
            raise serializers.ValidationError("No active provider with this identifier.")
        return provider


class _OrderInput(serializers.Serializer):
    event_date = serializers.DateField()
    order_number = serializers.CharField(max_length=100)
    order_date = serializers.DateField()


class _DecisionInput(serializers.Serializer):
    event_date = serializers.DateField()
    decision_number = serializers.CharField(max_length=100)
    decision_date = serializers.DateField()
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class _CaseActionApi(APIView):
    required = {"POST": P.JOURNAL_RECORD}
    service: Callable[..., Any]

    class InputSerializer(serializers.Serializer):
        pass

    def prepare(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def _call(self, request: Request, provider_uid: Any, setting: str, person_uid: Any) -> Response:
        provider = _provider(request, provider_uid, setting)
        person = _person(request, person_uid)
        data = self.prepare(_input(self.InputSerializer, request))
        event = type(self).service(actor=request.user, person=person, provider=provider, setting=setting,
                                   today=_today(), **data)
        return _event_response(event)


def _case_post(cls: type[_CaseActionApi]) -> type[_CaseActionApi]:
    """Give a case action its documented POST (the schema reads the nested InputSerializer)."""
    @extend_schema(request=cls.InputSerializer, responses={201: EventOutputSerializer})
    def post(self: _CaseActionApi, request: Request, provider_uid: Any, setting: str, person_uid: Any) -> Response:
        return self._call(request, provider_uid, setting, person_uid)

    cls.post = post  # type: ignore[attr-defined]
    return cls


@_case_post
class AdmissionRecordApi(_CaseActionApi):
    """Record an admission (on an offered place or directly on a free one) with its ground; a person who
    left this organisation before must be re-admitted."""

    service = staticmethod(J.admission_record)

    class InputSerializer(_OrderInput):
        ground = _GroundField(allow_null=True)
        registration_card = serializers.CharField(max_length=100, required=False, allow_blank=True)
        examined_and_treated = serializers.BooleanField(required=False, default=False)
        note = serializers.CharField(required=False, allow_blank=True)


@_case_post
class ReadmissionRecordApi(_CaseActionApi):
    """Re-admit a person who left this organisation before (the «қайта оралды» mark)."""

    service = staticmethod(J.readmission_record)

    class InputSerializer(AdmissionRecordApi.InputSerializer):
        pass


@_case_post
class LeaveStartApi(_CaseActionApi):
    """Record a temporary leave with its reason and order."""

    service = staticmethod(J.leave_start)

    class InputSerializer(_OrderInput):
        reason = serializers.CharField(max_length=1000)
        expected_return = serializers.DateField(required=False, allow_null=True)
        parent_application = serializers.CharField(max_length=300, required=False, allow_blank=True)
        doctor_conclusion = serializers.CharField(max_length=300, required=False, allow_blank=True)


@_case_post
class LeaveReturnApi(_CaseActionApi):
    """Record the return from a temporary leave."""

    service = staticmethod(J.leave_return)

    class InputSerializer(serializers.Serializer):
        event_date = serializers.DateField()
        order_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
        order_date = serializers.DateField(required=False, allow_null=True)


@_case_post
class DischargeRecordApi(_CaseActionApi):
    """Record a discharge with its reason (a discharge ground code) and where the person went."""

    service = staticmethod(J.discharge_record)

    class InputSerializer(_OrderInput):
        reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)
        discharge_ground = _DischargeGroundField(required=False, allow_null=True)
        destination_region = RegionField(required=False, allow_null=True)
        destination_district = DistrictField(required=False, allow_null=True)
        destination_city = serializers.CharField(max_length=200, required=False, allow_blank=True)
        documents_issued = serializers.ListField(child=serializers.CharField(), required=False)


class _AgreementSerializer(serializers.Serializer):
    origin_body = serializers.CharField()
    origin_number = serializers.CharField()
    origin_date = serializers.DateField()
    destination_body = serializers.CharField()
    destination_number = serializers.CharField()
    destination_date = serializers.DateField()


@_case_post
class TransferOutApi(_CaseActionApi):
    """Record a transfer to another organisation; between regions only with the agreement of both
    regions' authorised bodies."""

    service = staticmethod(J.transfer_out)

    class InputSerializer(_OrderInput):
        destination_provider = _DestinationField()
        reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)
        agreement = _AgreementSerializer(required=False, allow_null=True)

    def prepare(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("agreement"):
            data["agreement"] = TransferAgreement(**data["agreement"])
        return data


@_case_post
class ServicesSuspendApi(_CaseActionApi):
    """Suspend services (semi-stationary, home care) with the decision number, date and reason."""

    service = staticmethod(J.services_suspend)

    class InputSerializer(_DecisionInput):
        reason = serializers.CharField(max_length=1000)


@_case_post
class ServicesResumeApi(_CaseActionApi):
    """Resume suspended services on a decision."""

    service = staticmethod(J.services_resume)

    class InputSerializer(_DecisionInput):
        pass


@_case_post
class ServicesTerminateApi(_CaseActionApi):
    """Terminate services (semi-stationary, home care) with the decision number, date and reason."""

    service = staticmethod(J.services_terminate)

    class InputSerializer(_DecisionInput):
        discharge_ground = _DischargeGroundField(required=False, allow_null=True)


class TransferArriveApi(APIView):
    """Record, at the destination, the arrival of a person transferred to it."""

    required = {"POST": P.JOURNAL_RECORD}

    class InputSerializer(_OrderInput):
        pass

    @extend_schema(request=InputSerializer, responses={201: EventOutputSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        transfer = sel.event_get(actor=request.user, uid=uid)
        event = J.transfer_arrive(actor=request.user, transfer=transfer, today=_today(),
                                  **_input(self.InputSerializer, request))
        return _event_response(event)


class EventCorrectApi(APIView):
    """Correct an event by a correcting event that voids it or amends its date, order number and date,
    reason or arrival date (the event itself is never edited)."""

    required = {"POST": P.JOURNAL_CORRECT}

    class InputSerializer(serializers.Serializer):
        class AmendSerializer(serializers.Serializer):
            event_date = serializers.DateField(required=False)
            order_number = serializers.CharField(required=False)
            order_date = serializers.DateField(required=False)
            arrival_by = serializers.DateField(required=False)
            reason = serializers.CharField(required=False)

        reason = serializers.CharField(max_length=1000)
        void = serializers.BooleanField(required=False, default=False)
        amend = AmendSerializer(required=False)

    @extend_schema(request=InputSerializer, responses={201: EventOutputSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        event = sel.event_get(actor=request.user, uid=uid)
        data = _input(self.InputSerializer, request)
        correction = J.event_correct(actor=request.user, event=event, today=_today(), reason=data["reason"],
                                     void=data["void"], amend=dict(data.get("amend") or {}))
        return _event_response(correction)


class EventDetailApi(APIView):
    """One journal event."""

    required = {"GET": P.JOURNAL_VIEW}

    @extend_schema(responses=EventOutputSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        return Response(EventOutputSerializer(sel.event_get(actor=request.user, uid=uid)).data)


_J = "journal/providers/<uuid:provider_uid>/<str:setting>/"
_CASE = _J + "persons/<uuid:person_uid>/"

urlpatterns = [
    path(_J + "rows/", JournalRowsApi.as_view(), name="journal-rows"),
    path(_J + "rows.xlsx", JournalXlsxApi.as_view(), name="journal-xlsx"),
    path(_J + "queue/", QueueListApi.as_view(), name="journal-queue"),
    path(_J + "queue/offer/", PlaceOfferApi.as_view(), name="journal-place-offer"),
    path(_CASE, CaseStateApi.as_view(), name="journal-case"),
    path(_CASE + "admit/", AdmissionRecordApi.as_view(), name="journal-admit"),
    path(_CASE + "readmit/", ReadmissionRecordApi.as_view(), name="journal-readmit"),
    path(_CASE + "leave/", LeaveStartApi.as_view(), name="journal-leave"),
    path(_CASE + "return/", LeaveReturnApi.as_view(), name="journal-return"),
    path(_CASE + "transfer/", TransferOutApi.as_view(), name="journal-transfer"),
    path(_CASE + "discharge/", DischargeRecordApi.as_view(), name="journal-discharge"),
    path(_CASE + "suspend/", ServicesSuspendApi.as_view(), name="journal-suspend"),
    path(_CASE + "resume/", ServicesResumeApi.as_view(), name="journal-resume"),
    path(_CASE + "terminate/", ServicesTerminateApi.as_view(), name="journal-terminate"),
    path("journal/providers/<uuid:provider_uid>/applications/file/", ApplicationFileApi.as_view(),
         name="journal-application-file"),
    path("journal/applications/<uuid:uid>/", ApplicationDetailApi.as_view(), name="journal-application"),
    path("journal/applications/<uuid:uid>/withdraw/", ApplicationWithdrawApi.as_view(),
         name="journal-application-withdraw"),
    path("journal/applications/<uuid:uid>/postpone/", OfferPostponeApi.as_view(), name="journal-offer-postpone"),
    path("journal/applications/<uuid:uid>/lapse/", OfferLapseApi.as_view(), name="journal-offer-lapse"),
    path("journal/persons/<uuid:uid>/history/", PersonHistoryApi.as_view(), name="journal-person-history"),
    path("journal/events/<uuid:uid>/", EventDetailApi.as_view(), name="journal-event"),
    path("journal/events/<uuid:uid>/arrival/", TransferArriveApi.as_view(), name="journal-transfer-arrive"),
    path("journal/events/<uuid:uid>/correct/", EventCorrectApi.as_view(), name="journal-event-correct"),
]


# --- The public queue position (no log-in) --------------------------------------------------------------

class PublicPositionThrottle(AnonRateThrottle):
    """Anonymous look-ups of a queue position: at most 30 a minute from one address."""

    rate = "30/minute"


class PublicPositionApi(APIView):
    """Anyone holding an application's number may see its place in the queue, how many are ahead, its
    status and the estimated wait with the method — no personal data. Unknown or malformed: 404."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [PublicPositionThrottle]

    class OutputSerializer(serializers.Serializer):
        number = serializers.UUIDField()
        provider_name = serializers.CharField()
        setting = serializers.CharField()
        setting_label = serializers.CharField()
        status = serializers.CharField()
        status_label = serializers.CharField()
        position = serializers.IntegerField(allow_null=True)
        ahead = serializers.IntegerField(allow_null=True)
        wait_days = serializers.IntegerField(allow_null=True)
        wait_method = serializers.CharField(allow_null=True)
        wait_source = serializers.CharField(allow_null=True)

    @extend_schema(auth=[], responses=OutputSerializer)
    def get(self, request: Request, uid: str) -> Response:

        return Response(self.OutputSerializer(sel.application_public_view(uid=uid)).data)


urlpatterns += [
    path("journal/position/<str:uid>/", PublicPositionApi.as_view(), name="journal-position-public"),
]
