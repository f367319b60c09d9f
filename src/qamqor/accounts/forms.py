"""Log-in and second-factor forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.backends import LOCK_ATTRIBUTE

LOCKED = _("Too many failed log-ins from this account or address. Log-in is paused until %(time)s; "
           "try again then.")


class LoginForm(AuthenticationForm):
    """Django's log-in form, which says so when the lockout refused the attempt."""

    def get_invalid_login_error(self) -> ValidationError:
        until = getattr(self.request, LOCK_ATTRIBUTE, None)
        if until is not None:
            local = timezone.localtime(until)
            return ValidationError(LOCKED, code="locked", params={"time": time_format(local, "H:i")})
        return super().get_invalid_login_error()


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                         "autofocus": True}))

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split())
