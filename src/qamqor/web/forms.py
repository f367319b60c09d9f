"""Forms of the pages: they parse and label input; every rule stays in the services.

A refused service call comes back as a ``DomainError``; ``show_domain_error`` puts its message next
to the field it names (with the rule's source), so every form shows refusals the same way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qamqor.core.errors import DomainError
from qamqor.core.validators import iin_validator
from qamqor.registry import selectors
from qamqor.registry.models import Ground, Person, Representation
from qamqor.registry.services import RepresentativeInput
from qamqor.rules.choices import Setting
from qamqor.rules.selectors import recipient_category_list


def show_domain_error(form: forms.Form, error: DomainError, *, aliases: Mapping[str, str] | None = None) -> None:
    """Put a service's refusal on the form: each message beside the field it names (``aliases`` maps a
    service argument to the form field that collects it), the rest above the form; a rule's source is
    quoted after its message."""
    aliases = aliases or {}
    fields = error.fields or {None: [error.message]}
    for name, messages in fields.items():
        target = aliases.get(name, name) if name else None
        if target not in form.fields:
            target = None
        for message in messages:
            form.add_error(target, _with_source(message, error))


def _with_source(message: Any, error: DomainError) -> Any:
    if error.source is None:
        return message
    return _("%(message)s (rule: %(source)s)") % {"message": message, "source": error.source}


class DateInput(forms.DateInput):
    """The browser's date picker; the value goes over the wire as YYYY-MM-DD in every language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _district_choices(districts: Iterable[Any]) -> list[tuple[Any, Any]]:
    """Districts grouped under their region (an <optgroup> each), so the list reads without scripts."""
    groups: dict[Any, list[tuple[str, str]]] = {}
    for district in districts:
        groups.setdefault(district.region, []).append((district.code, district.name))
    return [("", "—")] + [(str(region), options) for region, options in groups.items()]


class _PersonFields(forms.Form):
    """The particulars of a person that registration and editing share."""

    surname = forms.CharField(label=_("Surname"), max_length=150, widget=forms.TextInput(
        attrs={"autocomplete": "family-name"}))
    given_name = forms.CharField(label=_("Name"), max_length=150, widget=forms.TextInput(
        attrs={"autocomplete": "given-name"}))
    patronymic = forms.CharField(label=_("Patronymic"), max_length=150, required=False,
                                 help_text=_("Leave empty if the person has none."),
                                 widget=forms.TextInput(attrs={"autocomplete": "additional-name"}))
    region = forms.ModelChoiceField(label=_("Region of residence"), queryset=None, to_field_name="code",
                                    empty_label="—")
    district = forms.ModelChoiceField(label=_("District"), queryset=None, to_field_name="code",
                                      required=False, help_text=_("A district of the chosen region."))
    address = forms.CharField(label=_("Home address"), max_length=500, required=False, widget=forms.TextInput(
        attrs={"autocomplete": "street-address"}))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False, widget=forms.TextInput(
        attrs={"autocomplete": "tel", "type": "tel"}))
    legal_capacity = forms.ChoiceField(label=_("Legal capacity"), choices=Person.LegalCapacity.choices,
                                       initial=Person.LegalCapacity.FULL)
    categories = forms.ModelMultipleChoiceField(
        label=_("Recipient categories"), queryset=None, to_field_name="code",
        required=False, widget=forms.CheckboxSelectMultiple)
    disability_group = forms.ChoiceField(label=_("Disability group"), choices=Person.DisabilityGroup.choices,
                                         required=False)
    ipr_valid_until = forms.DateField(label=_("Individual rehabilitation programme valid until"), required=False,
                                      widget=DateInput())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["region"].queryset = selectors.region_list()
        self.fields["district"].queryset = selectors.district_list()
        self.fields["district"].choices = _district_choices(selectors.district_list().select_related("region"))
        self.fields["categories"].queryset = recipient_category_list()

    def particulars(self) -> dict[str, Any]:
        """The cleaned particulars, named as the registry services name them."""
        data = {name: self.cleaned_data[name] for name in _PersonFields.base_fields}
        data["categories"] = list(data["categories"])
        return data


class PersonRegisterForm(_PersonFields):
    """Registration of a person; a minor or a person without full legal capacity is registered with a
    legal representative who is already on record (found by IIN)."""

    # The model's own validator, so that a malformed IIN is reported together with the other fields.
    iin = forms.CharField(label=_("IIN"), help_text=_("12 digits; the date of birth and sex are read from it."),
                          validators=[iin_validator],
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=None, to_field_name="uid", required=False,
        help_text=_("The provider the person applies to or is served by; staff of a provider register for "
                    "their own."))
    representative_iin = forms.CharField(
        label=_("IIN of the legal representative"), required=False,
        help_text=_("Required for a minor or a person without full legal capacity. The representative must "
                    "already be registered."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    representative_kind = forms.ChoiceField(label=_("Kind of representation"), required=False,
                                            choices=[("", "—"), *Representation.Kind.choices])
    representative_basis = forms.CharField(label=_("Document of authority"), max_length=300, required=False)
    representative_valid_from = forms.DateField(label=_("Represents from"), required=False, widget=DateInput(),
                                                help_text=_("Today if left empty."))

    field_order = ["iin", *_PersonFields.base_fields]

    # Service arguments and the form fields that collect them.
    ALIASES = {"representatives": "representative_iin", "representative": "representative_iin",
               "valid_until": "representative_valid_from"}

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["provider"].queryset = selectors.provider_list(actor=actor)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        iin = (cleaned.get("representative_iin") or "").strip()
        self.representative = None
        if iin:
            self.representative = selectors.person_by_iin(actor=self.actor, iin=iin)
            if self.representative is None:
                self.add_error("representative_iin", _(
                    "No person with this IIN is on record among those you may see; register the "
                    "representative first."))
            if not cleaned.get("representative_kind"):
                self.add_error("representative_kind", _("Choose the kind of representation."))
        return cleaned

    def service_kwargs(self, *, today: date) -> dict[str, Any]:
        data = self.particulars()
        data["iin"] = self.cleaned_data["iin"].strip()
        data["provider"] = self.cleaned_data["provider"]
        data["representatives"] = [] if self.representative is None else [RepresentativeInput(
            representative=self.representative, kind=self.cleaned_data["representative_kind"],
            basis=self.cleaned_data["representative_basis"],
            valid_from=self.cleaned_data["representative_valid_from"] or today)]
        return data


class PersonEditForm(_PersonFields):
    """Change of a person's particulars; the IIN (and so birth date and sex) never changes."""

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in cls.base_fields if name != "categories"}
        initial["region"] = person.region.code
        initial["district"] = person.district.code if person.district else ""
        initial["categories"] = [c.code for c in person.categories.all()]
        return initial


class RepresentationAddForm(forms.Form):
    """A legal representative (already on record, found by IIN) added to a person."""

    representative_iin = forms.CharField(
        label=_("IIN of the legal representative"),
        help_text=_("The representative must already be registered."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kind = forms.ChoiceField(label=_("Kind of representation"), choices=Representation.Kind.choices)
    basis = forms.CharField(label=_("Document of authority"), max_length=300, required=False)
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    valid_until = forms.DateField(label=_("Until"), required=False, widget=DateInput(),
                                  help_text=_("Leave empty if open-ended."))

    ALIASES = {"representative": "representative_iin"}

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_representative_iin(self) -> Person:
        iin = self.cleaned_data["representative_iin"].strip()
        person = selectors.person_by_iin(actor=self.actor, iin=iin)
        if person is None:
            raise forms.ValidationError(_(
                "No person with this IIN is on record among those you may see; register the representative first."))
        return person

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["representative"] = data.pop("representative_iin")
        return data


class GroundRegisterForm(forms.Form):
    """A ground for services (decision, referral, court act, ...) concerning the person on the page."""

    kind = forms.ChoiceField(label=_("Kind of ground"), choices=Ground.Kind.choices)
    number = forms.CharField(label=_("Document number"), max_length=100)
    issued_on = forms.DateField(label=_("Document date"), widget=DateInput())
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=500)
    setting = forms.ChoiceField(label=_("Setting"), choices=[("", "—"), *Setting.choices], required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("IIN or name"), required=False, max_length=100,
                        help_text=_("The first digits of the IIN, or the beginning of the surname."),
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))


class ProviderFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or BIN"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, to_field_name="code",
                                    required=False, empty_label=_("All regions"))
    setting = forms.ChoiceField(label=_("Setting"), choices=[("", _("All settings")), *Setting.choices],
                                required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.region_list()


class PeriodForm(forms.Form):
    """The dates a dashboard counts (inclusive); empty fields keep the default period."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data
