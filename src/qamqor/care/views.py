"""Pages of the care context for specialists and heads: the work lists, the individual work plan with
its forms, the admission dossier, and the printed plan and certificate of stay.

Each view names its permission with ``@require``, reads through the care selectors (an object outside
the actor's scope is a 404) and writes through one care service call; a refusal is shown beside its
field with the rule's source, and nothing changes. A form the actor may not use is not shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qamqor.access.core import can, get_for_actor, has_perm
from qamqor.access.permissions import P
from qamqor.access.views import require
from qamqor.care import selectors, services
from qamqor.care.domain import homecare
from qamqor.care.forms import (
    AdmissionForm,
    ContractExtendForm,
    ContractTerminateForm,
    DossierDocumentForm,
    LivingConditionsActForm,
    MedicalConclusionForm,
    NeedApplicationForm,
    NeedAssessmentForm,
    PlanAcknowledgeForm,
    PlanApproveForm,
    PlanCorrectForm,
    PlanFillForm,
    PlanItemAddForm,
    PlanMonitoringForm,
    ServiceDecisionForm,
    ServiceDeliveryForm,
)
from qamqor.care.models import AdmissionDossier, IndividualWorkPlan, NeedAssessment, ServiceContract
from qamqor.care.services.delivery import TERM_LABELS
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

def _dossier_page(request: HttpRequest, dossier: AdmissionDossier, bound: dict[Any, Any] | None = None,
                  status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    editable = can(actor, P.DOSSIER_EDIT, dossier) and dossier.closed_on is None
    bound = bound or {}
    documents = [{"row": d, "form": bound.get(d.document.number) or (
        DossierDocumentForm(initial={"state": d.state, "on": today}, prefix=f"d{d.document.number}")
        if editable else None)} for d in dossier.documents.all()]
    admit = editable and dossier.admission_date is None
    return render(request, "care/dossier_detail.html", {
        "dossier": dossier, "today": today, "documents": documents,
        "conclusion_form": bound.get("conclusion") or (
            MedicalConclusionForm(dossier=dossier, initial={"issued_on": today}) if editable else None),
        "admission_form": bound.get("admission") or (AdmissionForm(initial={"admission_date": today})
                                                     if admit else None),
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


def _dossier_action(key: str, form_class: type, call: Callable[..., Any], done: str,
                    *, needs_dossier: bool = False) -> Callable[..., HttpResponse]:
    """A POST-only action on a dossier: one service call; a refusal (each admission refusal citing its
    rule) is shown on the form and nothing changes."""

    @require(P.DOSSIER_EDIT)
    @require_http_methods(["POST"])
    def view(request: HttpRequest, uid: str) -> HttpResponse:
        dossier = selectors.dossier_get(actor=request.user, uid=uid)
        form = form_class(request.POST, dossier=dossier) if needs_dossier else form_class(request.POST)
        if form.is_valid():
            try:
                call(actor=request.user, dossier=dossier, **form.cleaned_data)
            except PermissionRefused as error:
                raise PermissionDenied from error
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, done)
                return redirect("care:dossier_detail", uid=dossier.uid)
        return _dossier_page(request, selectors.dossier_get(actor=request.user, uid=uid), {key: form}, status=400)

    view.__name__ = f"dossier_{key}"
    return view


dossier_conclusion = _dossier_action("conclusion", MedicalConclusionForm, services.dossier_medical_conclusion_record,
                                     _("The medical conclusion is recorded."), needs_dossier=True)
dossier_admission = _dossier_action("admission", AdmissionForm, services.dossier_admission_record,
                                    _("The admission is recorded."))


@require(P.DOSSIER_VIEW)
def stay_certificate_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    """The certificate of stay issued on exit (seed 000 п. 6): who stayed where, from when to when."""
    dossier = selectors.dossier_get(actor=request.user, uid=uid)
    if dossier.admission_date is None:
        raise Http404
    return pdf_response("care/pdf/stay_certificate.html", {"dossier": dossier, "today": timezone.localdate()},
                        f"certificate-of-stay-{dossier.person.iin}.pdf")


# --- Need and decisions (local executive body) ------------------------------------------------------

def _need_page(request: HttpRequest, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    decide = has_perm(actor, P.NEED_DECIDE)
    bound = bound or {}
    rows = []
    for row in selectors.need_deadlines(actor=actor, today=today):
        key = str(row.assessment.uid)
        rows.append({"row": row,
                     "assess": bound.get(f"assess-{key}") or (NeedAssessmentForm(prefix=f"a{row.assessment.pk}",
                                                                                 initial={"assessment_date": today})
                                                              if decide and row.assessment.outcome == "pending"
                                                              else None),
                     "decide": bound.get(f"decide-{key}") or (ServiceDecisionForm(prefix=f"d{row.assessment.pk}",
                                                                                  initial={"decision_date": today})
                                                              if decide and row.assessment.outcome != "pending"
                                                              and row.decision is None else None)})
    region = getattr(actor, "region", None)
    return render(request, "care/need.html", {
        "rows": rows, "today": today,
        "application_form": bound.get("application") or (
            NeedApplicationForm(actor=actor, initial={"application_date": today, "region": region.code if region
                                                      else None}) if decide else None),
    }, status=status)


@require(P.NEED_VIEW)
def need_list(request: HttpRequest) -> HttpResponse:
    """Applications, assessments of need and decisions with their deadlines (a Qamqor default, since the
    regulations are silent — the page says so)."""
    return _need_page(request)


def _need_call(request: HttpRequest, key: str, form: Any, call: Callable[[], Any], done: str) -> HttpResponse:
    if form.is_valid():
        try:
            call()
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error, aliases=getattr(form, "ALIASES", None))
        else:
            messages.success(request, done)
            return redirect("care:need_list")
    return _need_page(request, {key: form}, status=400)


@require(P.NEED_DECIDE)
@require_http_methods(["POST"])
def need_application(request: HttpRequest) -> HttpResponse:
    form = NeedApplicationForm(request.POST, actor=request.user)
    return _need_call(request, "application", form,
                      lambda: services.need_application_record(actor=request.user, **form.service_kwargs()),
                      _("The application is registered."))


def _assessment(request: HttpRequest, uid: str) -> Any:
    return get_for_actor(request.user, P.NEED_VIEW, NeedAssessment.objects.select_related("person"), uid=uid)


@require(P.NEED_DECIDE)
@require_http_methods(["POST"])
def need_assessment(request: HttpRequest, uid: str) -> HttpResponse:
    assessment = _assessment(request, uid)
    form = NeedAssessmentForm(request.POST, prefix=f"a{assessment.pk}")
    return _need_call(request, f"assess-{assessment.uid}", form,
                      lambda: services.need_assessment_record(actor=request.user, assessment=assessment,
                                                              **form.cleaned_data),
                      _("The assessment of need is recorded."))


@require(P.NEED_DECIDE)
@require_http_methods(["POST"])
def need_decision(request: HttpRequest, uid: str) -> HttpResponse:
    assessment = _assessment(request, uid)
    form = ServiceDecisionForm(request.POST, prefix=f"d{assessment.pk}")
    return _need_call(request, f"decide-{assessment.uid}", form,
                      lambda: services.service_decision_record(
                          actor=request.user, person=assessment.person, region=assessment.region,
                          assessment=assessment, provider=assessment.provider, setting=assessment.setting,
                          **form.cleaned_data),
                      _("The decision is recorded."))


# --- Services delivered and home care -----------------------------------------------------------------

def _services_page(request: HttpRequest, form: Any = None, status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    provider = getattr(actor, "provider", None)
    can_record = provider is not None and has_perm(actor, P.SERVICE_RECORD)
    if form is None and can_record:
        form = ServiceDeliveryForm(actor=actor, initial={"delivered_on": today})
    week_start = today - timedelta(days=today.weekday() + 28)
    return render(request, "care/services.html", {
        "deliveries": selectors.service_delivery_list(actor=actor).order_by("-delivered_on", "-id")[:100],
        "form": form if can_record else None,
        "contracts": [{"contract": c, "missing": [TERM_LABELS.get(t, t) for t in homecare.missing_terms(
            c.terms, paid=c.funding != "guaranteed", semi_stationary=c.setting == "semi_stationary")]}
            for c in selectors.contract_list(actor=actor).select_related("person", "provider")[:100]],
        "visits": selectors.visit_frequency(actor=actor, provider=provider, date_from=week_start,
                                            date_to=week_start + timedelta(days=27)) if provider else [],
        "today": today, "contract_source": homecare.CONTRACT_CONTENT, "visits_source": homecare.VISITS,
    }, status=status)


@require({"GET": P.SERVICE_VIEW, "HEAD": P.SERVICE_VIEW, "POST": P.SERVICE_RECORD})
@require_http_methods(["GET", "HEAD", "POST"])
def service_list(request: HttpRequest) -> HttpResponse:
    """The log of services delivered (with the record form), the home-care contracts with their flags
    and the visits per week of the last four weeks."""
    if request.method != "POST":
        return _services_page(request)
    provider = getattr(request.user, "provider", None)
    if provider is None:
        raise PermissionDenied
    form = ServiceDeliveryForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.service_delivery_record(actor=request.user, **form.service_kwargs(provider=provider))
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error, aliases=ServiceDeliveryForm.ALIASES)
        else:
            messages.success(request, _("The service delivered is recorded."))
            return redirect("care:service_list")
    return _services_page(request, form, status=400)


@require(P.SERVICE_VIEW)
def contract_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    """The home-care contract printed for signature in two copies."""
    contract = get_for_actor(request.user, P.SERVICE_VIEW, ServiceContract.objects.select_related(
        "person", "provider", "representation__representative", "assigned_worker"), uid=uid)
    return pdf_response("care/pdf/contract.html", {"contract": contract, "terms": [
        TERM_LABELS.get(t, t) for t in contract.terms]}, f"contract-{contract.number}.pdf")


# --- Home-care contract: one contract, its extension and termination -----------------------------------

def _contract(request: HttpRequest, uid: str) -> ServiceContract:
    return get_for_actor(request.user, P.SERVICE_VIEW, ServiceContract.objects.select_related(
        "person", "provider", "representation__representative", "assigned_worker"), uid=uid)


def _contract_page(request: HttpRequest, contract: ServiceContract, bound: dict[str, Any] | None = None,
                   status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    forms: dict[str, Any] = {}
    if can(actor, P.CONTRACT_EDIT, contract) and contract.terminated_on is None:
        forms = {"extend": ContractExtendForm(initial={"agreed_on": today}),
                 "terminate": ContractTerminateForm(initial={"terminated_on": today})}
        forms.update(bound or {})
    return render(request, "care/contract_detail.html", {
        "contract": contract, "today": today, "forms": forms,
        "terms": [TERM_LABELS.get(t, t) for t in contract.terms],
        "extensions": list(contract.extensions.all()),
    }, status=status)


@require(P.SERVICE_VIEW)
def contract_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """One home-care contract with its extensions, and the forms to extend or terminate it."""
    return _contract_page(request, _contract(request, uid))


def _contract_action(key: str, form_class: type, call: Callable[..., Any], done: str) -> Callable[..., HttpResponse]:
    """A POST-only action on a contract: one service call; a refusal is shown beside its field."""

    @require(P.CONTRACT_EDIT)
    @require_http_methods(["POST"])
    def view(request: HttpRequest, uid: str) -> HttpResponse:
        contract = _contract(request, uid)
        if not can(request.user, P.CONTRACT_EDIT, contract):
            raise PermissionDenied
        form = form_class(request.POST)
        if form.is_valid():
            try:
                call(actor=request.user, contract=contract, **form.cleaned_data)
            except PermissionRefused as error:
                raise PermissionDenied from error
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, done)
                return redirect("care:contract_detail", uid=contract.uid)
        return _contract_page(request, _contract(request, uid), {key: form}, status=400)

    view.__name__ = f"contract_{key}"
    return view


contract_extend = _contract_action("extend", ContractExtendForm, services.contract_extend,
                                   _("The contract's term is extended."))
contract_terminate = _contract_action("terminate", ContractTerminateForm, services.contract_terminate,
                                      _("The contract is terminated."))


# --- Act of inspection of living conditions (home care) ---------------------------------------------------

def _living_conditions_page(request: HttpRequest, person: Any, form: Any = None, status: int = 200) -> HttpResponse:
    actor = request.user
    provider = getattr(actor, "provider", None)
    if form is None and provider is not None and can(actor, P.DOSSIER_EDIT, provider):
        form = LivingConditionsActForm(initial={"inspected_on": timezone.localdate()})
    return render(request, "care/living_conditions.html", {
        "person": person, "form": form,
        "acts": selectors.living_conditions_act_list(actor=actor, person=person),
    }, status=status)


@require({"GET": P.DOSSIER_VIEW, "HEAD": P.DOSSIER_VIEW, "POST": P.DOSSIER_EDIT})
@require_http_methods(["GET", "HEAD", "POST"])
def living_conditions(request: HttpRequest, uid: str) -> HttpResponse:
    """A person's acts of inspection of living conditions, with the form to record one."""
    from qamqor.registry.selectors import person_get

    person = person_get(actor=request.user, uid=uid)
    if request.method != "POST":
        return _living_conditions_page(request, person)
    provider = getattr(request.user, "provider", None)
    if provider is None:
        raise PermissionDenied
    form = LivingConditionsActForm(request.POST)
    if form.is_valid():
        try:
            services.living_conditions_act_record(actor=request.user, person=person, provider=provider,
                                                  **form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The act of inspection is recorded."))
            return redirect("care:living_conditions", uid=person.uid)
    return _living_conditions_page(request, person, form, status=400)


# --- Monthly journal of home-care services (seed 002 Appendix 5 to Appendix 2) ------------------------------

@require(P.SERVICE_VIEW)
def home_care_journal(request: HttpRequest, uid: str, year: int, month: int) -> HttpResponse:
    """One child's journal of special social services provided at home in a month."""
    from qamqor.registry.selectors import person_get

    if not (1 <= month <= 12 and 1 < year < 9999):
        raise Http404
    person = person_get(actor=request.user, uid=uid)
    first = date(year, month, 1)
    previous = first - timedelta(days=1)
    following = first + timedelta(days=32)
    return render(request, "care/home_care_journal.html", {
        "person": person, "month": first, "previous": previous, "following": following,
        "rows": selectors.home_care_journal(actor=request.user, person=person, year=year, month=month),
    })
