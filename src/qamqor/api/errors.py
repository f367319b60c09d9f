"""Every API error is a problem document (RFC 9457, ``application/problem+json``).

Members: ``type`` (``urn:qamqor:problem:<code>``), ``title`` (translated, by kind of problem),
``status``, ``detail`` (the translated explanation), ``instance`` (the request path), and the
extension members Qamqor has always sent: ``code`` (for machines), ``message`` (= ``detail``),
``fields`` (field → messages) and ``source`` (the legal source of the rule that refused the request,
or null). A problem may carry more extension members (``errors`` of a bulk request)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from qamqor.core.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:qamqor:problem:"

TITLES: dict[int, Any] = {
    400: _("The request is not valid"),
    401: _("Authentication is required"),
    403: _("Not allowed"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    409: _("Conflict"),
    412: _("The record has changed"),
    413: _("The request is too large"),
    415: _("Unsupported media type"),
    422: _("The request cannot be processed"),
    428: _("A precondition is required"),
    429: _("Too many requests"),
    500: _("Server error"),
}
RULE_TITLE = _("Refused by a rule")
REFUSED_TITLE = _("The action was refused")
INVALID_FIELDS = _("Some fields are not valid; see fields.")


def title_for(status: int, *, domain: bool = False, source: Any = None) -> str:
    if domain and status == 400:
        return str(RULE_TITLE if source else REFUSED_TITLE)
    return str(TITLES.get(status) or TITLES[500 if status >= 500 else 400])


def problem(status: int, code: str, message: Any, *, fields: dict[str, Any] | None = None,
            source: Any = None, instance: str = "", title: str | None = None,
            **extensions: Any) -> dict[str, Any]:
    """The problem document (a dict) for an error."""
    body: dict[str, Any] = {
        "type": f"{TYPE_PREFIX}{code}",
        "title": title if title is not None else title_for(status, source=source),
        "status": status,
        "detail": str(message),
        "code": code,
        "message": str(message),
        "fields": fields or {},
        "source": str(source) if source else None,
    }
    if instance:
        body["instance"] = instance
    body.update(extensions)
    return body


def problem_response(request: HttpRequest | None, status: int, code: str, message: Any,
                     **kwargs: Any) -> HttpResponse:
    """A problem answered outside DRF (the middleware): plain Django JSON with the problem type."""
    body = problem(status, code, message, instance=request.path if request is not None else "", **kwargs)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE,
                        json_dumps_params={"ensure_ascii": False})


def _fields(data: Any) -> dict[str, Any]:
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if k != "detail"}
    if isinstance(data, list):
        return {"non_field_errors": data}
    return {}


def _code_and_message(exc: Exception, data: Any) -> tuple[str, str]:
    if isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        return getattr(detail, "code", None) or "invalid", str(detail)
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, list) and data and isinstance(data[0], str):
            return getattr(data[0], "code", None) or "invalid", str(data[0])
        return "invalid", str(INVALID_FIELDS)
    detail = getattr(exc, "detail", "")
    return getattr(detail, "code", None) or getattr(exc, "default_code", "error"), str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, DomainError):
        status = 404 if exc.code == "not_found" else 403 if exc.code == "permission_denied" else 400
        data = exc.as_dict()
        body = problem(status, data["code"], data["message"], fields=data["fields"], source=exc.source,
                       instance=instance, title=title_for(status, domain=True, source=exc.source))
        return _render(Response(body, status=status), request)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    headers = {}
    if isinstance(exc, exceptions.AuthenticationFailed) and getattr(exc, "default_code", "") == "invalid_token":
        # RFC 6750: a bad bearer token is 401 with the challenge, whatever the first authenticator is.
        response.status_code = 401
        headers["WWW-Authenticate"] = 'Bearer realm="api", error="invalid_token"'
    data = response.data
    if isinstance(data, dict) and "code" in data and "type" not in data:
        # A view that built its own {code, message, fields, source}: dress it as a problem.
        body = problem(response.status_code, data["code"], data.get("message", ""), fields=data.get("fields"),
                       source=data.get("source"), instance=instance,
                       **{k: v for k, v in data.items() if k not in {"code", "message", "fields", "source"}})
    elif isinstance(data, dict) and "type" in data:
        body = data
    else:
        code, message = _code_and_message(exc, data)
        body = problem(response.status_code, code, message, fields=_fields(data), instance=instance)
    response.data = body
    for name, value in headers.items():
        response[name] = value
    return _render(response, request)


def _render(response: Response, request: Any) -> Response:
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is None or getattr(renderer, "format", "json") == "json":
        response.content_type = PROBLEM_CONTENT_TYPE
    return response
