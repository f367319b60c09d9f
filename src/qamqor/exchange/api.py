"""REST endpoints of the exchange context under /api/v1/exchange/: signed documents (submit and have
the signature verified, list, read), E-sobes roster imports (upload, list, read, rejected rows), the
reconciliation of a provider's roster and the exports for E-sobes (journal, roster) as CSV, JSON or XLSX."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from django.http import Http404, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.exchange import selectors, services
from qamqor.exchange.messages import row_error_text
from qamqor.exchange.models import RosterImport, SignedDocument
from qamqor.exchange.selectors.export import (
    DIFFERENCE_COLUMNS,
    JOURNAL_COLUMNS,
    ROSTER_COLUMNS,
    difference_rows,
    journal_rows,
    roster_rows,
)
from qamqor.exchange.signatures.messages import check_message
from qamqor.exchange.writers import CONTENT_TYPES, chunks
from qamqor.journal.models import JournalEvent, JournalSetting, QueueApplication
from qamqor.registry.api import PersonRefSerializer, ProviderRefSerializer, _input
from qamqor.registry.models import Provider


class Base64Field(serializers.CharField):
    default_error_messages = {"invalid_base64": _("Not valid base64.")}

    def to_internal_value(self, data: Any) -> bytes:
        text = super().to_internal_value(data)
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            self.fail("invalid_base64")
            raise  # pragma: no cover


class _ScopedUid(serializers.UUIDField):
    """A journal row named by uid among those the actor may see."""

    default_error_messages = {"not_found": _("No record with this identifier is available to you.")}

    def __init__(self, *, model: type[QueueApplication] | type[JournalEvent], **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        uid = super().to_internal_value(data)
        found = scope(self.context["request"].user, self.model.objects.all()).filter(uid=uid).first()
        if found is None:
            self.fail("not_found")
        return found


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField()
    message = serializers.CharField()
    params = serializers.DictField(child=serializers.CharField())


class SignedDocumentSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=SignedDocument.Kind.choices)
    provider = ProviderRefSerializer()
    person = PersonRefSerializer()
    application = serializers.UUIDField(source="application.uid", allow_null=True, default=None)
    event = serializers.UUIDField(source="event.uid", allow_null=True, default=None)
    valid = serializers.BooleanField()
    detached = serializers.BooleanField()
    signer_iin = serializers.CharField()
    signer_name = serializers.CharField()
    certificate_serial = serializers.CharField()
    certificate_subject = serializers.CharField()
    certificate_issuer = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    verified_at = serializers.DateTimeField()
    verifier = serializers.CharField()
    content_sha256 = serializers.CharField()
    checks = serializers.SerializerMethodField()

    def get_checks(self, doc: SignedDocument) -> list[dict[str, Any]]:
        from qamqor.exchange.signatures import Check, CheckCode

        out = []
        for c in doc.result.get("checks", []):
            check = Check(CheckCode(c["code"]), c["passed"], c.get("reason", ""), c.get("params", {}))
            out.append({**c, "message": check_message(check)})
        return CheckSerializer(out, many=True).data


def _signed_qs(actor: Any) -> Any:
    if not has_perm(actor, P.SIGNED_DOCUMENT_VIEW) and not has_perm(actor, P.SIGNED_DOCUMENT_SUBMIT):
        return SignedDocument.objects.none()
    return scope(actor, SignedDocument.objects.select_related("provider", "person", "application", "event"))


class SignedDocumentListApi(APIView):
    """Signed queue applications and postponement notices with their verification results."""

    required = {"GET": P.SIGNED_DOCUMENT_VIEW, "POST": P.SIGNED_DOCUMENT_SUBMIT}

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=SignedDocument.Kind.choices)
        application = _ScopedUid(model=QueueApplication, required=False, allow_null=True)
        event = _ScopedUid(model=JournalEvent, required=False, allow_null=True)
        signature = Base64Field(help_text="The CMS (PKCS#7) signature, DER, base64-encoded.")
        content = Base64Field(required=False, allow_null=True,
                              help_text="The signed document, base64 (required for a detached signature).")
        content_type = serializers.CharField(required=False, default="application/octet-stream", max_length=100)

    @extend_schema(responses=SignedDocumentSerializer(many=True))
    def get(self, request: Request) -> Response:
        docs = _signed_qs(request.user).order_by("-verified_at", "-id")[:500]
        return Response(SignedDocumentSerializer(docs, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: SignedDocumentSerializer})
    def post(self, request: Request) -> Response:
        """Submit a signed document: the signature is verified (chain, validity at signing time, key
        usage, revocation, the signer's IIN) and the document is stored with the result, valid or not."""
        doc = services.signed_document_submit(actor=request.user, **_input(self.InputSerializer, request))
        return Response(SignedDocumentSerializer(doc).data, status=status.HTTP_201_CREATED)


class SignedDocumentDetailApi(APIView):
    required = {"GET": P.SIGNED_DOCUMENT_VIEW}

    @extend_schema(responses=SignedDocumentSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        doc = _signed_qs(request.user).filter(uid=uid).first()
        if doc is None:
            raise Http404
        return Response(SignedDocumentSerializer(doc).data)


class RosterImportSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    file_name = serializers.CharField()
    file_format = serializers.CharField()
    file_sha256 = serializers.CharField()
    as_of = serializers.DateField()
    status = serializers.CharField()
    rows_total = serializers.IntegerField()
    rows_accepted = serializers.IntegerField()
    rows_rejected = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class RejectedRowSerializer(serializers.Serializer):
    row_number = serializers.IntegerField()
    iin = serializers.CharField()
    provider_bin = serializers.CharField()
    errors = serializers.ListField(child=serializers.DictField())
    reasons = serializers.SerializerMethodField()

    def get_reasons(self, row: Any) -> list[str]:
        return [row_error_text(p) for p in row.errors]


class RosterImportListApi(APIView):
    """E-sobes roster imports; POST uploads a file (multipart: ``file``, ``as_of``)."""

    required = {"GET": P.ESOBES_VIEW, "POST": P.ESOBES_IMPORT}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        as_of = serializers.DateField(required=False)
        file_format = serializers.ChoiceField(choices=["csv", "xlsx", "json"], required=False)

    class OutputSerializer(RosterImportSerializer):
        duplicate = serializers.BooleanField()

    @extend_schema(responses=RosterImportSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(RosterImportSerializer(selectors.import_list(actor=request.user)[:500], many=True).data)

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: OutputSerializer, 200: OutputSerializer})
    def post(self, request: Request) -> Response:
        """Import the file; a file (or the same rows) imported before returns the earlier import with
        ``duplicate: true`` and status 200, changing nothing."""
        data = _input(self.InputSerializer, request)
        upload = data["file"]
        outcome = services.roster_import(actor=request.user, stream=upload.file, file_name=upload.name,
                                         as_of=data.get("as_of") or timezone.localdate(),
                                         file_format=data.get("file_format"))
        out = RosterImportSerializer(outcome.roster_import).data | {"duplicate": outcome.duplicate}
        return Response(out, status=status.HTTP_200_OK if outcome.duplicate else status.HTTP_201_CREATED)


class RosterImportDetailApi(APIView):
    required = {"GET": P.ESOBES_VIEW}

    @extend_schema(responses=RosterImportSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        return Response(RosterImportSerializer(selectors.import_get(actor=request.user, uid=uid)).data)


class RosterRejectedApi(APIView):
    """The rejected rows of an import and why (first 5000)."""

    required = {"GET": P.ESOBES_VIEW}

    @extend_schema(responses=RejectedRowSerializer(many=True))
    def get(self, request: Request, uid: Any) -> Response:
        imp = selectors.import_get(actor=request.user, uid=uid)
        rows = selectors.rejected_rows(actor=request.user, roster_import=imp)[:5000]
        return Response(RejectedRowSerializer(rows, many=True).data)


class DifferenceSerializer(serializers.Serializer):
    iin = serializers.CharField()
    kind = serializers.CharField()
    field = serializers.CharField()
    esobes_value = serializers.CharField()
    qamqor_value = serializers.CharField()
    setting = serializers.CharField()
    row_number = serializers.IntegerField(allow_null=True)
    person_id = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class ReconciliationSerializer(serializers.Serializer):
    provider = ProviderRefSerializer()
    date = serializers.DateField()
    roster_import = RosterImportSerializer(allow_null=True)
    differences = DifferenceSerializer(many=True)


def _provider(request: Request, uid: Any) -> Provider:
    found = scope(request.user, Provider.objects.all()).filter(uid=uid).first()
    if found is None:
        raise Http404
    return found


def _file(fmt: str, columns: Any, rows: Any, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks(fmt, columns, rows, title=name), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class _ProviderDateFilter(serializers.Serializer):
    provider = serializers.UUIDField()
    date = serializers.DateField(required=False)
    file_format = serializers.ChoiceField(choices=["json", "csv", "xlsx"], required=False, default="json")


class ReconciliationApi(APIView):
    """A provider's E-sobes roster against its placements on a date (today by default); with
    ``file_format=csv|xlsx`` the differences as a file."""

    required = {"GET": P.ESOBES_VIEW}

    @extend_schema(parameters=[_ProviderDateFilter], responses={200: ReconciliationSerializer,
                                                                (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request) -> Any:
        f = _ProviderDateFilter(data=request.query_params)
        f.is_valid(raise_exception=True)
        provider = _provider(request, f.validated_data["provider"])
        on: date = f.validated_data.get("date") or timezone.localdate()
        diffs = selectors.differences_for_actor(actor=request.user, provider=provider, on=on)
        fmt = f.validated_data["file_format"]
        if fmt != "json":
            return _file(fmt, DIFFERENCE_COLUMNS, difference_rows(diffs, {provider.pk: provider.bin}),
                         f"reconciliation-{provider.bin}-{on.isoformat()}")
        imp = selectors.roster_import_for(provider, on)
        return Response(ReconciliationSerializer({
            "provider": provider, "date": on, "roster_import": imp,
            "differences": [d.as_dict() for d in diffs]}).data)


class RosterExportApi(APIView):
    """The provider's roster on a date in the E-sobes import columns (CSV by default)."""

    required = {"GET": P.ESOBES_VIEW}

    class FilterSerializer(_ProviderDateFilter):
        file_format = serializers.ChoiceField(choices=["json", "csv", "xlsx"], required=False, default="csv")

    @extend_schema(parameters=[FilterSerializer], responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request) -> StreamingHttpResponse:
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        provider = _provider(request, f.validated_data["provider"])
        on = f.validated_data.get("date") or timezone.localdate()
        rows = roster_rows(actor=request.user, provider=provider, on=on)
        return _file(f.validated_data["file_format"], ROSTER_COLUMNS, rows, f"roster-{provider.bin}-{on.isoformat()}")


class JournalExportApi(APIView):
    """The provider's journal events dated in a period (CSV by default)."""

    required = {"GET": P.ESOBES_VIEW}

    class FilterSerializer(serializers.Serializer):
        provider = serializers.UUIDField()
        start = serializers.DateField()
        end = serializers.DateField()
        setting = serializers.ChoiceField(choices=JournalSetting.choices, required=False, default="")
        file_format = serializers.ChoiceField(choices=["json", "csv", "xlsx"], required=False, default="csv")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if attrs["end"] < attrs["start"]:
                raise serializers.ValidationError({"end": _("The end of the period is before its start.")})
            return attrs

    @extend_schema(parameters=[FilterSerializer], responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request) -> StreamingHttpResponse:
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        v = f.validated_data
        provider = _provider(request, v["provider"])
        rows = journal_rows(actor=request.user, provider=provider, start=v["start"], end=v["end"],
                            setting=v["setting"])
        return _file(v["file_format"], JOURNAL_COLUMNS, rows,
                     f"journal-{provider.bin}-{v['start'].isoformat()}-{v['end'].isoformat()}")


urlpatterns = [
    path("exchange/signed-documents/", SignedDocumentListApi.as_view(), name="exchange-signed-list"),
    path("exchange/signed-documents/<uuid:uid>/", SignedDocumentDetailApi.as_view(), name="exchange-signed-detail"),
    path("exchange/esobes/imports/", RosterImportListApi.as_view(), name="exchange-import-list"),
    path("exchange/esobes/imports/<uuid:uid>/", RosterImportDetailApi.as_view(), name="exchange-import-detail"),
    path("exchange/esobes/imports/<uuid:uid>/rejected/", RosterRejectedApi.as_view(), name="exchange-import-rejected"),
    path("exchange/esobes/reconciliation/", ReconciliationApi.as_view(), name="exchange-reconciliation"),
    path("exchange/esobes/export/roster/", RosterExportApi.as_view(), name="exchange-export-roster"),
    path("exchange/esobes/export/journal/", JournalExportApi.as_view(), name="exchange-export-journal"),
]

__all__ = ["RosterImport", "urlpatterns"]
