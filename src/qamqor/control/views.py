"""Pages of state control for inspectors (and, read-only, the local executive body and the analyst):
subjects by risk, a subject's findings, score, breakdown and history, recording and withdrawing findings,
the complaint register, and the semi-annual preventive-control lists.

Reading needs ``P.CONTROL_VIEW`` within the actor's scope (another region's subject is a 404); each write
is one call of a control service, which checks its own permission; a refusal is shown beside its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from qamqor.access.core import can, has_perm, scope
from qamqor.access.permissions import P
from qamqor.access.views import require
from qamqor.control import selectors
from qamqor.control.models import Complaint, Finding, RiskScore, Subject
from qamqor.control.selectors import inspections as inspection_selectors
from qamqor.control.services import complaints as complaint_services
from qamqor.control.services import findings as finding_services
from qamqor.control.services import lists as list_services
from qamqor.control.services import subjects as subject_services
from qamqor.control.services.complaints import complaints_apply_threshold
from qamqor.control.services.computed import findings_compute
from qamqor.control.services.risk import risk_recompute
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.registry.models import Region
from qamqor.rules.models import RiskCriterion
from qamqor.web.forms import DateInput, show_domain_error

METHOD_NOT_IN_SEED = gettext_lazy(
    "The order (seed 004) refers to the method of the Rules for forming the risk-assessment system but does not "
    "state it. Qamqor applies the standard method: one gross violation sets the indicator to 100; otherwise "
    "SP + SN with weights 0.7 and 0.3; high above 70, medium above 30. These are Qamqor's defaults, kept as "
    "dated parameters, not values confirmed by the regulation.")


# --- Forms ---------------------------------------------------------------------------------------------

class SubjectFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or BIN/IIN"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    kind = forms.ChoiceField(label=gettext_lazy("Kind of subject"), required=False,
                             choices=[("", gettext_lazy("All")), *Subject.Kind.choices])
    degree = forms.ChoiceField(label=gettext_lazy("Risk degree"), required=False,
                               choices=[("", gettext_lazy("All")), *RiskScore.DegreeChoice.choices])


class SubjectForm(forms.Form):
    """A local executive body, an accessibility or a rehabilitation subject (providers come from the registry)."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind of subject"),
                             choices=[k for k in Subject.Kind.choices if k[0] != "provider"])
    region = forms.ModelChoiceField(label=gettext_lazy("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code")
    name = forms.CharField(label=gettext_lazy("Name"), max_length=500)
    bin_iin = forms.CharField(label=gettext_lazy("BIN/IIN"), max_length=12, required=False,
                              widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    address = forms.CharField(label=gettext_lazy("Address"), max_length=500, required=False)
    head_name = forms.CharField(label=gettext_lazy("Head of the subject"), max_length=300, required=False)
    is_portal_supplier = forms.BooleanField(label=gettext_lazy("Supplier registered on the social services portal"),
                                            required=False)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if getattr(actor, "region_id", None):
            self.fields["region"].queryset = Region.objects.filter(pk=actor.region_id)


class CriterionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: RiskCriterion) -> str:
        return f"{obj.number}. {obj.text[:150]} ({obj.get_severity_display()})"


class FindingForm(forms.Form):
    criterion = CriterionChoiceField(label=gettext_lazy("Risk criterion"), queryset=RiskCriterion.objects.none(),
                                     to_field_name="number")
    source_group = forms.TypedChoiceField(label=gettext_lazy("Information source"), coerce=int,
                                          choices=Finding.Group.choices)
    found_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    act_number = forms.CharField(label=gettext_lazy("Act number"), required=False, max_length=100)
    publication_url = forms.CharField(label=gettext_lazy("Publication address"), required=False, max_length=1000)
    complaint_number = forms.CharField(label=gettext_lazy("Complaint number"), required=False, max_length=200)
    data_extract = forms.CharField(label=gettext_lazy("Data extract"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, subject: Subject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        numbers = [c.number for c in selectors.subject_applicable_criteria(subject)]
        self.fields["criterion"].queryset = RiskCriterion.objects.filter(number__in=numbers).order_by("number")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))


class SubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Subject) -> str:
        return f"{obj} — {obj.get_kind_display()}{', ' + obj.bin_iin if obj.bin_iin else ''}"


class ComplaintForm(forms.Form):
    subject = SubjectChoiceField(label=gettext_lazy("Control subject"), queryset=Subject.objects.none(),
                                 to_field_name="uid")
    topic = CriterionChoiceField(label=gettext_lazy("Topic (criterion)"), queryset=RiskCriterion.objects.none(),
                                 to_field_name="number")
    number = forms.CharField(label=gettext_lazy("Registration number"), max_length=60)
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DateInput())
    applicant = forms.CharField(label=gettext_lazy("Applicant"), required=False, max_length=300)
    summary = forms.CharField(label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = scope(actor, Subject.objects.filter(is_active=True)).order_by("name")
        self.fields["topic"].queryset = selectors.complaint_topics()


class DecideForm(forms.Form):
    confirmed = forms.TypedChoiceField(label=gettext_lazy("Result of the examination"), widget=forms.RadioSelect,
                                       coerce=lambda v: v == "yes",
                                       choices=[("yes", gettext_lazy("Confirmed")),
                                                ("no", gettext_lazy("Not confirmed"))])
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), widget=DateInput())
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ListForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2022, max_value=2100)
    half = forms.TypedChoiceField(label=gettext_lazy("Half-year"), coerce=int,
                                  choices=[(1, gettext_lazy("first half-year")), (2, gettext_lazy("second half-year"))])
    region = forms.ModelChoiceField(label=gettext_lazy("Region"), queryset=Region.objects.none(), required=False,
                                    to_field_name="code", empty_label=gettext_lazy("All regions"))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.order_by("code")
        if getattr(actor, "region_id", None):
            regions = regions.filter(pk=actor.region_id)
            self.fields["region"].required = True
        self.fields["region"].queryset = regions


def _service(form: forms.Form, call: Any) -> Any:
    """Run a service; a refusal goes on the form (None returned), a role refusal is a 403."""
    try:
        return call()
    except PermissionRefused as error:
        raise PermissionDenied from error
    except DomainError as error:
        show_domain_error(form, error)
        return None


# --- Subjects ------------------------------------------------------------------------------------------

@require(P.CONTROL_VIEW)
def subject_list(request: HttpRequest) -> HttpResponse:
    form = SubjectFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    rows = selectors.subject_list(request.user, kind=f.get("kind") or None, degree=f.get("degree") or None,
                                  search=f.get("q") or "")
    return render(request, "control/subject_list.html", {
        "form": form, "subjects": rows[:300], "total": rows.count(), "method_note": METHOD_NOT_IN_SEED,
        "can_manage": has_perm(request.user, P.RISK_RECOMPUTE)})


@require(P.RISK_RECOMPUTE)
@require_http_methods(["GET", "HEAD", "POST"])
def subject_create(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if request.method == "POST":
        form = SubjectForm(request.POST, actor=actor)
        if form.is_valid():
            data = dict(form.cleaned_data)
            subject = _service(form, lambda: subject_services.subject_create(actor, **data))
            if subject is not None:
                messages.success(request, _("The subject is registered."))
                return redirect("control:subject_detail", uid=subject.uid)
        return render(request, "control/subject_form.html", {"form": form}, status=400)
    return render(request, "control/subject_form.html", {"form": SubjectForm(actor=actor)})


@require(P.RISK_RECOMPUTE)
@require_POST
def subject_sync(request: HttpRequest) -> HttpResponse:
    report = subject_services.subjects_sync_from_registry(request.user)
    lebs = subject_services.leb_subjects_ensure(request.user)
    messages.success(request, _("Synchronised with the registry: %(created)s added, %(updated)s updated, "
                                "%(deactivated)s deactivated; %(lebs)s local executive bodies added.") % {
        **report.as_dict(), "lebs": lebs})
    return redirect("control:subject_list")


def _score_view(score: RiskScore | None) -> dict[str, Any] | None:
    if score is None:
        return None
    b = score.breakdown or {}
    return {"row": score, "result": b.get("result", {}), "parameters": b.get("parameters", []),
            "applicable": b.get("applicable", {}), "findings": b.get("findings", []), "formula": b.get("formula", ""),
            "counts": b.get("severity_counts", {})}


@require(P.CONTROL_VIEW)
def subject_detail(request: HttpRequest, uid: Any) -> HttpResponse:
    actor = request.user
    subject = selectors.subject_get(actor, uid)
    findings = selectors.finding_list(actor, subject=subject, status=None)
    checklist = selectors.subject_checklist(subject)
    return render(request, "control/subject_detail.html", {
        "subject": subject, "score": _score_view(selectors.score_latest(subject)),
        "history": selectors.score_history(actor, subject)[:50],
        "findings": findings, "complaints": selectors.complaint_list(actor, subject=subject)[:50],
        "checklist": checklist, "method_note": METHOD_NOT_IN_SEED,
        "inspections": inspection_selectors.inspection_list(actor=actor, subject=subject)[:50],
        "can_record": can(actor, P.FINDING_RECORD, subject), "can_recompute": can(actor, P.RISK_RECOMPUTE, subject),
        "can_inspect": can(actor, P.INSPECTION_CONDUCT, subject),
    })


@require(P.RISK_RECOMPUTE)
@require_POST
def subject_recompute(request: HttpRequest, uid: Any) -> HttpResponse:
    subject = selectors.subject_get(request.user, uid, P.RISK_RECOMPUTE)
    findings_compute(subject)
    complaints_apply_threshold(subject)
    row = risk_recompute(subject, actor=request.user, trigger="manual")
    messages.success(request, _("Recomputed: %(score)s, %(degree)s risk.") % {
        "score": row.score, "degree": row.get_degree_display()})
    return redirect("control:subject_detail", uid=subject.uid)


@require(P.FINDING_RECORD)
@require_http_methods(["GET", "HEAD", "POST"])
def finding_record(request: HttpRequest, uid: Any) -> HttpResponse:
    subject = selectors.subject_get(request.user, uid, P.FINDING_RECORD)
    if request.method == "POST":
        form = FindingForm(request.POST, subject=subject)
        if form.is_valid():
            data = dict(form.cleaned_data)
            finding = _service(form, lambda: finding_services.finding_record(request.user, subject, **data))
            if finding is not None:
                messages.success(request, _("The finding is recorded and the risk degree recomputed."))
                return redirect("control:subject_detail", uid=subject.uid)
        return render(request, "control/finding_form.html", {"form": form, "subject": subject}, status=400)
    form = FindingForm(subject=subject, initial={"found_on": timezone.localdate(), "source_group": 1})
    return render(request, "control/finding_form.html", {"form": form, "subject": subject})


@require(P.FINDING_RECORD)
@require_http_methods(["GET", "HEAD", "POST"])
def finding_withdraw(request: HttpRequest, uid: Any) -> HttpResponse:
    finding = selectors.finding_get(request.user, uid)
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            done = _service(form, lambda: finding_services.finding_withdraw(
                request.user, finding, reason=form.cleaned_data["reason"]))
            if done is not None:
                messages.success(request, _("The finding is withdrawn and the risk degree recomputed."))
                return redirect("control:subject_detail", uid=finding.subject.uid)
        return render(request, "control/finding_withdraw.html", {"form": form, "finding": finding}, status=400)
    return render(request, "control/finding_withdraw.html", {"form": WithdrawForm(), "finding": finding})


# --- Complaints ----------------------------------------------------------------------------------------

@require(P.CONTROL_VIEW)
def complaint_list(request: HttpRequest) -> HttpResponse:
    decision = request.GET.get("decision") or None
    if decision not in (None, *Complaint.Decision.values):
        decision = None
    rows = selectors.complaint_list(request.user, decision=decision)
    from qamqor.control import parameters as params

    day = timezone.localdate()
    return render(request, "control/complaint_list.html", {
        "complaints": rows[:300], "total": rows.count(), "decision": decision,
        "decisions": Complaint.Decision.choices,
        "threshold": params.value(params.COMPLAINT_THRESHOLD, day),
        "window": params.value(params.COMPLAINT_WINDOW_MONTHS, day),
        "can_record": has_perm(request.user, P.COMPLAINT_RECORD)})


@require(P.COMPLAINT_RECORD)
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_register(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if request.method == "POST":
        form = ComplaintForm(request.POST, actor=actor)
        if form.is_valid():
            data = dict(form.cleaned_data)
            complaint = _service(form, lambda: complaint_services.complaint_register(actor, **data))
            if complaint is not None:
                messages.success(request, _("The complaint is registered."))
                return redirect("control:complaint_list")
        return render(request, "control/complaint_form.html", {"form": form}, status=400)
    initial: dict[str, Any] = {"received_on": timezone.localdate()}
    if request.GET.get("subject"):
        initial["subject"] = request.GET["subject"]
    return render(request, "control/complaint_form.html", {"form": ComplaintForm(initial=initial, actor=actor)})


@require(P.COMPLAINT_RECORD)
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_decide(request: HttpRequest, uid: Any) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, uid)
    if request.method == "POST":
        form = DecideForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            done = _service(form, lambda: complaint_services.complaint_decide(request.user, complaint, **data))
            if done is not None:
                messages.success(request, _("The result of the examination is recorded."))
                return redirect("control:complaint_list")
        return render(request, "control/complaint_decide.html", {"form": form, "complaint": complaint}, status=400)
    form = DecideForm(initial={"decided_on": timezone.localdate()})
    return render(request, "control/complaint_decide.html", {"form": form, "complaint": complaint})


# --- Preventive-control lists --------------------------------------------------------------------------

@require({"GET": P.CONTROL_VIEW, "POST": P.CONTROL_LIST_FORM})
@require_http_methods(["GET", "HEAD", "POST"])
def list_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    can_form = has_perm(actor, P.CONTROL_LIST_FORM)
    status = 200
    form = None
    if request.method == "POST":
        form = ListForm(request.POST, actor=actor)
        if form.is_valid():
            data = dict(form.cleaned_data)
            control_list = _service(form, lambda: list_services.preventive_list_form(actor, **data))
            if control_list is not None:
                messages.success(request, _("The list is formed."))
                return redirect("control:list_detail", uid=control_list.uid)
        status = 400
    elif can_form:
        today = timezone.localdate()
        form = ListForm(actor=actor, initial={"year": today.year + (1 if today.month >= 7 else 0),
                                              "half": 1 if today.month >= 7 else 2})
    return render(request, "control/list_list.html", {
        "lists": selectors.preventive_list_list(actor)[:100], "form": form}, status=status)


@require(P.CONTROL_VIEW)
def list_detail(request: HttpRequest, uid: Any) -> HttpResponse:
    control_list = selectors.preventive_list_get(request.user, uid)
    return render(request, "control/list_detail.html", {
        "list": control_list, "entries": selectors.preventive_entries(request.user, control_list),
        "method_note": METHOD_NOT_IN_SEED})


@require(P.CONTROL_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "control/dashboard.html", {
        "regions": selectors.risk_by_region(request.user),
        "criteria": selectors.findings_by_criterion(request.user)[:90], "method_note": METHOD_NOT_IN_SEED})
