"""Forms of the journal pages: they parse and label input; the rules stay in the journal services.

Each action form names the service it feeds (``service_kwargs``); a refusal comes back as a
``DomainError`` and is shown beside the field with ``qamqor.web.forms.show_domain_error``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.journal.domain.stays import TransferAgreement
from qamqor.journal.models import JournalSetting
from qamqor.registry import selectors as registry
from qamqor.registry.models import Provider
from qamqor.rules.models import AdmissionDocument, DischargeGround, ExitDocument
from qamqor.web.forms import DateInput


def _today() -> date:
    return timezone.localdate()


class PeriodForm(forms.Form):
    """The period of the journal form (both ends inclusive)."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def period(self, default_start: date | None) -> tuple[date, date]:
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or _today()
        start = data.get("start") or default_start or end
        return (min(start, end), end)


class CaseOpenForm(forms.Form):
    """Find a person by IIN to open their case in this journal."""

    iin = forms.CharField(label=_("IIN"), max_length=12,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class _Dated(forms.Form):
    event_date = forms.DateField(label=_("Date of the event"), widget=DateInput())

    def __init__(self, *args: Any, actor: Any = None, person: Any = None, provider: Any = None,
                 **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"event_date": _today()})
        super().__init__(*args, **kwargs)
        self.actor, self.person, self.provider = actor, person, provider

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class _Order(_Dated):
    order_number = forms.CharField(label=_("Order number"), max_length=100)
    order_date = forms.DateField(label=_("Order date"), widget=DateInput())


class AdmissionForm(_Order):
    ground = forms.ModelChoiceField(label=_("Ground for admission"), queryset=None, to_field_name="uid",
                                    required=False, help_text=_("A ground registered on the person's page."))
    registration_card = forms.CharField(label=_("Registration card number"), max_length=100, required=False,
                                        help_text=_("Temporary stay only: after the medical examination."))
    examined_and_treated = forms.BooleanField(label=_("Medical examination and sanitary treatment done"),
                                              required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    missing_documents = forms.ModelMultipleChoiceField(
        label=_("Documents missing at admission"), queryset=AdmissionDocument.objects.none(), required=False,
        to_field_name="code", widget=forms.CheckboxSelectMultiple,
        help_text=_("Special-regime organisations only (Government decree No. 1142 of 2014, p. 5): documents "
                    "2)-5) may follow; the organisation requests them from the competent bodies."))
    documents_requested_from = forms.CharField(
        label=_("Requested from (competent bodies)"), max_length=1000, required=False,
        help_text=_("Required when a document is missing."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].queryset = registry.ground_list(actor=self.actor, person=self.person)
        if "missing_documents" in self.fields:
            # Only the documents the catalog lets follow after admission, for this institution type.
            documents = AdmissionDocument.objects.filter(
                institution_type_id=getattr(self.provider, "institution_type_id", None),
                may_be_missing_at_admission=True).order_by("funding", "number")
            if documents.exists():
                self.fields["missing_documents"].queryset = documents
            else:
                del self.fields["missing_documents"], self.fields["documents_requested_from"]


class ReadmissionForm(AdmissionForm):
    missing_documents = documents_requested_from = None


class LeaveForm(_Order):
    reason = forms.CharField(label=_("Reason"), max_length=1000)
    expected_return = forms.DateField(label=_("Expected return"), required=False, widget=DateInput())
    parent_application = forms.CharField(label=_("Parent's application"), max_length=300, required=False,
                                         help_text=_("Children's institutions: number and date."))
    doctor_conclusion = forms.CharField(label=_("Doctor's conclusion"), max_length=300, required=False,
                                        help_text=_("Children's institutions: that leave is possible."))


class LeaveReturnForm(_Dated):
    order_number = forms.CharField(label=_("Order number"), max_length=100, required=False)
    order_date = forms.DateField(label=_("Order date"), required=False, widget=DateInput())


class DischargeForm(_Order):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)
    discharge_ground = forms.ModelChoiceField(label=_("Ground for discharge"), queryset=None, required=False,
                                              to_field_name="code")
    destination_region = forms.ModelChoiceField(label=_("Went to region"), queryset=None, to_field_name="code",
                                                required=False)
    destination_district = forms.ModelChoiceField(label=_("District"), queryset=None, to_field_name="code",
                                                  required=False)
    destination_city = forms.CharField(label=_("City or place"), max_length=200, required=False)
    documents_issued = forms.ModelMultipleChoiceField(
        label=_("Documents issued on exit"), queryset=ExitDocument.objects.none(), required=False,
        to_field_name="code", widget=forms.CheckboxSelectMultiple,
        help_text=_("The documents handed to the person on exit (Government decree No. 1142 of 2014, p. 6; "
                    "MLSP order No. 240-ө of 2009)."))
    other_documents_issued = forms.CharField(
        label=_("Other documents issued"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One document per line."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = getattr(self.provider, "institution_type_id", None)
        self.fields["discharge_ground"].queryset = DischargeGround.objects.filter(
            Q(institution_type__isnull=True) | Q(institution_type_id=kind))
        self.fields["destination_region"].queryset = registry.region_list()
        self.fields["destination_district"].queryset = registry.district_list()
        self.fields["documents_issued"].queryset = ExitDocument.objects.filter(institution_type_id=kind)
        if not self.fields["documents_issued"].queryset.exists():
            del self.fields["documents_issued"]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        chosen = [str(d) for d in data.pop("documents_issued", None) or ()]
        other = [line.strip() for line in data.pop("other_documents_issued", "").splitlines() if line.strip()]
        data["documents_issued"] = chosen + other
        return data


class _Decision(_Dated):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class SuspensionForm(_Decision):
    pass


class ResumptionForm(_Decision):
    pass


class TerminationForm(_Decision):
    pass


class TransferOutForm(_Order):
    destination_provider = forms.ModelChoiceField(label=_("Destination organisation"), queryset=None,
                                                  to_field_name="uid")
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)
    origin_body = forms.CharField(label=_("Agreement: authorised body of this region"), max_length=300,
                                  required=False, help_text=_("Only for a transfer to another region."))
    origin_number = forms.CharField(label=_("Its number"), max_length=100, required=False)
    origin_date = forms.DateField(label=_("Its date"), required=False, widget=DateInput())
    destination_body = forms.CharField(label=_("Agreement: authorised body of the other region"),
                                       max_length=300, required=False)
    destination_number = forms.CharField(label=_("Its number"), max_length=100, required=False)
    destination_date = forms.DateField(label=_("Its date"), required=False, widget=DateInput())

    AGREEMENT = ("origin_body", "origin_number", "origin_date", "destination_body", "destination_number",
                 "destination_date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any active provider may be the destination (names and BINs are public).
        self.fields["destination_provider"].queryset = Provider.objects.filter(is_active=True).exclude(
            pk=getattr(self.provider, "pk", None)).order_by("name_kk")

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        parts = [data.pop(k) for k in self.AGREEMENT]
        data["agreement"] = TransferAgreement(*parts) if all(parts) else None
        return data


class PostponementForm(forms.Form):
    new_arrival_by = forms.DateField(label=_("New arrival date"), widget=DateInput())
    ground = forms.CharField(label=_("Ground (illness, hospitalisation)"), max_length=500)
    notice_number = forms.CharField(label=_("Number of the signed notice"), max_length=100)
    notice_date = forms.DateField(label=_("Date of the notice"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for k in ("actor", "person", "provider"):
            kwargs.pop(k, None)
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class LapseForm(PostponementForm):
    new_arrival_by = ground = notice_number = notice_date = None


class WithdrawalForm(PostponementForm):
    new_arrival_by = ground = notice_number = notice_date = None
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class ApplicationFileForm(forms.Form):
    """An application received on paper, registered by the provider with its time of receipt."""

    iin = forms.CharField(label=_("IIN of the person"), max_length=12,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    applicant_iin = forms.CharField(label=_("IIN of the legal representative who signed"), max_length=12,
                                    required=False, help_text=_("For a minor or a person without full legal "
                                                                "capacity."))
    setting = forms.ChoiceField(label=_("Setting"), choices=[
        c for c in JournalSetting.choices if c[0] != JournalSetting.TEMPORARY_STAY])
    received_at = forms.DateTimeField(label=_("Received at"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"),
        help_text=_("Date and time of receipt, to the second."))
    paper_number = forms.CharField(label=_("Registration number on paper"), max_length=100, required=False)
    out_of_turn = forms.BooleanField(label=_("Out of turn"), required=False,
                                     help_text=_("An orphan or child without parental care who turned 18 in a "
                                                 "stationary organisation."))
    out_of_turn_basis = forms.CharField(label=_("Document confirming the out-of-turn right"), max_length=500,
                                        required=False)

    ALIASES = {"person": "iin", "applicant": "applicant_iin", "channel": "received_at"}

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def _person(self, field: str) -> Any:
        iin = (self.cleaned_data.get(field) or "").strip()
        if not iin:
            return None
        person = registry.person_by_iin(actor=self.actor, iin=iin)
        if person is None:
            raise forms.ValidationError(_("No person with this IIN is on record among those you may see."))
        return person

    def clean_iin(self) -> Any:
        return self._person("iin")

    def clean_applicant_iin(self) -> Any:
        return self._person("applicant_iin")

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["person"] = data.pop("iin")
        data["applicant"] = data.pop("applicant_iin")
        data["channel"] = "paper"
        return data


class OfferForm(forms.Form):
    arrival_by = forms.DateField(label=_("Arrive by"), required=False, widget=DateInput(),
                                 help_text=_("Leave empty for the period the regulation sets."))


class TransferArriveForm(_Order):
    pass


class CorrectionForm(forms.Form):
    """A correcting event: void the event, or amend some of its fields."""

    reason = forms.CharField(label=_("Why the correction"), max_length=1000)
    void = forms.BooleanField(label=_("Void the event (it was recorded in error)"), required=False)
    event_date = forms.DateField(label=_("Correct date"), required=False, widget=DateInput())
    order_number = forms.CharField(label=_("Correct order number"), max_length=100, required=False)
    order_date = forms.DateField(label=_("Correct order date"), required=False, widget=DateInput())
    arrival_by = forms.DateField(label=_("Correct arrival date"), required=False, widget=DateInput())
    new_reason = forms.CharField(label=_("Correct reason"), max_length=1000, required=False)

    ALIASES = {"amend": "void"}

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        amend = {k: data[k] for k in ("event_date", "order_number", "order_date", "arrival_by") if data.get(k)}
        if data.get("new_reason"):
            amend["reason"] = data["new_reason"]
        return {"reason": data["reason"], "void": data["void"], "amend": amend}


class PositionLookupForm(forms.Form):
    """The number of an application (its public identifier) to look up its place in the queue.

    Kept as plain text so that a malformed number gets the same "not found" answer as an unknown one."""

    number = forms.CharField(label=_("Application number"),
                             help_text=_("As shown on the application page and on the paper receipt."),
                             widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
