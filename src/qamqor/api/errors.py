"""One error shape for the API: {"code", "message", "fields", "source"}."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from qamqor.core.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        status = 404 if exc.code == "not_found" else 403 if exc.code == "permission_denied" else 400
        return Response(exc.as_dict(), status=status)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "code" not in response.data:
        detail = response.data.get("detail")
        fields = {k: v for k, v in response.data.items() if k != "detail"}
        response.data = {
            "code": getattr(detail, "code", "invalid") if detail is not None else "invalid",
            "message": str(detail) if detail is not None else "",
            "fields": fields,
            "source": None,
        }
    return response
