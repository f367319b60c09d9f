"""Forms of the care pages: they parse and label input; every rule stays in the care services.

A refused service call is put beside its field with ``qamqor.web.forms.show_domain_error``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qamqor.care import selectors
from qamqor.care.models import DossierDocument, IndividualWorkPlan
from qamqor.registry.models import Representation
from qamqor.rules.models import ServiceItem
from qamqor.web.forms import DateInput


class PlanItemAddForm(forms.Form):
    """A service item of the plan's standard, picked from its catalog (never typed)."""

    service_item = forms.ModelChoiceField(label=_("Service item of the standard"), queryset=ServiceItem.objects.none(),
                                          to_field_name="code", empty_label="—")
    schedule = forms.CharField(label=_("Schedule or frequency"), max_length=300)
    expected_result = forms.CharField(label=_("Expected result"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible_name = forms.CharField(
        label=_("Responsible specialist from another organisation"), max_length=300, required=False,
        help_text=_("Leave empty when you are the responsible specialist."))
    planned_count = forms.IntegerField(label=_("Planned number of sessions"), min_value=1, required=False)

    def __init__(self, *args: Any, plan: IndividualWorkPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = selectors.standard_item_list(standard=plan.standard, on=plan.period_start or plan.basis_date)
        self.fields["service_item"].queryset = ServiceItem.objects.filter(pk__in=[r.pk for r in rows]).select_related(
            "service_type").order_by("service_type__sort_order", "item_no")
        groups: dict[Any, list[tuple[str, str]]] = {}
        for row in self.fields["service_item"].queryset:
            groups.setdefault(str(row.service_type), []).append((row.code, f"{row.item_no}. {row}"))
        self.fields["service_item"].choices = [("", "—"), *groups.items()]

    def service_kwargs(self, *, actor: Any) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if not data["responsible_name"]:
            data["responsible"] = actor
        return data


class PlanFillForm(forms.Form):
    filled_on = forms.DateField(label=_("Filled in on"), widget=DateInput())
    developed_on = forms.DateField(label=_("Date of development"), required=False, widget=DateInput())
    period_start = forms.DateField(label=_("Period from"), required=False, widget=DateInput(),
                                   help_text=_("The date of development if left empty."))
    period_end = forms.DateField(label=_("Period to (inclusive)"), required=False, widget=DateInput(),
                                 help_text=_("One year from the start if left empty."))


class PlanApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Approved on"), widget=DateInput())


class PlanMonitoringForm(forms.Form):
    recorded_on = forms.DateField(label=_("Date of monitoring"), widget=DateInput())
    results = forms.CharField(label=_("Results of the plan's execution"), widget=forms.Textarea(attrs={"rows": 3}))
    state_changes = forms.CharField(label=_("Changes in the recipient's state"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))


class PlanCorrectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanAcknowledgeForm(forms.Form):
    representation = forms.ModelChoiceField(label=_("Parent or legal representative"),
                                            queryset=Representation.objects.none(), empty_label="—")
    acknowledged_on = forms.DateField(label=_("Acknowledged on"), widget=DateInput())

    def __init__(self, *args: Any, plan: IndividualWorkPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representation"].queryset = Representation.objects.filter(
            person=plan.person).select_related("representative")


class DossierDocumentForm(forms.Form):
    """The state of one document of the admission dossier."""

    state = forms.ChoiceField(label=_("State"), choices=DossierDocument.State.choices)
    on = forms.DateField(label=_("Date received or requested"), required=False, widget=DateInput())
    requested_from = forms.CharField(label=_("Requested from (competent body)"), max_length=500, required=False)
