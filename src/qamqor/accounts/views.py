"""Pages of one's own account security: the second factor (enrolment, code after the password,
recovery codes), log-out everywhere; and, for the administrator, a person's subject-access report."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qamqor.access.core import get_for_actor
from qamqor.access.permissions import P
from qamqor.access.views import require
from qamqor.accounts import lockout, personal_data, twofactor
from qamqor.accounts.forms import LOCKED, CodeForm
from qamqor.core.documents import pdf_bytes
from qamqor.core.errors import DomainError
from qamqor.core.middleware import client_ip
from qamqor.registry.models import Person
from qamqor.web.forms import show_domain_error


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("web:home")


def _locked_out(request: HttpRequest) -> HttpResponse | None:
    """After a wrong code: if the account is now locked, the half-open session ends."""
    until = lockout.locked_until(request.user.username, client_ip(request))
    if until is None:
        return None
    logout(request)
    messages.error(request, LOCKED % {"time": time_format(timezone.localtime(until), "H:i")})
    return redirect("web:login")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if twofactor.is_verified(request):
        return redirect(_next(request))
    if twofactor.confirmed_device(request.user) is None:
        return redirect(f"{reverse('accounts:two_factor_enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            used = twofactor.verify(request, form.cleaned_data["code"])
        except DomainError as exc:
            response = _locked_out(request)
            if response is not None:
                return response
            show_domain_error(form, exc)
        else:
            if used == "recovery_code":
                messages.warning(request, _("You used a recovery code. Unused recovery codes left: %(count)s. "
                                            "Make new ones on the account security page before they run out.")
                                 % {"count": twofactor.unused_recovery_codes(request.user)})
            return redirect(_next(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


def _qr_svg(uri: str) -> str:
    import segno

    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=False)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    if twofactor.confirmed_device(request.user) is not None:
        return redirect("accounts:security" if twofactor.is_verified(request) else "accounts:two_factor_verify")
    device = twofactor.enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm_enrolment(request, form.cleaned_data["code"])
        except DomainError as exc:
            response = _locked_out(request)
            if response is not None:
                return response
            show_domain_error(form, exc)
        else:
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request),
                                                                    "enrolled": True})
    uri = twofactor.provisioning_uri(device)
    key = twofactor.device_key(device)
    secret = " ".join(key[i:i + 4] for i in range(0, len(key), 4))
    return render(request, "accounts/two_factor_enrol.html", {
        "form": form, "secret": secret, "uri": uri, "qr": _qr_svg(uri), "next": _next(request)})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/security.html", {
        "device": twofactor.confirmed_device(request.user),
        "required": twofactor.required_for(request.user),
        "unused": twofactor.unused_recovery_codes(request.user),
    })


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = twofactor.regenerate_recovery_codes(request)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:security")})


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    twofactor.logout_everywhere(actor=request.user, user=request.user)
    logout(request)
    messages.success(request, _("You are logged out on every device and browser."))
    return redirect("web:login")


@require(P.AUDIT_VIEW)
def subject_access(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Everything the system holds on a person, for the person (JSON or PDF); the export is audited."""
    person = get_for_actor(request.user, P.PERSON_VIEW, Person.objects.all(), uid=uid)
    fmt = request.GET.get("format", "")
    if fmt not in {"json", "pdf"}:
        return render(request, "accounts/subject_access.html", {"person": person})
    report = personal_data.subject_access_report(actor=request.user, person=person, fmt=fmt)
    filename = f"subject-access-{person.uid}.{fmt}"
    response: Any
    if fmt == "json":
        response = JsonResponse(report, json_dumps_params={"ensure_ascii": False, "indent": 2})
    else:
        response = HttpResponse(pdf_bytes("accounts/subject_access_print.html", {"report": report}),
                                content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.qamqor_audited = True  # subject_access_report wrote the export event
    return response
