"""The applicant's forms: choices come from what the applicant may act on, never typed identifiers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qamqor.journal.domain.queue import PostponementGround
from qamqor.registry.models import Region
from qamqor.web.forms import DateInput


class ChooseForm(forms.Form):
    """Step one of applying: for whom, in which setting, in which region (a GET form)."""

    person = forms.TypedChoiceField(label=_("For whom"), coerce=int)
    setting = forms.ChoiceField(label=_("Kind of service"))
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False,
                                    empty_label=_("All regions"))

    def __init__(self, *args: Any, persons: list[Any], settings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, f"{p.full_name} ({p.birth_date:%d.%m.%Y})") for p in persons]
        self.fields["setting"].choices = settings


class ApplyForm(forms.Form):
    """Step two: the provider, and the applicant's signature as a confirmation."""

    provider = forms.TypedChoiceField(label=_("Provider"), coerce=int, widget=forms.RadioSelect)
    confirm = forms.BooleanField(label=_("I sign this application and confirm that the information about the "
                                         "person is true."))

    def __init__(self, *args: Any, providers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(o.row.provider_id, o.row.provider.name) for o in providers]


class PostponeForm(forms.Form):
    new_arrival_by = forms.DateField(label=_("New date of arrival"), widget=DateInput)
    ground = forms.ChoiceField(label=_("Reason"), choices=[
        (PostponementGround.ILLNESS.value, _("illness")),
        (PostponementGround.HOSPITALISATION.value, _("hospitalisation"))])
    confirm = forms.BooleanField(label=_("I sign this notice."))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)
    confirm = forms.BooleanField(label=_("Yes, withdraw this application. I understand that the place in the "
                                         "queue is lost."))
