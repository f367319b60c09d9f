"""Pages of inspections for inspectors: the list, the appointment form, the checklist filled in on one
page (radio buttons in the four columns of the seed's form; no script needed), the inspection with its
findings, the completion and cancellation actions, and the printed checklist (PDF).

Reading needs ``P.CONTROL_VIEW`` (within the actor's scope: another region's inspection is a 404);
every write needs ``P.INSPECTION_CONDUCT`` and is one call of ``control.services.inspections``; a refusal
is shown beside its field and nothing changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qamqor.access.core import can, has_perm, scope
from qamqor.access.permissions import P
from qamqor.access.views import require
from qamqor.control.models import Inspection, Subject
from qamqor.control.selectors import inspections as selectors
from qamqor.control.services import inspections as services
from qamqor.core.documents import pdf_response
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.web.forms import DateInput, show_domain_error

REQUIRED = "required"
NOT_REQUIRED = "not_required"
COMPLIANT = "compliant"
NON_COMPLIANT = "non_compliant"


# --- Forms ---------------------------------------------------------------------------------------

class InspectionFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Act number, subject or BIN"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", gettext_lazy("All")), *Inspection.Status.choices])


class SubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Subject) -> str:
        return f"{obj} — {obj.get_kind_display()}{', ' + obj.bin_iin if obj.bin_iin else ''}"


class InspectionAppointForm(forms.Form):
    """The act that appoints an inspection and who conducts it; the checklist follows from the subject."""

    subject = SubjectChoiceField(
        label=gettext_lazy("Control subject"), queryset=Subject.objects.none(), to_field_name="uid",
        help_text=gettext_lazy("The checklist (Appendix 2–7) is chosen by the kind of subject and, for a "
                               "provider, its setting."))
    kind = forms.ChoiceField(label=gettext_lazy("Form of control"), choices=Inspection.Kind.choices,
                             initial=Inspection.Kind.PREVENTIVE_VISIT)
    act_number = forms.CharField(label=gettext_lazy("Act of appointment: number"), max_length=100)
    act_date = forms.DateField(label=gettext_lazy("Act of appointment: date"), widget=DateInput())
    appointing_body = forms.CharField(label=gettext_lazy("State body that appointed the inspection"),
                                      max_length=500)
    officials = forms.CharField(label=gettext_lazy("Officials (position, full name)"),
                                help_text=gettext_lazy("One official per line."),
                                widget=forms.Textarea(attrs={"rows": 3}))
    head_of_subject = forms.CharField(label=gettext_lazy("Head of the control subject (position, full name)"),
                                      max_length=500, required=False,
                                      help_text=gettext_lazy("The subject's card if left empty."))
    started_on = forms.DateField(label=gettext_lazy("Started on"), required=False, widget=DateInput(),
                                 help_text=gettext_lazy("The date of the act if left empty."))
    subject_name = forms.CharField(label=gettext_lazy("Name of the control subject"), max_length=500,
                                   required=False, help_text=gettext_lazy("The subject's card if left empty."))
    subject_bin_iin = forms.CharField(label=gettext_lazy("IIN/BIN"), max_length=12, required=False,
                                      help_text=gettext_lazy("The subject's card if left empty."),
                                      widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    subject_address = forms.CharField(label=gettext_lazy("Location address"), max_length=500, required=False,
                                      help_text=gettext_lazy("The subject's card if left empty."))
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = scope(actor, Subject.objects.filter(is_active=True).select_related(
            "region")).order_by("name", "kind", "setting")

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("subject_name", "subject_bin_iin", "subject_address"):
            data[name] = data[name].strip() or None
        return data


class InspectionFillForm(forms.Form):
    """Every item of the checklist on one form: required or not, compliant or not, the evidence."""

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            n = item.requirement.number
            self.fields[services.item_field(n, "required")] = forms.ChoiceField(
                label=_("Item %(n)s: required") % {"n": n}, widget=forms.RadioSelect,
                choices=[(REQUIRED, _("Required")), (NOT_REQUIRED, _("Not required"))],
                initial=REQUIRED if item.required else NOT_REQUIRED)
            self.fields[services.item_field(n, "compliant")] = forms.ChoiceField(
                label=_("Item %(n)s: compliance") % {"n": n}, widget=forms.RadioSelect, required=False,
                choices=[(COMPLIANT, _("Compliant")), (NON_COMPLIANT, _("Non-compliant")),
                         ("", _("Not assessed yet"))],
                initial={True: COMPLIANT, False: NON_COMPLIANT, None: ""}[item.compliant])
            self.fields[services.item_field(n, "evidence")] = forms.CharField(
                label=_("Item %(n)s: evidence") % {"n": n}, required=False,
                initial=item.evidence_note, widget=forms.Textarea(attrs={"rows": 2, "cols": 30}))

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for item in self.items:
            n = item.requirement.number
            compliant = list(self[services.item_field(n, "compliant")])
            rows.append({
                "item": item,
                "required": list(self[services.item_field(n, "required")]),
                "compliant": compliant[:2], "unassessed": compliant[2],
                "compliant_field": self[services.item_field(n, "compliant")],
                "required_field": self[services.item_field(n, "required")],
                "evidence": self[services.item_field(n, "evidence")],
            })
        return rows

    def service_items(self) -> dict[int, services.ItemInput]:
        """The lines as the service takes them; a line marked not required carries no compliance mark."""
        result = {}
        for item in self.items:
            n = item.requirement.number
            required = self.cleaned_data[services.item_field(n, "required")] == REQUIRED
            mark = self.cleaned_data[services.item_field(n, "compliant")]
            compliant = {COMPLIANT: True, NON_COMPLIANT: False}.get(mark) if required else None
            result[n] = services.ItemInput(required=required, compliant=compliant,
                                           evidence_note=self.cleaned_data[services.item_field(n, "evidence")])
        return result


class InspectionCompleteForm(forms.Form):
    finished_on = forms.DateField(label=gettext_lazy("Finished on"), widget=DateInput())
    head_of_subject = forms.CharField(label=gettext_lazy("Head of the control subject (position, full name)"),
                                      max_length=500, required=False,
                                      help_text=gettext_lazy("As on the appointment if left empty."))


class InspectionCancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2}))


# --- Pages ---------------------------------------------------------------------------------------

@require(P.CONTROL_VIEW)
def inspection_list(request: HttpRequest) -> HttpResponse:
    form = InspectionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.inspection_list(actor=request.user, status=filters.get("status") or None,
                                     search=filters.get("q") or "")
    return render(request, "control/inspection_list.html", {
        "form": form, "inspections": rows[:200], "total": rows.count(),
        "can_conduct": has_perm(request.user, P.INSPECTION_CONDUCT),
    })


@require(P.INSPECTION_CONDUCT)
@require_http_methods(["GET", "HEAD", "POST"])
def inspection_appoint(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if request.method == "POST":
        form = InspectionAppointForm(request.POST, actor=actor)
        if form.is_valid():
            try:
                inspection = services.inspection_appoint(actor=actor, **form.service_kwargs())
            except PermissionRefused as error:
                raise PermissionDenied from error
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("The inspection is appointed; fill in its checklist."))
                return redirect("control:inspection_fill", uid=inspection.uid)
        return render(request, "control/inspection_form.html", {"form": form}, status=400)
    initial: dict[str, Any] = {"act_date": timezone.localdate()}
    if request.GET.get("subject"):
        initial["subject"] = request.GET["subject"]
    return render(request, "control/inspection_form.html", {"form": InspectionAppointForm(
        initial=initial, actor=actor)})


def _detail(request: HttpRequest, inspection: Inspection, bound: dict[str, Any] | None = None,
            status: int = 200) -> HttpResponse:
    actor = request.user
    items = selectors.inspection_items(inspection)
    forms_: dict[str, Any] = {}
    if inspection.status == Inspection.Status.DRAFT and can(actor, P.INSPECTION_CONDUCT, inspection):
        forms_["complete"] = InspectionCompleteForm(initial={"finished_on": timezone.localdate(),
                                                             "head_of_subject": inspection.head_of_subject})
        forms_["cancel"] = InspectionCancelForm()
    forms_.update(bound or {})
    findings = inspection.findings.select_related("criterion", "inspection_item__requirement").order_by(
        "inspection_item__requirement__number")
    return render(request, "control/inspection_detail.html", {
        "inspection": inspection, "items": items, "counts": selectors.item_counts(items),
        "findings": findings, "forms": forms_, "can_fill": "complete" in forms_,
    }, status=status)


@require(P.CONTROL_VIEW)
def inspection_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _detail(request, selectors.inspection_get(actor=request.user, uid=uid))


@require({"GET": P.CONTROL_VIEW, "HEAD": P.CONTROL_VIEW, "POST": P.INSPECTION_CONDUCT})
@require_http_methods(["GET", "HEAD", "POST"])
def inspection_fill(request: HttpRequest, uid: str) -> HttpResponse:
    """The whole checklist on one page; saving records every line at once."""
    actor = request.user
    inspection = selectors.inspection_get(actor=actor, uid=uid)
    if inspection.status != Inspection.Status.DRAFT or not can(actor, P.INSPECTION_CONDUCT, inspection):
        if request.method == "POST":
            raise PermissionDenied
        return redirect("control:inspection_detail", uid=inspection.uid)
    items = selectors.inspection_items(inspection)
    form = InspectionFillForm(request.POST or None, items=items)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.inspection_fill(actor=actor, inspection=inspection, items=form.service_items())
            except PermissionRefused as error:
                raise PermissionDenied from error
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("The checklist is saved."))
                return redirect("control:inspection_detail", uid=inspection.uid)
        status = 400
    return render(request, "control/inspection_fill.html", {
        "inspection": inspection, "form": form, "rows": form.rows()}, status=status)


def _action(request: HttpRequest, uid: str, name: str, form_class: type[forms.Form], call: Any,
            done: str) -> HttpResponse:
    actor = request.user
    inspection = selectors.inspection_get(actor=actor, uid=uid)
    if not can(actor, P.INSPECTION_CONDUCT, inspection):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(actor=actor, inspection=inspection, **form.cleaned_data)
        except PermissionRefused as error:
            raise PermissionDenied from error
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("control:inspection_detail", uid=inspection.uid)
    return _detail(request, selectors.inspection_get(actor=actor, uid=uid), {name: form}, status=400)


@require(P.INSPECTION_CONDUCT)
@require_http_methods(["POST"])
def inspection_complete(request: HttpRequest, uid: str) -> HttpResponse:
    return _action(request, uid, "complete", InspectionCompleteForm, services.inspection_complete,
                   _("The inspection is completed; its non-compliances are recorded as risk findings and "
                     "the subject's risk degree is computed again."))


@require(P.INSPECTION_CONDUCT)
@require_http_methods(["POST"])
def inspection_cancel(request: HttpRequest, uid: str) -> HttpResponse:
    return _action(request, uid, "cancel", InspectionCancelForm, services.inspection_cancel,
                   _("The inspection is cancelled."))


@require(P.CONTROL_VIEW)
def inspection_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    """The checklist in the layout of its appendix, filled in with the inspection's marks."""
    inspection = selectors.inspection_get(actor=request.user, uid=uid)
    return pdf_response("control/inspection_print.html", selectors.inspection_print_context(inspection),
                        f"checklist-{inspection.checklist.appendix}-{slugify(inspection.act_number) or 'act'}.pdf")
