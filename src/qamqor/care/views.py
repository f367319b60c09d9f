"""Pages of the care context for specialists and heads: the work lists, the individual work plan with
its forms, the admission dossier, and the printed plan and certificate of stay.

Each view names its permission with ``@require``, reads through the care selectors (an object outside
the actor's scope is a 404) and writes through one care service call; a refusal is shown beside its
field with the rule's source, and nothing changes. A form the actor may not use is not shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.access.views import require
from qamqor.care import selectors, services
from qamqor.care.forms import (
    DossierDocumentForm,
    PlanAcknowledgeForm,
    PlanApproveForm,
    PlanCorrectForm,
    PlanFillForm,
    PlanItemAddForm,
    PlanMonitoringForm,
)
from qamqor.care.models import AdmissionDossier, IndividualWorkPlan
from qamqor.core.documents import pdf_response
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.web.forms import show_domain_error

Status = IndividualWorkPlan.Status
EDITABLE = (Status.DRAFT, Status.CORRECTING)


@require(P.PLAN_VIEW)
def worklist(request: HttpRequest) -> HttpResponse:
    """My caseload: plans due this week, plans late, quarterly monitoring due, and (home care) the
    children assigned to each care social worker."""
    actor = request.user
    today = timezone.localdate()
    provider = getattr(actor, "provider", None)
    caseload = []
    if provider is not None and has_perm(actor, P.SERVICE_VIEW):
        caseload = selectors.caseload_list(actor=actor, provider=provider, on=today)
    return render(request, "care/worklist.html", {
        "today": today,
        "due": selectors.plans_due(actor=actor, today=today),
        "late": selectors.plans_late(actor=actor, today=today),
        "monitoring": selectors.monitoring_due_list(actor=actor, today=today),
        "caseload": caseload,
    })


def _plan_forms(actor: Any, plan: IndividualWorkPlan, today: Any, bound: dict[str, Any]) -> dict[str, Any]:
    """The forms the actor may use on this plan in its status (others are not shown)."""
    forms: dict[str, Any] = {}
    editor = can(actor, P.PLAN_EDIT, plan)
    if editor and plan.status in EDITABLE:
        forms["item"] = PlanItemAddForm(plan=plan)
        forms["fill"] = PlanFillForm(initial={"filled_on": today})
    if can(actor, P.PLAN_APPROVE, plan) and getattr(actor, "provider_id", None) == plan.provider_id \
            and plan.status == Status.FILLED:
        forms["approve"] = PlanApproveForm(initial={"approved_on": today})
    if editor and plan.status in (Status.APPROVED, Status.CORRECTING):
        forms["monitoring"] = PlanMonitoringForm(initial={"recorded_on": today})
    if editor and plan.status == Status.APPROVED:
        forms["correct"] = PlanCorrectForm()
        forms["acknowledge"] = PlanAcknowledgeForm(plan=plan, initial={"acknowledged_on": today})
    forms.update(bound)
    return forms


def _plan_page(request: HttpRequest, plan: IndividualWorkPlan, bound: dict[str, Any] | None = None,
               status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    coverage = selectors.plan_coverage(actor=actor, plan=plan)
    items = list(plan.items.all())
    sections = [{"row": row, "items": [i for i in items if i.service_item.service_type_id == row.service_type.pk]}
                for row in coverage]
    return render(request, "care/plan_detail.html", {
        "plan": plan, "today": today, "timing": selectors.plan_timing(plan, today),
        "sections": sections, "items": items,
        "quarters": selectors.plan_quarter_states(actor=actor, plan=plan, today=today),
        "versions": selectors.plan_version_list(actor=actor, plan=plan),
        "forms": _plan_forms(actor, plan, today, bound or {}),
    }, status=status)


@require(P.PLAN_VIEW)
def plan_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _plan_page(request, selectors.plan_get(actor=request.user, uid=uid))


def _plan_action(name: str, perm: P, form_class: type, call: Callable[..., Any], done: str,
                 *, needs_plan: bool = False, actor_kwargs: bool = False) -> Callable[..., HttpResponse]:
    """A POST-only page action on a plan: parse the form, call one service, show a refusal beside its
    field (nothing changes) or go back to the plan with a confirmation."""

    @require(perm)
    @require_http_methods(["POST"])
    def view(request: HttpRequest, uid: str) -> HttpResponse:
        plan = selectors.plan_get(actor=request.user, uid=uid)
        if not can(request.user, perm, plan):
            raise PermissionDenied
        form = form_class(request.POST, plan=plan) if needs_plan else form_class(request.POST)
        if form.is_valid():
            data = form.service_kwargs(actor=request.user) if actor_kwargs else dict(form.cleaned_data)
            try:
                call(actor=request.user, plan=plan, **data)
            except PermissionRefused as error:
                raise PermissionDenied from error
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, done)
                return redirect("care:plan_detail", uid=plan.uid)
        return _plan_page(request, selectors.plan_get(actor=request.user, uid=uid), {name: form}, status=400)

    view.__name__ = f"plan_{name}"
    return view


plan_item_add = _plan_action("item", P.PLAN_EDIT, PlanItemAddForm, services.plan_item_add,
                             _("The service item is added to the plan."), needs_plan=True, actor_kwargs=True)
plan_fill = _plan_action("fill", P.PLAN_EDIT, PlanFillForm, services.plan_fill,
                         _("The plan is filled in and awaits the head's approval."))
plan_approve = _plan_action("approve", P.PLAN_APPROVE, PlanApproveForm, services.plan_approve,
                            _("The plan is approved."))
plan_monitoring = _plan_action("monitoring", P.PLAN_EDIT, PlanMonitoringForm, services.plan_monitoring_record,
                               _("The monitoring record is saved."))
plan_correct = _plan_action("correct", P.PLAN_EDIT, PlanCorrectForm, services.plan_correct,
                            _("The correction is started; the approved version stays in force."))
plan_acknowledge = _plan_action("acknowledge", P.PLAN_EDIT, PlanAcknowledgeForm, services.plan_acknowledge,
                                _("The acknowledgement is recorded."), needs_plan=True)


@require(P.PLAN_VIEW)
def plan_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    """The plan printed in the layout of the seed's form (seed 002, Appendix 1, form 3)."""
    plan = selectors.plan_get(actor=request.user, uid=uid)
    return pdf_response("care/pdf/plan.html", plan_print_context(request.user, plan),
                        f"plan-{plan.person.iin}.pdf")


def plan_print_context(actor: Any, plan: IndividualWorkPlan) -> dict[str, Any]:
    items = list(plan.items.all())
    coverage = selectors.plan_coverage(actor=actor, plan=plan)
    return {"plan": plan, "sections": [
        {"service_type": row.service_type,
         "items": [i for i in items if i.service_item.service_type_id == row.service_type.pk]}
        for row in coverage]}


# --- Admission dossier ----------------------------------------------------------------------------

def _dossier_page(request: HttpRequest, dossier: AdmissionDossier, bound: dict[int, Any] | None = None,
                  status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    editable = can(actor, P.DOSSIER_EDIT, dossier) and dossier.closed_on is None
    bound = bound or {}
    documents = [{"row": d, "form": bound.get(d.document.number) or (
        DossierDocumentForm(initial={"state": d.state, "on": today}, prefix=f"d{d.document.number}")
        if editable else None)} for d in dossier.documents.all()]
    return render(request, "care/dossier_detail.html", {
        "dossier": dossier, "today": today, "documents": documents,
        "contraindications": list(dossier.contraindications.all()),
        "refusals": selectors.admission_refusals(person=dossier.person, provider=dossier.provider, on=today,
                                                 funding=dossier.funding) if dossier.admission_date is None else [],
        "exit_documents": selectors.exit_document_list(actor=actor, dossier=dossier, on=today),
    }, status=status)


@require(P.DOSSIER_VIEW)
def dossier_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _dossier_page(request, selectors.dossier_get(actor=request.user, uid=uid))


@require(P.DOSSIER_EDIT)
@require_http_methods(["POST"])
def dossier_document_set(request: HttpRequest, uid: str, number: int) -> HttpResponse:
    """Mark one document of the dossier received, requested from the competent body, or not applicable."""
    dossier = selectors.dossier_get(actor=request.user, uid=uid)
    document = next((d for d in dossier.documents.all() if d.document.number == number), None)
    if document is None:
        raise Http404
    form = DossierDocumentForm(request.POST, prefix=f"d{number}")
    if form.is_valid():
        try:
            services.dossier_document_set(actor=request.user, document=document, **form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The document's state is saved."))
            return redirect("care:dossier_detail", uid=dossier.uid)
    return _dossier_page(request, selectors.dossier_get(actor=request.user, uid=uid), {number: form}, status=400)


@require(P.DOSSIER_VIEW)
def stay_certificate_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    """The certificate of stay issued on exit (seed 000 п. 6): who stayed where, from when to when."""
    dossier = selectors.dossier_get(actor=request.user, uid=uid)
    if dossier.admission_date is None:
        raise Http404
    return pdf_response("care/pdf/stay_certificate.html", {"dossier": dossier, "today": timezone.localdate()},
                        f"certificate-of-stay-{dossier.person.iin}.pdf")
