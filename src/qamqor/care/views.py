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
from qamqor.care.domain import homecare, norms
from qamqor.care.forms import (
    AdmissionForm,
    CaseloadAssignForm,
    CaseloadEndForm,
    ContractConcludeForm,
    ContractExtendForm,
    ContractTerminateForm,
    ContraindicationResolveForm,
    DossierCloseForm,
    DossierDocumentForm,
    DossierOpenForm,
    EmptyForm,
    ExitDocumentIssueForm,
    FosterFamilyForm,
    FosterFamilyUpdateForm,
    GroupCreateForm,
    GroupMemberAddForm,
    GroupMemberRemoveForm,
    LivingConditionsActForm,
    MedicalConclusionForm,
    NeedApplicationForm,
    NeedAssessmentForm,
    PlanAcknowledgeForm,
    PlanApproveForm,
    PlanCloseForm,
    PlanCorrectForm,
    PlanFillForm,
    PlanHeaderForm,
    PlanItemAddForm,
    PlanMonitoringForm,
    PlanOpenForm,
    RecipientRemarkForm,
    ServiceDecisionForm,
    ServiceDeliveryForm,
)
from qamqor.care.models import (
    AdmissionDossier,
    CareAssignment,
    IndividualWorkPlan,
    NeedAssessment,
    ServiceContract,
    ServiceDelivery,
)
from qamqor.care.services.delivery import TERM_LABELS
from qamqor.care.services.norms import GROUP_PROBLEMS
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
    if editor and plan.status != Status.CLOSED:
        forms["header"] = PlanHeaderForm(plan=plan)
        forms["close"] = PlanCloseForm(initial={"closed_on": today})
    if editor and plan.status == Status.FILLED:
        forms["reopen"] = EmptyForm()
    if editor and plan.version >= 1 and plan.period_end \
            and not IndividualWorkPlan.objects.filter(previous=plan).exists():
        forms["renew"] = EmptyForm()
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
plan_header = _plan_action("header", P.PLAN_EDIT, PlanHeaderForm,
                           lambda *, actor, plan, data: services.plan_update(actor=actor, plan=plan, data=data),
                           _("The plan's details are saved."), needs_plan=True, actor_kwargs=True)
plan_close = _plan_action("close", P.PLAN_EDIT, PlanCloseForm, services.plan_close, _("The plan is closed."))
plan_reopen = _plan_action("reopen", P.PLAN_EDIT, EmptyForm, services.plan_reopen,
                           _("The plan is returned for more writing."))


@require(P.PLAN_EDIT)
@require_http_methods(["POST"])
def plan_renew(request: HttpRequest, uid: str) -> HttpResponse:
    """Open the next plan, due from the expiry of this one."""
    plan = selectors.plan_get(actor=request.user, uid=uid)
    try:
        following = services.plan_renew(actor=request.user, plan=plan)
    except PermissionRefused as error:
        raise PermissionDenied from error
    except DomainError as error:
        messages.error(request, error.message)
        return _plan_page(request, selectors.plan_get(actor=request.user, uid=uid), status=400)
    messages.success(request, _("The next plan is opened."))
    return redirect("care:plan_detail", uid=following.uid)


@require(P.PLAN_VIEW)
def plan_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    """The plan printed in the layout of the seed's form (seed 002, Appendix 1, form 3)."""
    plan = selectors.plan_get(actor=request.user, uid=uid)
    return pdf_response("care/pdf/plan.html", plan_print_context(request.user, plan),
                        f"plan-{plan.person.iin}.pdf")


PLAN_FORMS = {
    # setting -> the form of seed 002 the plan prints in
    "home_care": {"approve_first": True, "attendance": False,
                  "admission_label": "admission", "period": "for", "signatory": "consultant"},
    "semi_stationary": {"approve_first": True, "attendance": False,
                        "admission_label": "arrival", "period": "inclusive", "signatory": "specialist"},
    "stationary": {"approve_first": False, "attendance": True,
                   "admission_label": "arrival", "period": "inclusive", "signatory": "specialist"},
}


def plan_print_context(actor: Any, plan: IndividualWorkPlan) -> dict[str, Any]:
    """The plan in the layout of the seed's form for the provider's setting: residential (Appendix 3 to
    Appendix 1), home care (Appendix 6 to Appendix 2) or semi-stationary (Appendix 2 to Appendix 3)."""
    items = list(plan.items.all())
    coverage = selectors.plan_coverage(actor=actor, plan=plan)
    kind = plan.provider.institution_type
    layout = PLAN_FORMS.get(kind.setting if kind else "", PLAN_FORMS["stationary"])
    form_names = {"home_care": _("Seed 002, Appendix 6 to Appendix 2"),
                  "semi_stationary": _("Seed 002, Appendix 2 to Appendix 3"),
                  "stationary": _("Seed 002, Appendix 3 to Appendix 1")}
    form_name = form_names.get(kind.setting if kind else "", form_names["stationary"])
    return {"plan": plan, "layout": layout, "form_name": form_name, "sections": [
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
    exit_list = selectors.exit_document_list(actor=actor, dossier=dossier, on=today)
    exit_forms = [{"row": row, "form": bound.get(f"x-{row.document.code}") or (
        ExitDocumentIssueForm(prefix=f"x-{row.document.code}", initial={"issued_on": today})
        if can(actor, P.DOSSIER_EDIT, dossier) and row.issued is None else None)} for row in exit_list.rows]
    return render(request, "care/dossier_detail.html", {
        "dossier": dossier, "today": today, "documents": documents,
        "conclusion_form": bound.get("conclusion") or (
            MedicalConclusionForm(dossier=dossier, initial={"issued_on": today}) if editable else None),
        "admission_form": bound.get("admission") or (AdmissionForm(initial={"admission_date": today})
                                                     if admit else None),
        "contraindications": [{"row": c, "form": bound.get(f"c-{c.uid}") or (
            ContraindicationResolveForm(prefix=f"c-{c.uid}", initial={"resolved_on": today})
            if editable and c.resolved_on is None else None)} for c in dossier.contraindications.all()],
        "refusals": selectors.admission_refusals(person=dossier.person, provider=dossier.provider, on=today,
                                                 funding=dossier.funding) if dossier.admission_date is None else [],
        "exit_documents": exit_list, "exit_forms": exit_forms,
        "close_form": bound.get("close") or (DossierCloseForm(initial={"closed_on": today}) if editable else None),
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
        "rows": [{"row": r, "form": RecipientRemarkForm(prefix=f"r-{r.uid}", initial={
            "recipient_remark": r.recipient_remark}) if can(request.user, P.SERVICE_RECORD, r) else None}
            for r in selectors.home_care_journal(actor=request.user, person=person, year=year, month=month)],
    })


# --- Forms on a person: conclude a contract, open a dossier, open a plan --------------------------------

def _person_form_page(request: HttpRequest, person: Any, form: Any, *, title: str, button: str, action: str,
                      status: int = 200, note: str = "") -> HttpResponse:
    return render(request, "care/person_form.html", {"person": person, "form": form, "title": title,
                                                     "button": button, "action": action, "note": note},
                  status=status)


def _person_write(request: HttpRequest, uid: str, perm: P, *, make_form: Callable[..., Any],
                  call: Callable[[Any, Any, Any], Any], done: str, title: str, button: str, url_name: str,
                  target: Callable[[Any], Any], note: str = "") -> HttpResponse:
    """A page with one form about a person, for the actor's own provider: GET shows it, POST calls one
    service (a refusal is shown beside its field and nothing changes) and goes to the new record."""
    from django.urls import reverse

    from qamqor.registry.selectors import person_get

    person = person_get(actor=request.user, uid=uid)
    provider = getattr(request.user, "provider", None)
    if provider is None or not can(request.user, perm, provider):
        raise PermissionDenied
    action = reverse(f"care:{url_name}", kwargs={"uid": person.uid})
    if request.method != "POST":
        return _person_form_page(request, person, make_form(None, person, provider), title=title, button=button,
                                 action=action, note=note)
    form = make_form(request.POST, person, provider)
    if form.is_valid():
        try:
            record = call(form, person, provider)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error, aliases=getattr(form, "ALIASES", None))
        else:
            messages.success(request, done)
            return target(record)
    return _person_form_page(request, person, form, title=title, button=button, action=action, status=400,
                             note=note)


@require(P.CONTRACT_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def contract_new(request: HttpRequest, uid: str) -> HttpResponse:
    """Conclude a contract on special social services with the child's parent (legal representative)."""
    today = timezone.localdate()
    return _person_write(
        request, uid, P.CONTRACT_EDIT,
        make_form=lambda data, person, provider: ContractConcludeForm(
            data, person=person, provider=provider,
            initial={"signed_on": today, "valid_from": today, "copies": homecare.CONTRACT_COPIES_REQUIRED}),
        call=lambda form, person, provider: services.contract_conclude(
            actor=request.user, person=person, provider=provider, **form.cleaned_data),
        done=_("The contract is concluded."), title=_("Conclude a contract on special social services"),
        button=_("Conclude the contract"), url_name="contract_new",
        target=lambda contract: redirect("care:contract_detail", uid=contract.uid),
        note=_("Rule: %(source)s") % {"source": homecare.CONTRACT_CONTENT})


@require(P.DOSSIER_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def dossier_new(request: HttpRequest, uid: str) -> HttpResponse:
    """Open an admission dossier with the document list of the provider's institution type."""
    today = timezone.localdate()
    return _person_write(
        request, uid, P.DOSSIER_EDIT,
        make_form=lambda data, person, provider: DossierOpenForm(data, initial={"opened_on": today}),
        call=lambda form, person, provider: services.dossier_open(
            actor=request.user, person=person, provider=provider, **form.cleaned_data),
        done=_("The admission dossier is opened."), title=_("Open an admission dossier"),
        button=_("Open the dossier"), url_name="dossier_new",
        target=lambda dossier: redirect("care:dossier_detail", uid=dossier.uid))


@require(P.PLAN_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def plan_new(request: HttpRequest, uid: str) -> HttpResponse:
    """Open an individual work plan: due 14 calendar days after the arrival, then 5 working days."""
    return _person_write(
        request, uid, P.PLAN_EDIT,
        make_form=lambda data, person, provider: PlanOpenForm(data, provider=provider,
                                                              initial={"basis_date": timezone.localdate()}),
        call=lambda form, person, provider: services.plan_open(
            actor=request.user, person=person, provider=provider, **form.cleaned_data),
        done=_("The plan is opened."), title=_("Open an individual work plan"), button=_("Open the plan"),
        url_name="plan_new", target=lambda plan: redirect("care:plan_detail", uid=plan.uid))


@require(P.PLAN_EDIT)
@require_http_methods(["POST"])
def plan_item_remove(request: HttpRequest, uid: str, item: str) -> HttpResponse:
    """Remove an item from a plan being written (an approved version keeps it)."""
    plan = selectors.plan_get(actor=request.user, uid=uid)
    row = next((i for i in plan.items.all() if str(i.uid) == str(item)), None)
    if row is None:
        raise Http404
    try:
        services.plan_item_remove(actor=request.user, item=row)
    except PermissionRefused as error:
        raise PermissionDenied from error
    except DomainError as error:
        messages.error(request, error.message)
        return _plan_page(request, selectors.plan_get(actor=request.user, uid=uid), status=400)
    messages.success(request, _("The item is removed from the plan."))
    return redirect("care:plan_detail", uid=plan.uid)


# --- Dossier: close it, hand over the exit documents ------------------------------------------------------

dossier_close = _dossier_action("close", DossierCloseForm, services.dossier_close, _("The dossier is closed."))


@require(P.DOSSIER_EDIT)
@require_http_methods(["POST"])
def exit_document_issue(request: HttpRequest, uid: str, code: str) -> HttpResponse:
    """Record that a document of the exit list was handed to the person."""
    dossier = selectors.dossier_get(actor=request.user, uid=uid)
    row = next((r for r in selectors.exit_document_list(actor=request.user, dossier=dossier,
                                                        on=timezone.localdate()).rows if r.document.code == code), None)
    if row is None:
        raise Http404
    form = ExitDocumentIssueForm(request.POST, prefix=f"x-{code}")
    if form.is_valid():
        try:
            services.exit_document_issue(actor=request.user, dossier=dossier, document=row.document,
                                         **form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The handing over is recorded."))
            return redirect("care:dossier_detail", uid=dossier.uid)
    return _dossier_page(request, selectors.dossier_get(actor=request.user, uid=uid), {f"x-{code}": form},
                         status=400)


# --- Caseload of the care social workers (home care) --------------------------------------------------------

def _caseload_page(request: HttpRequest, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    provider = getattr(actor, "provider", None)
    bound = bound or {}
    assign = provider is not None and can(actor, P.CASELOAD_ASSIGN, provider)
    assignments = []
    if provider is not None:
        for a in selectors.caseload_assignment_list(actor=actor, provider=provider, on=today):
            key = f"end-{a.uid}"
            assignments.append({"row": a, "form": bound.get(key) or (
                CaseloadEndForm(prefix=key, initial={"end_on": today}) if assign else None)})
    return render(request, "care/caseload.html", {
        "today": today, "provider": provider,
        "caseload": selectors.caseload_list(actor=actor, provider=provider, on=today) if provider else [],
        "assignments": assignments, "source": homecare.CASELOAD,
        "form": bound.get("assign") or (CaseloadAssignForm(actor=actor, provider=provider,
                                                           initial={"start_on": today}) if assign else None),
    }, status=status)


@require({"GET": P.SERVICE_VIEW, "HEAD": P.SERVICE_VIEW, "POST": P.CASELOAD_ASSIGN})
@require_http_methods(["GET", "HEAD", "POST"])
def caseload(request: HttpRequest) -> HttpResponse:
    """Each care social worker's children, flagged outside 4–6, with the head's forms to assign and end."""
    if request.method != "POST":
        return _caseload_page(request)
    provider = getattr(request.user, "provider", None)
    if provider is None:
        raise PermissionDenied
    form = CaseloadAssignForm(request.POST, actor=request.user, provider=provider)
    if form.is_valid():
        try:
            services.caseload_assign(actor=request.user, **form.service_kwargs())
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error, aliases=form.ALIASES)
        else:
            messages.success(request, _("The child is on the worker's caseload."))
            return redirect("care:caseload")
    return _caseload_page(request, {"assign": form}, status=400)


@require(P.CASELOAD_ASSIGN)
@require_http_methods(["POST"])
def caseload_end(request: HttpRequest, uid: str) -> HttpResponse:
    assignment = get_for_actor(request.user, P.CASELOAD_ASSIGN, CareAssignment.objects.select_related(
        "person", "worker"), uid=uid)
    key = f"end-{assignment.uid}"
    form = CaseloadEndForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.caseload_end(actor=request.user, assignment=assignment, **form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The child is taken off the worker's caseload."))
            return redirect("care:caseload")
    return _caseload_page(request, {key: form}, status=400)


# --- Groups of children's psychoneurological institutions ----------------------------------------------------

def _groups_page(request: HttpRequest, form: Any = None, status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    provider = getattr(actor, "provider", None)
    if form is None and provider is not None and can(actor, P.GROUP_EDIT, provider):
        form = GroupCreateForm(initial={"formed_on": today})
    return render(request, "care/groups.html", {
        "today": today, "form": form, "source": norms.GROUPS,
        "groups": [selectors.group_state(g, today) for g in selectors.group_list(actor=actor, on=today)],
    }, status=status)


@require({"GET": P.SERVICE_VIEW, "HEAD": P.SERVICE_VIEW, "POST": P.GROUP_EDIT})
@require_http_methods(["GET", "HEAD", "POST"])
def group_list(request: HttpRequest) -> HttpResponse:
    """The groups with their age band, size and flags, and the head's form to form one."""
    if request.method != "POST":
        return _groups_page(request)
    provider = getattr(request.user, "provider", None)
    if provider is None:
        raise PermissionDenied
    form = GroupCreateForm(request.POST)
    if form.is_valid():
        try:
            group = services.group_create(actor=request.user, provider=provider, **form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The group is formed."))
            return redirect("care:group_detail", uid=group.uid)
    return _groups_page(request, form, status=400)


def _group_page(request: HttpRequest, group: Any, bound: dict[str, Any] | None = None,
                status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    bound = bound or {}
    edit = can(actor, P.GROUP_EDIT, group) and group.disbanded_on is None
    state = selectors.group_state(group, today)
    rows = [{"row": r, "form": bound.get(f"m-{r.member.uid}") or (
        GroupMemberRemoveForm(prefix=f"m-{r.member.uid}", initial={"left_on": today}) if edit else None)}
        for r in state.members]
    problems = [GROUP_PROBLEMS.get(p, p) for p in state.check.problems]
    return render(request, "care/group_detail.html", {
        "group": group, "state": state, "rows": rows, "problems": problems, "today": today,
        "form": bound.get("add") or (GroupMemberAddForm(actor=actor, initial={"joined_on": today}) if edit else None),
    }, status=status)


@require(P.SERVICE_VIEW)
def group_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _group_page(request, selectors.group_get(actor=request.user, uid=uid))


@require(P.GROUP_EDIT)
@require_http_methods(["POST"])
def group_member_add(request: HttpRequest, uid: str) -> HttpResponse:
    group = selectors.group_get(actor=request.user, uid=uid)
    form = GroupMemberAddForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.group_member_add(actor=request.user, group=group, **form.service_kwargs())
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error, aliases=form.ALIASES)
        else:
            messages.success(request, _("The child is added to the group."))
            return redirect("care:group_detail", uid=group.uid)
    return _group_page(request, selectors.group_get(actor=request.user, uid=uid), {"add": form}, status=400)


@require(P.GROUP_EDIT)
@require_http_methods(["POST"])
def group_member_remove(request: HttpRequest, uid: str, member: str) -> HttpResponse:
    group = selectors.group_get(actor=request.user, uid=uid)
    row = selectors.group_member_get(actor=request.user, group=group, uid=member)
    key = f"m-{row.uid}"
    form = GroupMemberRemoveForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.group_member_remove(actor=request.user, member=row, **form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The child is taken out of the group."))
            return redirect("care:group_detail", uid=group.uid)
    return _group_page(request, selectors.group_get(actor=request.user, uid=uid), {key: form}, status=400)


# --- Foster families (seed 001 Appendix 3) ---------------------------------------------------------------

def _foster_list_page(request: HttpRequest, form: Any = None, status: int = 200) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    if form is None and has_perm(actor, P.FOSTER_EDIT):
        region = getattr(actor, "region", None)
        form = FosterFamilyForm(actor=actor, initial={"ground_date": today, "family_members": 2, "wards": 1,
                                                      "region": region.code if region else None})
    states = [selectors.foster_family_state(f, today) for f in selectors.foster_family_list(actor=actor)]
    return render(request, "care/foster_families.html", {
        "rows": states, "form": form, "today": today, "space_source": norms.LIVING_SPACE,
        "grounds_source": norms.FOSTER_GROUNDS,
    }, status=status)


@require({"GET": P.FOSTER_VIEW, "HEAD": P.FOSTER_VIEW, "POST": P.FOSTER_EDIT})
@require_http_methods(["GET", "HEAD", "POST"])
def foster_family_list(request: HttpRequest) -> HttpResponse:
    """The foster families with their ground and the living-space check, and the form to record one."""
    if request.method != "POST":
        return _foster_list_page(request)
    form = FosterFamilyForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            family = services.foster_family_record(actor=request.user, **form.service_kwargs())
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error, aliases=form.ALIASES)
        else:
            messages.success(request, _("The foster family is recorded."))
            return redirect("care:foster_family_detail", uid=family.uid)
    return _foster_list_page(request, form, status=400)


def _foster_page(request: HttpRequest, family: Any, form: Any = None, status: int = 200) -> HttpResponse:
    actor = request.user
    if form is None and can(actor, P.FOSTER_EDIT, family) and family.ended_on is None:
        form = FosterFamilyUpdateForm(initial={"address": family.address, "living_area_m2": family.living_area_m2,
                                               "family_members": family.family_members, "wards": family.wards})
    return render(request, "care/foster_family_detail.html", {
        "family": family, "state": selectors.foster_family_state(family, timezone.localdate()), "form": form,
        "space_source": norms.LIVING_SPACE, "grounds_source": norms.FOSTER_GROUNDS,
    }, status=status)


@require({"GET": P.FOSTER_VIEW, "HEAD": P.FOSTER_VIEW, "POST": P.FOSTER_EDIT})
@require_http_methods(["GET", "HEAD", "POST"])
def foster_family_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """One foster family: the carer, the ground, the living-space check; the form to record a change."""
    family = selectors.foster_family_get(actor=request.user, uid=uid)
    if request.method != "POST":
        return _foster_page(request, family)
    form = FosterFamilyUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.foster_family_update(actor=request.user, family=family, data=form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The change is recorded."))
            return redirect("care:foster_family_detail", uid=family.uid)
    return _foster_page(request, selectors.foster_family_get(actor=request.user, uid=uid), form, status=400)


# --- Contraindication no longer present; the parent's remark in the home-care journal ----------------------

@require(P.DOSSIER_EDIT)
@require_http_methods(["POST"])
def contraindication_resolve(request: HttpRequest, uid: str, row: str) -> HttpResponse:
    """Record, on a later medical conclusion, that a contraindication is no longer present."""
    dossier = selectors.dossier_get(actor=request.user, uid=uid)
    found = next((c for c in dossier.contraindications.all() if str(c.uid) == str(row)), None)
    if found is None:
        raise Http404
    key = f"c-{found.uid}"
    form = ContraindicationResolveForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.dossier_contraindication_resolve(actor=request.user, contraindication=found,
                                                      **form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The contraindication is recorded as no longer present."))
            return redirect("care:dossier_detail", uid=dossier.uid)
    return _dossier_page(request, selectors.dossier_get(actor=request.user, uid=uid), {key: form}, status=400)


@require(P.SERVICE_RECORD)
@require_http_methods(["POST"])
def recipient_remark(request: HttpRequest, uid: str) -> HttpResponse:
    """Write the parent's remark on a home visit into the month's journal (seed 002 App. 5 to App. 2, col. 4)."""
    delivery = get_for_actor(request.user, P.SERVICE_RECORD, ServiceDelivery.objects.select_related("person"),
                             uid=uid)
    form = RecipientRemarkForm(request.POST, prefix=f"r-{delivery.uid}")
    if form.is_valid():
        try:
            services.service_delivery_update(actor=request.user, delivery=delivery, data=form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The remark is recorded."))
    return redirect("care:home_care_journal", uid=delivery.person.uid, year=delivery.delivered_on.year,
                    month=delivery.delivered_on.month)
