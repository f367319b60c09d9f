"""Forms of the care pages: they parse and label input; every rule stays in the care services.

A refused service call is put beside its field with ``qamqor.web.forms.show_domain_error``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qamqor.care import selectors
from qamqor.care.models import (
    DossierDocument,
    IndividualWorkPlan,
    LivingConditionsAct,
    NeedAssessment,
    ServiceDecision,
    ServiceDelivery,
)
from qamqor.registry.models import Representation
from qamqor.rules.choices import Setting
from qamqor.rules.models import Contraindication, ServiceItem
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


class _PersonByIinForm(forms.Form):
    """A person already on record, found by IIN among those the actor may see."""

    person_iin = forms.CharField(label=_("IIN of the recipient"),
                                 widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))

    ALIASES = {"person": "person_iin"}

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_person_iin(self) -> Any:
        from qamqor.registry.selectors import person_by_iin

        person = person_by_iin(actor=self.actor, iin=self.cleaned_data["person_iin"].strip())
        if person is None:
            raise forms.ValidationError(_("No person with this IIN is on record among those you may see."))
        return person


class NeedApplicationForm(_PersonByIinForm):
    """An application for special social services registered with the local executive body."""

    region = forms.ModelChoiceField(label=_("Region of the local executive body"), queryset=None,
                                    to_field_name="code", empty_label="—")
    application_date = forms.DateField(label=_("Date of application"), widget=DateInput())
    setting = forms.ChoiceField(label=_("Setting"), choices=[("", "—"), *Setting.choices], required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        from qamqor.registry.selectors import region_list

        self.fields["region"].queryset = region_list()

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["person"] = data.pop("person_iin")
        return data


class NeedAssessmentForm(forms.Form):
    assessment_date = forms.DateField(label=_("Date of assessment"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        c for c in NeedAssessment.Outcome.choices if c[0] != NeedAssessment.Outcome.PENDING])
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    assessor_name = forms.CharField(label=_("Assessed by"), max_length=300, required=False)


class ServiceDecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ServiceDecision.Outcome.choices)
    volume = forms.CharField(label=_("Guaranteed volume"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    valid_from = forms.DateField(label=_("Services from"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Services until"), required=False, widget=DateInput())


class ServiceDeliveryForm(_PersonByIinForm):
    """One service delivered: the service item of the standard (or a description), date, quantity."""

    delivered_on = forms.DateField(label=_("Date"), widget=DateInput())
    service_item = forms.ModelChoiceField(label=_("Service item"), queryset=ServiceItem.objects.none(),
                                          to_field_name="code", required=False, empty_label="—")
    description = forms.CharField(label=_("Description"), max_length=500, required=False,
                                  help_text=_("For a service outside the catalog."))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    duration_minutes = forms.IntegerField(label=_("Duration, minutes"), min_value=1, required=False)
    funding = forms.ChoiceField(label=_("Funding"), choices=ServiceDelivery._meta.get_field("funding").choices)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["service_item"].queryset = ServiceItem.objects.select_related("service_type").order_by(
            "standard", "service_type__sort_order", "item_no")

    def service_kwargs(self, *, provider: Any) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["person"] = data.pop("person_iin")
        data["provider"] = provider
        data["specialist"] = self.actor
        return data


class MedicalConclusionForm(forms.Form):
    """The medical conclusion and the contraindications of the institution type's rule it found."""

    number = forms.CharField(label=_("Medical conclusion number"), max_length=100)
    issued_on = forms.DateField(label=_("Medical conclusion date"), widget=DateInput())
    issued_by = forms.CharField(label=_("Medical organisation"), max_length=300)
    contraindications = forms.ModelMultipleChoiceField(
        label=_("Contraindications found"), queryset=Contraindication.objects.none(), to_field_name="code",
        required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, dossier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contraindications"].queryset = Contraindication.objects.filter(
            institution_type=dossier.institution_type)


class AdmissionForm(forms.Form):
    admission_date = forms.DateField(label=_("Date of admission"), widget=DateInput())


class ContractExtendForm(forms.Form):
    """An extension of a home-care contract's term agreed by the parties."""

    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput())
    new_until = forms.DateField(label=_("New end of the term"), widget=DateInput())
    basis = forms.CharField(label=_("Basis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ContractTerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Terminated on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason for the termination"), widget=forms.Textarea(attrs={"rows": 2}))


class DossierCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())


class LivingConditionsActForm(forms.Form):
    """The act of inspection of housing and material-living conditions (seed 002 App. 3 to App. 2)."""

    number = forms.CharField(label=_("Act number"), max_length=100)
    inspected_on = forms.DateField(label=_("Date of inspection"), widget=DateInput())
    housing = forms.ChoiceField(label=_("Housing"), choices=LivingConditionsAct.Housing.choices)
    has_children_room = forms.BooleanField(label=_("Children's room or play area"), required=False)
    benefits = forms.CharField(label=_("Type and amount of benefit"), max_length=500, required=False)
    parents = forms.CharField(label=_("Parents (legal representatives)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    household = forms.CharField(label=_("Family members living together"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    effect_on_development = forms.CharField(label=_("Effect of the living conditions on the child's development"),
                                            required=False, widget=forms.Textarea(attrs={"rows": 2}))
