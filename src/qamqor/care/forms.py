"""Forms of the care pages: they parse and label input; every rule stays in the care services.

A refused service call is put beside its field with ``qamqor.web.forms.show_domain_error``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qamqor.care import selectors
from qamqor.care.models import (
    AdmissionDossier,
    CareGroup,
    CareGroupMember,
    DossierDocument,
    FosterFamily,
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


def _staff_of(provider: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(provider=provider, is_active=True).order_by("last_name", "username")


class ContractConcludeForm(forms.Form):
    """A contract on special social services with the child's parent (legal representative), with the
    mandatory content of the model rule ticked (seed 002 App. 2 п. 9)."""

    representation = forms.ModelChoiceField(label=_("Parent or legal representative"),
                                            queryset=Representation.objects.none(), empty_label="—")
    number = forms.CharField(label=_("Contract number"), max_length=100)
    setting = forms.ChoiceField(label=_("Setting"), choices=Setting.choices, initial=Setting.HOME_CARE)
    funding = forms.ChoiceField(label=_("Funding"), choices=ServiceDelivery._meta.get_field("funding").choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())
    terms = forms.MultipleChoiceField(label=_("Mandatory content present in the contract"), required=False,
                                      choices=(), widget=forms.CheckboxSelectMultiple)
    services = forms.CharField(label=_("Periodicity and types of services"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    assigned_worker = forms.ModelChoiceField(label=_("Social worker assigned to the family"), required=False,
                                             queryset=None, empty_label="—")
    payment_terms = forms.CharField(label=_("Payment terms"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    copies = forms.IntegerField(label=_("Copies made"), min_value=1, initial=2)
    copy_given_to_parent = forms.BooleanField(label=_("Second copy given to the parent"), required=False)

    def __init__(self, *args: Any, person: Any, provider: Any, **kwargs: Any) -> None:
        from qamqor.care.services.delivery import TERM_LABELS

        super().__init__(*args, **kwargs)
        self.fields["representation"].queryset = Representation.objects.filter(person=person).select_related(
            "representative")
        self.fields["terms"].choices = [(t.value, label) for t, label in TERM_LABELS.items()]
        self.fields["assigned_worker"].queryset = _staff_of(provider)


class CaseloadAssignForm(_PersonByIinForm):
    """A child put on a care social worker's caseload (seed 002 App. 2 п. 22)."""

    worker = forms.ModelChoiceField(label=_("Care social worker"), queryset=None, empty_label="—")
    start_on = forms.DateField(label=_("From"), widget=DateInput())

    ALIASES = {"person": "person_iin", "worker": "worker"}

    def __init__(self, *args: Any, actor: Any, provider: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["worker"].queryset = _staff_of(provider)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["person"] = data.pop("person_iin")
        return data


class CaseloadEndForm(forms.Form):
    end_on = forms.DateField(label=_("Until"), widget=DateInput())


class ExitDocumentIssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Handed over on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DossierOpenForm(forms.Form):
    """Open the admission dossier with the document list of the provider's institution type."""

    funding = forms.ChoiceField(label=_("Place"), choices=AdmissionDossier.Funding.choices)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())


class PlanOpenForm(forms.Form):
    """Open an individual work plan: the deadlines run from the arrival (or the previous plan's expiry)."""

    basis_date = forms.DateField(label=_("Date of arrival or of the previous plan's expiry"), widget=DateInput(),
                                 help_text=_("For home care, the date of registration."))
    coordinator = forms.ModelChoiceField(label=_("Social work specialist (coordinator)"), required=False,
                                         queryset=None, empty_label="—")
    standard = forms.ChoiceField(label=_("Standard"), required=False, choices=(),
                                 help_text=_("Only where the provider's institution type has no standard in the "
                                             "catalog; otherwise the provider's standard applies."))

    def __init__(self, *args: Any, provider: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = _staff_of(provider)
        standards = ServiceItem.objects.order_by("standard").values_list("standard", flat=True).distinct()
        self.fields["standard"].choices = [("", "—"), *((s, s) for s in standards)]

    def clean_standard(self) -> str | None:
        return self.cleaned_data.get("standard") or None


class GroupCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    age_band = forms.ChoiceField(label=_("Age band"), choices=CareGroup.AgeBand.choices)
    labour_subgroup = forms.BooleanField(label=_("Subgroup of the labour-orientation programme"), required=False)
    formed_on = forms.DateField(label=_("Formed on"), widget=DateInput())


class GroupMemberAddForm(_PersonByIinForm):
    skill = forms.TypedChoiceField(label=_("Skills"), choices=CareGroupMember.Skill.choices, coerce=int)
    joined_on = forms.DateField(label=_("From"), widget=DateInput())

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["person"] = data.pop("person_iin")
        return data


class GroupMemberRemoveForm(forms.Form):
    left_on = forms.DateField(label=_("Until"), widget=DateInput())


class FosterFamilyUpdateForm(forms.Form):
    """The housing and the family's size, which the living-space norm is checked on."""

    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    living_area_m2 = forms.DecimalField(label=_("Total housing area, m²"), min_value=0, max_digits=7,
                                        decimal_places=2)
    family_members = forms.IntegerField(label=_("Family members (without the wards)"), min_value=1,
                                        help_text=_("Everyone living in the family, the carer included, except the "
                                                    "children taken in."))
    wards = forms.IntegerField(label=_("Wards (children taken in)"), min_value=1)


class FosterFamilyForm(_PersonByIinForm, FosterFamilyUpdateForm):
    """A foster family as a provider of the standard (seed 001 App. 3 п. 3, 5, 6)."""

    kind = forms.ChoiceField(label=_("Kind of carer"), choices=FosterFamily.Kind.choices)
    ground = forms.ChoiceField(label=_("Ground"), choices=FosterFamily.Ground.choices)
    ground_number = forms.CharField(label=_("Number of the decision or contract"), max_length=100)
    ground_date = forms.DateField(label=_("Date of the decision or contract"), widget=DateInput())
    ground_issued_by = forms.CharField(label=_("Issued or concluded by"), max_length=500, required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, to_field_name="code", empty_label="—")

    ALIASES = {"carer": "person_iin"}
    field_order = ["person_iin", "kind", "ground", "ground_number", "ground_date", "ground_issued_by", "region",
                   "address", "living_area_m2", "family_members", "wards"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        from qamqor.registry.selectors import region_list

        super().__init__(*args, actor=actor, **kwargs)
        self.fields["person_iin"].label = _("IIN of the carer")
        self.fields["region"].queryset = region_list()

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["carer"] = data.pop("person_iin")
        return data


class PlanHeaderForm(forms.Form):
    """The plan's header fields of the seed's form (diagnosis, attendance, coordinator) while it is being
    written, and its implementation summary and review date at any time before it is closed."""

    diagnosis = forms.CharField(label=_("Diagnosis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attendance = forms.CharField(label=_("Frequency and duration of attendance"), max_length=300, required=False)
    coordinator = forms.ModelChoiceField(label=_("Social work specialist (coordinator)"), required=False,
                                         queryset=None, empty_label="—")
    implementation_summary = forms.CharField(label=_("Summary of plan implementation"), required=False,
                                             widget=forms.Textarea(attrs={"rows": 2}))
    review_date = forms.DateField(label=_("Plan review date"), required=False, widget=DateInput())

    HEADER = ("diagnosis", "attendance", "coordinator")

    def __init__(self, *args: Any, plan: IndividualWorkPlan, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"diagnosis": plan.diagnosis, "attendance": plan.attendance,
                                      "coordinator": plan.coordinator_id,
                                      "implementation_summary": plan.implementation_summary,
                                      "review_date": plan.review_date})
        super().__init__(*args, **kwargs)
        if plan.status in (IndividualWorkPlan.Status.DRAFT, IndividualWorkPlan.Status.CORRECTING):
            self.fields["coordinator"].queryset = _staff_of(plan.provider)
        else:
            for name in self.HEADER:
                del self.fields[name]

    def service_kwargs(self, *, actor: Any) -> dict[str, Any]:
        return {"data": dict(self.cleaned_data)}


class PlanCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())


class EmptyForm(forms.Form):
    """An action without input (a button)."""


class ContraindicationResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("No longer present from"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RecipientRemarkForm(forms.Form):
    recipient_remark = forms.CharField(label=_("Remark of the parent or representative"), max_length=1000,
                                       required=False)
