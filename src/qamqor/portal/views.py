"""The applicant's pages: apply, follow the place and the wait, postpone once, withdraw. Every write is a
plain POST form (no JavaScript needed); every refusal is shown beside its field with the rule."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qamqor.access.core import get_for_actor
from qamqor.access.permissions import P
from qamqor.access.views import require
from qamqor.core.errors import DomainError
from qamqor.journal.models import QueueApplication
from qamqor.portal import selectors as sel
from qamqor.portal import services
from qamqor.portal.forms import ApplyForm, ChooseForm, PostponeForm, WithdrawForm
from qamqor.registry.models import Provider
from qamqor.web.forms import show_domain_error


def _no_account(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "portal/no_account.html", {"message": error.message})


@require(P.PORTAL_USE)
def home(request: HttpRequest) -> HttpResponse:
    try:
        persons = sel.persons(actor=request.user)
        apps = sel.applications(actor=request.user)
    except DomainError as exc:
        return _no_account(request, exc)
    return render(request, "portal/home.html", {"persons": persons, "applications": apps,
                                                "rules": sel.rules_in_plain_words()})


@require(P.PORTAL_USE)
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    actor = request.user
    try:
        persons = sel.persons(actor=actor)
    except DomainError as exc:
        return _no_account(request, exc)
    choose = ChooseForm(request.GET or None, persons=persons, settings=sel.queue_settings())
    providers: list[Any] = []
    form = None
    if choose.is_valid():
        person = next(p for p in persons if p.pk == choose.cleaned_data["person"])
        setting = choose.cleaned_data["setting"]
        providers = sel.providers(actor=actor, setting=setting, region=choose.cleaned_data["region"])
        form = ApplyForm(request.POST or None, providers=providers)
        if request.method == "POST" and form.is_valid():
            provider = Provider.objects.get(pk=form.cleaned_data["provider"])
            try:
                app = services.apply(actor=actor, person=person, provider=provider, setting=setting)
            except DomainError as exc:
                show_domain_error(form, exc, aliases={"setting": "provider", "applicant": "provider"})
            else:
                messages.success(request, _("The application was filed. Its number is %(number)s.")
                                 % {"number": app.uid})
                return redirect("portal:application", uid=app.uid)
    return render(request, "portal/apply.html", {"choose": choose, "form": form, "providers": providers},
                  status=400 if form is not None and form.errors else 200)


@require(P.PORTAL_USE)
def application(request: HttpRequest, uid: Any) -> HttpResponse:
    try:
        mine = sel.application(actor=request.user, uid=uid)
    except DomainError as exc:
        return _no_account(request, exc)
    return _detail(request, mine)


def _detail(request: HttpRequest, mine: Any, *, postpone: Any = None, withdraw: Any = None,
            status: int = 200) -> HttpResponse:
    return render(request, "portal/application.html", {
        "mine": mine, "view": mine.view,
        "postpone_form": postpone or (PostponeForm() if mine.can_postpone else None),
        "withdraw_form": withdraw or (WithdrawForm() if mine.can_withdraw else None),
    }, status=status)


def _own(request: HttpRequest, uid: Any) -> QueueApplication:
    return get_for_actor(request.user, P.QUEUE_APPLY, QueueApplication.objects.select_related("provider"), uid=uid)


@require(P.PORTAL_USE)
@require_POST
def withdraw(request: HttpRequest, uid: Any) -> HttpResponse:
    app = _own(request, uid)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(actor=request.user, application=app, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            show_domain_error(form, exc)
        else:
            messages.success(request, _("The application was withdrawn."))
            return redirect("portal:application", uid=app.uid)
    return _detail(request, sel.application(actor=request.user, uid=uid), withdraw=form, status=400)


@require(P.PORTAL_USE)
@require_POST
def postpone(request: HttpRequest, uid: Any) -> HttpResponse:
    app = _own(request, uid)
    form = PostponeForm(request.POST)
    if form.is_valid():
        try:
            services.postpone(actor=request.user, application=app, new_arrival_by=form.cleaned_data["new_arrival_by"],
                              ground=form.cleaned_data["ground"])
        except DomainError as exc:
            show_domain_error(form, exc, aliases={"notice_date": "new_arrival_by", "signed_by": "confirm"})
        else:
            messages.success(request, _("The arrival was postponed."))
            return redirect("portal:application", uid=app.uid)
    return _detail(request, sel.application(actor=request.user, uid=uid), postpone=form, status=400)
