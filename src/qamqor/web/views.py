"""Pages of the registries and the reference data.

Each view names its permission with ``@require``, reads through the selectors (an object outside the
actor's scope is a 404), and writes through one service call; a refusal is shown on the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qamqor.access.core import has_perm
from qamqor.access.permissions import P
from qamqor.access.views import require
from qamqor.core.domain import age_on
from qamqor.core.errors import DomainError
from qamqor.registry import selectors, services
from qamqor.rules import selectors as rules
from qamqor.web.forms import (
    GroundRegisterForm,
    PersonEditForm,
    PersonRegisterForm,
    PersonSearchForm,
    ProviderFilterForm,
    RepresentationAddForm,
    show_domain_error,
)

PAGE_SIZE = 25


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Home ------------------------------------------------------------------------------------------

@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the user may do, with the number of persons and providers they can see."""
    actor = request.user
    tasks = [
        (P.PERSON_VIEW, "web:person_list", _("Find a person by IIN or name")),
        (P.PERSON_CREATE, "web:person_register", _("Register a person")),
        (P.PROVIDER_VIEW, "web:provider_list", _("Browse providers and their capacity")),
        (P.REFERENCE_VIEW, "web:reference", _("Read the reference data of the regulations")),
        (P.ADMIN_SITE, "admin:index", _("Open the administration")),
    ]
    context = {
        "tasks": [(url, label) for perm, url, label in tasks if has_perm(actor, perm)],
        "person_count": selectors.person_list(actor=actor).count() if has_perm(actor, P.PERSON_VIEW) else None,
        "provider_count": (selectors.provider_list(actor=actor).count()
                           if has_perm(actor, P.PROVIDER_VIEW) else None),
    }
    return render(request, "web/home.html", context)


# --- Persons ---------------------------------------------------------------------------------------

@require(P.PERSON_VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    """Persons in scope, searched by IIN prefix or name prefix, a page at a time."""
    form = PersonSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    persons = selectors.person_list(actor=request.user, query=query)
    return render(request, "web/person_list.html", {
        "form": form, "query": query, "page": _page(request, persons),
        "can_register": has_perm(request.user, P.PERSON_CREATE),
    })


@require(P.PERSON_VIEW)
def person_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """A person's record: identity, status, representatives, grounds, providers (and, for those who
    may read it, the record's audit trail)."""
    actor = request.user
    person = selectors.person_get(actor=actor, uid=uid)
    today = timezone.localdate()
    return render(request, "web/person_detail.html", {
        "person": person,
        "today": today,
        "age": age_on(person.birth_date, today),
        "ipr_expired": person.ipr_valid_until is not None and person.ipr_valid_until < today,
        "grounds": selectors.ground_list(actor=actor, person=person),
        "audit_trail": selectors.person_audit_trail(actor=actor, person=person)[:200],
        "can_audit": has_perm(actor, P.AUDIT_VIEW),
        "can_change": has_perm(actor, P.PERSON_CHANGE),
        "can_add_ground": has_perm(actor, P.GROUND_CREATE),
        "ground_form": GroundRegisterForm(),
    })


@require(P.PERSON_CREATE)
@require_http_methods(["GET", "HEAD", "POST"])
def person_register(request: HttpRequest) -> HttpResponse:
    form = PersonRegisterForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_register(actor=request.user, today=timezone.localdate(),
                                              **form.service_kwargs(today=timezone.localdate()))
        except DomainError as error:
            show_domain_error(form, error, aliases=PersonRegisterForm.ALIASES)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
            return redirect("web:person_detail", uid=person.uid)
    return render(request, "web/person_form.html", {"form": form, "person": None})


@require(P.PERSON_CHANGE)
@require_http_methods(["GET", "HEAD", "POST"])
def person_edit(request: HttpRequest, uid: str) -> HttpResponse:
    person = selectors.person_get(actor=request.user, uid=uid, perm=P.PERSON_CHANGE)
    form = PersonEditForm(request.POST or None, actor=request.user, initial=PersonEditForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, data=form.particulars())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("web:person_detail", uid=person.uid)
    return render(request, "web/person_form.html", {"form": form, "person": person})


@require(P.PERSON_CHANGE)
@require_http_methods(["GET", "HEAD", "POST"])
def representation_add(request: HttpRequest, uid: str) -> HttpResponse:
    person = selectors.person_get(actor=request.user, uid=uid, perm=P.PERSON_CHANGE)
    form = RepresentationAddForm(request.POST or None, actor=request.user,
                                 initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.representation_add(actor=request.user, person=person, **form.service_kwargs())
        except DomainError as error:
            show_domain_error(form, error, aliases=RepresentationAddForm.ALIASES)
        else:
            messages.success(request, _("The legal representative is added."))
            return redirect("web:person_detail", uid=person.uid)
    return render(request, "web/representation_form.html", {"form": form, "person": person})


@require(P.GROUND_CREATE)
@require_http_methods(["GET", "HEAD", "POST"])
def ground_register(request: HttpRequest, uid: str) -> HttpResponse:
    person = selectors.person_get(actor=request.user, uid=uid)
    form = GroundRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ground_register(actor=request.user, person=person, **form.service_kwargs())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The ground for services is registered."))
            return redirect("web:person_detail", uid=person.uid)
    return render(request, "web/ground_form.html", {"form": form, "person": person})


# --- Providers -------------------------------------------------------------------------------------

@require(P.PROVIDER_VIEW)
def provider_list(request: HttpRequest) -> HttpResponse:
    """Providers in scope, filtered by name or BIN, region and setting."""
    form = ProviderFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    providers = selectors.provider_list(actor=request.user, query=filters.get("q", ""),
                                        region=filters.get("region"), setting=filters.get("setting") or None)
    return render(request, "web/provider_list.html", {"form": form, "page": _page(request, providers)})


@require(P.PROVIDER_VIEW)
def provider_detail(request: HttpRequest, uid: str) -> HttpResponse:
    provider = selectors.provider_get(actor=request.user, uid=uid)
    settings = list(provider.settings.all())
    return render(request, "web/provider_detail.html", {
        "provider": provider, "settings": settings, "total_capacity": sum(s.capacity for s in settings),
    })


# --- Reference data (read-only) --------------------------------------------------------------------

@require(P.REFERENCE_VIEW)
def reference(request: HttpRequest) -> HttpResponse:
    return render(request, "web/reference/index.html")


@require(P.REFERENCE_VIEW)
def reference_institution_types(request: HttpRequest) -> HttpResponse:
    return render(request, "web/reference/institution_types.html",
                  {"institution_types": rules.institution_type_list()})


@require(P.REFERENCE_VIEW)
def reference_categories(request: HttpRequest) -> HttpResponse:
    return render(request, "web/reference/categories.html", {"categories": rules.recipient_category_list()})


@require(P.REFERENCE_VIEW)
def reference_services(request: HttpRequest) -> HttpResponse:
    return render(request, "web/reference/services.html", {"service_types": rules.service_type_list()})


@require(P.REFERENCE_VIEW)
def reference_risk_criteria(request: HttpRequest) -> HttpResponse:
    return render(request, "web/reference/risk_criteria.html", {"criteria": rules.risk_criterion_list()})


@require(P.REFERENCE_VIEW)
def reference_checklists(request: HttpRequest) -> HttpResponse:
    return render(request, "web/reference/checklists.html", {"checklists": rules.checklist_list()})


# Units of the dated parameters, as the data files name them.
UNIT_LABELS = {
    "calendar_days": gettext_lazy("calendar days"), "working_days": gettext_lazy("working days"), "months": gettext_lazy("months"),
    "years": gettext_lazy("years"), "hours": gettext_lazy("hours"), "times": gettext_lazy("times"), "children": gettext_lazy("children"),
    "square_metres": gettext_lazy("square metres"), "points": gettext_lazy("points"), "ratio": gettext_lazy("share"),
    "complaints": gettext_lazy("complaints"), "flag": gettext_lazy("yes / no"),
}


def _value_label(value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@require(P.REFERENCE_VIEW)
def reference_parameters(request: HttpRequest) -> HttpResponse:
    rows = [{"row": p, "value": _value_label(p.value), "unit": UNIT_LABELS.get(p.unit, p.unit)}
            for p in rules.parameter_list()]
    return render(request, "web/reference/parameters.html", {"parameters": rows})

