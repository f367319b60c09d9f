"""Forms of the exchange pages: upload a roster, choose a provider and date to reconcile, export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import scope
from qamqor.journal.models import JournalSetting
from qamqor.registry.models import Provider
from qamqor.web.forms import DateInput

FILE_FORMATS = [("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON")]


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=_("Roster file (CSV, XLSX or JSON)"))
    as_of = forms.DateField(label=_("Roster as of"), widget=DateInput(),
                            help_text=_("The date the E-sobes roster describes."))
    file_format = forms.ChoiceField(label=_("Format"), required=False,
                                    choices=[("", _("guess from the file"))] + FILE_FORMATS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate()


class ProviderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Provider) -> str:
        return f"{obj.name} ({obj.bin})"


class ReconcileForm(forms.Form):
    provider = ProviderChoice(label=_("Provider"), queryset=Provider.objects.none(), to_field_name="uid")
    date = forms.DateField(label=_("On"), required=False, widget=DateInput())

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class ExportForm(forms.Form):
    WHAT = [("journal", _("journal events of a period")), ("roster", _("roster on a date"))]

    what = forms.ChoiceField(label=_("What to export"), choices=WHAT)
    provider = ProviderChoice(label=_("Provider"), queryset=Provider.objects.none(), to_field_name="uid")
    start = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Period to"), required=False, widget=DateInput())
    date = forms.DateField(label=_("Roster on"), required=False, widget=DateInput())
    setting = forms.ChoiceField(label=_("Setting"), required=False,
                                choices=[("", _("all settings"))] + list(JournalSetting.choices))
    file_format = forms.ChoiceField(label=_("Format"), choices=FILE_FORMATS)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = scope(actor, Provider.objects.all()).order_by("name_kk")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("what") == "journal":
            if not data.get("start"):
                self.add_error("start", _("Give the start of the period."))
            if not data.get("end"):
                self.add_error("end", _("Give the end of the period."))
            if data.get("start") and data.get("end") and data["end"] < data["start"]:
                self.add_error("end", _("The end of the period is before its start."))
        return data
