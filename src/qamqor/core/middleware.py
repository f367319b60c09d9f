"""Records the client address and path of each request for the audit trail."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from qamqor.core.context import RequestInfo, current_request


def client_ip(request: HttpRequest) -> str | None:
    """The client address; X-Forwarded-For is trusted only behind a configured proxy, and only its last
    entry (the one our proxy added): earlier entries come from the client and could be forged to dodge
    the per-address lockout or to blame another address in the audit trail."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(
            RequestInfo(ip=client_ip(request), path=request.path[:500],
                        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300])
        )
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not send: Content-Security-Policy (no inline script or
    style anywhere: every page's script and style come from static files) and Permissions-Policy
    (no camera, microphone, geolocation... for any page). A view may set its own policy first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "QAMQOR_CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        permissions = getattr(settings, "QAMQOR_PERMISSIONS_POLICY", "")
        if permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions
        return response


_FILENAME = re.compile(r'filename="?([^";]+)"?')


class ExportAuditMiddleware:
    """Every file a user downloads (a response with a file name: PDF, spreadsheet, JSON export) is written
    to the audit trail as an export: who, when, from where, which file, and the person it concerns when
    the address names one. A view that audits its export itself sets ``response.qamqor_audited``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        if (response.status_code == 200 and "filename" in disposition and user is not None
                and user.is_authenticated and not getattr(response, "qamqor_audited", False)):
            self._audit(request, user, response, disposition)
        return response

    @staticmethod
    def _audit(request: HttpRequest, user: Any, response: HttpResponse, disposition: str) -> None:
        from qamqor.core.models import AuditAction, AuditEvent

        match = _FILENAME.search(disposition)
        filename = match.group(1) if match else ""
        kwargs = request.resolver_match.kwargs if request.resolver_match else {}
        AuditEvent.objects.create(
            actor=user, actor_username=user.username, action=AuditAction.EXPORT, object_type="export",
            object_id=str(kwargs.get("uid", ""))[:64] or filename[:64], object_repr=filename[:300],
            subject_person=_person_of(kwargs),
            changes={"file": [None, filename], "content_type": [None, response.get("Content-Type", "")]},
            ip=client_ip(request), path=request.path[:500])


def _person_of(kwargs: dict[str, Any]) -> str:
    """The public identifier of the person an address names (any UUID in it that is a person's)."""
    from django.apps import apps

    uids = [str(v) for v in kwargs.values() if isinstance(v, UUID)]
    if not uids:
        return ""
    Person = apps.get_model("registry", "Person")  # noqa: N806
    found = Person.objects.filter(uid__in=uids).values_list("uid", flat=True).first()
    return str(found) if found else ""
