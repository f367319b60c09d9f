"""Pages of the registries and the reference data.

Each view names its permission with ``@require``, reads through the selectors (an object outside the
actor's scope is a 404), and writes through one service call; a refusal is shown on the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qamqor.access.core import has_perm, role_of
from qamqor.access.permissions import P
from qamqor.access.scopes import is_national
from qamqor.access.views import require
from qamqor.accounts.models import Role
from qamqor.care import selectors as care_selectors
from qamqor.core.documents import pdf_response, xlsx_response
from qamqor.core.domain import age_on
from qamqor.core.errors import DomainError
from qamqor.journal.models import JournalSetting
from qamqor.registry import selectors, services
from qamqor.rules import selectors as rules
from qamqor.web import dashboards
from qamqor.web import selectors as web_selectors
from qamqor.web.forms import (
    GroundRegisterForm,
    PeriodForm,
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

def _due(label: Any, count: int | None, url: str, *, warn: bool = False) -> dict[str, Any] | None:
    return None if count is None else {"label": label, "count": count, "url": url, "warn": warn and count > 0}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What is due for the user, with counts and links, from their own scope only: a provider's staff
    see their work lists (and the head the caseload flags), the local executive body's officer the
    assessments and decisions waiting, an inspector the control app's plan (when it is installed),
    and the report roles the aggregates of their scope."""
    actor = request.user
    if role_of(actor) == Role.APPLICANT:  # an applicant's home is the portal
        return redirect("portal:home")
    today = timezone.localdate()
    tasks = [
        (P.PERSON_VIEW, "web:person_list", _("Find a person by IIN or name")),
        (P.PERSON_CREATE, "web:person_register", _("Register a person")),
        (P.PROVIDER_VIEW, "web:provider_list", _("Browse providers and their capacity")),
        (P.REPORT_VIEW, "web:dashboards", _("Open the dashboards")),
        (P.REFERENCE_VIEW, "web:reference", _("Read the reference data of the regulations")),
        (P.ADMIN_SITE, "admin:index", _("Open the administration")),
    ]
    context: dict[str, Any] = {
        "today": today,
        "tasks": [(url, label) for perm, url, label in tasks if has_perm(actor, perm)],
        "person_count": selectors.person_list(actor=actor).count() if has_perm(actor, P.PERSON_VIEW) else None,
        "provider_count": (selectors.provider_list(actor=actor).count()
                           if has_perm(actor, P.PROVIDER_VIEW) else None),
        "regions": list(web_selectors.regions_in_reach(actor)) if not is_national(actor) else [],
    }
    provider = web_selectors.home_provider(actor)
    if provider is not None:
        due = web_selectors.staff_due(actor=actor, provider=provider, today=today)
        worklist = reverse("care:worklist")
        journal = reverse("journal:index", kwargs={"provider_uid": provider.uid})
        context["staff_due"] = [row for row in (
            _due(_("Plans due this week"), due.plans_due, worklist + "#due-title"),
            _due(_("Plans late"), due.plans_late, worklist + "#late-title", warn=True),
            _due(_("Quarterly monitoring due"), due.monitoring_due, worklist + "#monitoring-title"),
            _due(_("Offers of a place about to lapse (arrival within %(days)s days)")
                 % {"days": web_selectors.OFFER_WARNING_DAYS}, due.offers_lapsing, journal, warn=True),
            _due(_("Applications waiting in the queues"), due.applications_waiting, journal),
            _due(_("Documents missing from admission dossiers"), due.missing_documents,
                 reverse("web:missing_documents")),
            _due(_("Transfers to us awaiting arrival"), due.incoming_transfers, journal),
        ) if row is not None]
        context["provider"] = provider
        if has_perm(actor, P.CASELOAD_ASSIGN):
            context["show_caseload"] = True
            context["caseload_flags"] = web_selectors.caseload_flags(actor=actor, provider=provider, today=today)
    need = web_selectors.need_due(actor=actor, today=today) if provider is None else None
    if need is not None:
        need_url = reverse("care:need_list")
        waiting_url = (reverse("web:region_detail", kwargs={"code": context["regions"][0].code})
                       if context["regions"] else reverse("web:dashboards") + "#queues-title"
                       if has_perm(actor, P.REPORT_VIEW) else need_url)
        context["need_due"] = [row for row in (
            _due(_("Assessments of need pending"), need.assessments_pending, need_url),
            _due(_("Assessments of need late"), need.assessments_late, need_url, warn=True),
            _due(_("Decisions on the guaranteed volume pending"), need.decisions_pending, need_url),
            _due(_("Decisions on the guaranteed volume late"), need.decisions_late, need_url, warn=True),
            _due(_("Queue applications waiting in the region") if not is_national(actor)
                 else _("Queue applications waiting"), need.applications_waiting, waiting_url),
        ) if row is not None]
        context["need_source"] = need.deadline_source
    if role_of(actor) in (Role.INSPECTOR, Role.ADMIN):
        context["control"] = web_selectors.control_summary(actor=actor, today=today)
    if has_perm(actor, P.REPORT_VIEW) and provider is None:
        occupancy = dashboards.occupancy(actor=actor, today=today)
        queues = dashboards.queues(actor=actor, today=today)
        plans = dashboards.plans(actor=actor, today=today, period=dashboards.ReportPeriod(date.min, today))
        capacity = sum(r["capacity"] for r in occupancy.rows)
        occupied = sum(r["occupied"] for r in occupancy.rows)
        context["aggregates"] = {
            "capacity": capacity, "occupied": occupied,
            "free": sum(r["free"] for r in occupancy.rows),
            "rate": round(100 * occupied / capacity, 1) if capacity else None,
            "waiting": sum(r["waiting"] for r in queues.rows),
            "plans_late": sum(r["late_now"] for r in plans.rows),
            "national": is_national(actor),
        }
    return render(request, "web/home.html", context)


@require(P.DOSSIER_VIEW)
def missing_documents(request: HttpRequest) -> HttpResponse:
    """Documents of open admission dossiers not yet received, in the user's scope."""
    rows = care_selectors.missing_document_list(actor=request.user)
    return render(request, "web/missing_documents.html", {"page": _page(request, rows)})


# --- Search ----------------------------------------------------------------------------------------

@login_required
def search(request: HttpRequest) -> HttpResponse:
    """One search box for persons (IIN or name prefix) and providers (BIN or name), results grouped by
    kind and scoped like the lists."""
    query = (request.GET.get("q") or "").strip()[:100]
    results = web_selectors.search(actor=request.user, query=query) if query else None
    return render(request, "web/search.html", {"query": query, "results": results})


# --- Regions ---------------------------------------------------------------------------------------

def _period(request: HttpRequest, today: Any) -> tuple[PeriodForm, dashboards.ReportPeriod]:
    form = PeriodForm(request.GET or None)
    default = dashboards.ReportPeriod.default(today)
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("date_from") or default.start
        end = form.cleaned_data.get("date_to") or default.end
        return form, dashboards.ReportPeriod(start, end)
    if not form.is_bound:
        form = PeriodForm(initial={"date_from": default.start, "date_to": default.end})
    return form, default


@require(P.REPORT_VIEW)
def region_list(request: HttpRequest) -> HttpResponse:
    regions = web_selectors.regions_in_reach(request.user)
    if regions.count() == 1:
        return redirect("web:region_detail", code=regions.get().code)
    return render(request, "web/region_list.html", {"regions": regions})


@require(P.REPORT_VIEW)
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A region for its local executive body and the inspectors: its providers with capacity and
    occupancy by setting, queue lengths, and plans late."""
    actor = request.user
    region = get_object_or_404(web_selectors.regions_in_reach(actor), code=code)
    today = timezone.localdate()
    occupancy = dashboards.occupancy(actor=actor, today=today, group=dashboards.PROVIDER, region=region)
    queues = dashboards.queues(actor=actor, today=today, group=dashboards.PROVIDER, region=region)
    plans = dashboards.plans(actor=actor, today=today, group=dashboards.PROVIDER, region=region,
                             period=dashboards.ReportPeriod(date.min, today))
    waiting = {(r["group"], r["setting"]): r for r in queues.rows}
    late = {r["group"]: r["late_now"] for r in plans.rows}
    rows = [{**r, "waiting": waiting.get((r["group"], r["setting"]), {}).get("waiting", 0),
             "plans_late": late.get(r["group"], 0)} for r in occupancy.rows]
    return render(request, "web/region_detail.html", {
        "region": region, "today": today, "rows": rows, "queues": queues,
        "totals": {k: sum(r[k] for r in rows) for k in ("capacity", "occupied", "offered", "free", "waiting")},
        "plans_late": sum(late.values()),
    })


# --- Dashboards ------------------------------------------------------------------------------------

@require(P.REPORT_VIEW)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The four dashboards of the user's scope, each a chart beside its table, with exports."""
    today = timezone.localdate()
    form, period = _period(request, today)
    tables = [dashboards.build(key, actor=request.user, today=today, period=period)
              for key in dashboards.keys_for(request.user)]
    return render(request, "web/dashboards.html", {
        "form": form, "period": period, "today": today, "tables": tables,
        "query": request.GET.urlencode(),
    })


@require(P.REPORT_VIEW)
def dashboard_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One dashboard's table as XLSX or CSV, with the same scope and period as the page."""
    if key not in dashboards.keys_for(request.user) or fmt not in ("csv", "xlsx"):
        raise Http404
    today = timezone.localdate()
    _form, period = _period(request, today)
    table = dashboards.build(key, actor=request.user, today=today, period=period)
    filename = f"{key}-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(dashboards.table_xlsx(table, period), filename)
    response = HttpResponse(dashboards.table_csv(table, period), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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


@require(P.PERSON_VIEW)
def registration_card_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    """The person's registration card as a printable PDF: identity, status (categories, disability,
    rehabilitation programme), legal representatives, grounds for services and placements. Seed 003
    (п. 35 subpara. 1) names the card but its form (Appendix 9) is not among the seeds, so the layout is
    Qamqor's and the card says so. Only what the actor may see is printed; the download is written to
    the audit trail as an export of this person's data (``ExportAuditMiddleware``)."""
    from qamqor.access.core import scope
    from qamqor.journal.models import Placement

    actor = request.user
    person = selectors.person_get(actor=actor, uid=uid)
    today = timezone.localdate()
    placements = (scope(actor, Placement.objects.filter(person=person)).select_related("provider")
                  .order_by("started_on", "id") if has_perm(actor, P.JOURNAL_VIEW) else Placement.objects.none())
    return pdf_response("web/pdf/registration_card.html", {
        "person": person, "today": today, "age": age_on(person.birth_date, today),
        "grounds": selectors.ground_list(actor=actor, person=person).select_related("provider")
        .order_by("issued_on", "id"),
        "placements": placements, "actor": actor,
    }, f"registration-card-{person.iin}.pdf")


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
    """A provider's card with capacity and occupancy by setting, its queues, links to its journals, the
    care social workers' caseloads, and (from the control app, when installed) its risk degree."""
    actor = request.user
    provider = selectors.provider_get(actor=actor, uid=uid)
    settings = list(provider.settings.all())
    today = timezone.localdate()
    context: dict[str, Any] = {
        "provider": provider, "settings": settings, "total_capacity": sum(s.capacity for s in settings),
        "today": today, "occupancy": None, "plans_late": None, "caseload": None,
    }
    if dashboards.may_read(actor):
        occupancy = dashboards.occupancy(actor=actor, today=today, group=dashboards.PROVIDER, provider=provider)
        queues = dashboards.queues(actor=actor, today=today, group=dashboards.PROVIDER, provider=provider)
        waiting = {r["setting"]: r for r in queues.rows}
        journals = set(JournalSetting.values)
        context["occupancy"] = [{**r, "waiting": waiting.get(r["setting"], {}).get("waiting", 0),
                                 "avg_wait": waiting.get(r["setting"], {}).get("avg_wait"),
                                 "has_journal": r["setting"] in journals} for r in occupancy.rows]
    if has_perm(actor, P.PLAN_VIEW) or has_perm(actor, P.REPORT_VIEW):
        plans = dashboards.plans(actor=actor, today=today, group=dashboards.PROVIDER, provider=provider,
                                 period=dashboards.ReportPeriod(date.min, today))
        context["plans_late"] = sum(r["late_now"] for r in plans.rows)
    if has_perm(actor, P.SERVICE_VIEW):
        context["caseload"] = care_selectors.caseload_list(actor=actor, provider=provider, on=today)
    if has_perm(actor, P.PLAN_VIEW):
        context["specialist_plans"] = web_selectors.specialist_plans(actor=actor, provider=provider, today=today)
    context["risk_state"], context["risk"] = web_selectors.provider_risk(actor=actor, provider=provider, today=today)
    return render(request, "web/provider_detail.html", context)


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

