"""Bulk registration of persons (``POST /api/v1/persons/bulk/``): all or nothing.

Each record is checked by the same input serializer and written by the same service as a single
registration, in one transaction; if any record is refused, nothing is written and the answer lists
every refused record by its index (a problem document with ``errors``). Sent with an
``Idempotency-Key``, a retry of the same batch returns the first answer (the middleware)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import path
from django.utils import timezone
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qamqor.access.permissions import P
from qamqor.api.errors import INVALID_FIELDS, PROBLEM_CONTENT_TYPE, problem, title_for
from qamqor.core.errors import DomainError
from qamqor.registry import services
from qamqor.registry.api import PersonRegisterApi

MAX_RECORDS = 1000


class _Refused(Exception):
    pass


def _plain(errors: Any) -> Any:
    if isinstance(errors, dict):
        return {str(k): _plain(v) for k, v in errors.items()}
    if isinstance(errors, list):
        return [_plain(v) for v in errors]
    return str(errors)


class PersonBulkRegisterApi(APIView):
    """Register up to 1000 persons at once, each as ``persons/register/`` would; the whole batch is
    written or, if any record is refused, nothing (``errors``: record index → its problem)."""

    required = {"POST": P.PERSON_CREATE}

    class InputSerializer(serializers.Serializer):
        persons = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=MAX_RECORDS)

    class RequestSerializer(serializers.Serializer):
        """The documented shape: each record is what ``persons/register/`` takes."""

        persons = PersonRegisterApi.InputSerializer(many=True)

    class OutputSerializer(serializers.Serializer):
        class CreatedSerializer(serializers.Serializer):
            index = serializers.IntegerField()
            uid = serializers.UUIDField()
            iin = serializers.CharField()

        created = serializers.IntegerField()
        persons = CreatedSerializer(many=True)

    @extend_schema(request=RequestSerializer, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        batch = self.InputSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        records = batch.validated_data["persons"]
        today = timezone.localdate()
        errors: dict[str, Any] = {}
        created: list[dict[str, Any]] = []
        try:
            with transaction.atomic():
                for index, record in enumerate(records):
                    one = PersonRegisterApi.InputSerializer(data=record, context={"request": request})
                    if not one.is_valid():
                        errors[str(index)] = {"code": "invalid", "message": str(INVALID_FIELDS),
                                              "fields": _plain(one.errors), "source": None}
                        continue
                    data = dict(one.validated_data)
                    data["representatives"] = [services.RepresentativeInput(**r)
                                               for r in data.get("representatives", ())]
                    try:
                        with transaction.atomic():
                            person = services.person_register(actor=request.user, today=today, **data)
                    except DomainError as exc:
                        errors[str(index)] = exc.as_dict()
                        continue
                    created.append({"index": index, "uid": person.uid, "iin": person.iin})
                if errors:
                    raise _Refused
        except _Refused:
            message = ngettext("%(count)d of %(total)d records was refused; nothing was written.",
                               "%(count)d of %(total)d records were refused; nothing was written.",
                               len(errors)) % {"count": len(errors), "total": len(records)}
            body = problem(400, "bulk_refused", message, instance=request.path, errors=errors,
                           title=title_for(400))
            return Response(body, status=status.HTTP_400_BAD_REQUEST, content_type=PROBLEM_CONTENT_TYPE)
        return Response(self.OutputSerializer({"created": len(created), "persons": created}).data,
                        status=status.HTTP_201_CREATED)


urlpatterns = [
    path("persons/bulk/", PersonBulkRegisterApi.as_view(), name="person-bulk-register"),
]
