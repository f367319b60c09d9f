"""The applicant's account: the log-in of a person who applies for special social services for
themselves or for those they legally represent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Applicant(models.Model):
    """Ties a log-in with the applicant role to the person it acts as (matched by IIN when the account
    is made). Whom else it may act for follows from the registry's legal representations, day by day."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant",
                                verbose_name=_("user"))
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="applicant_accounts",
                               verbose_name=_("person"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("applicant account")
        verbose_name_plural = _("applicant accounts")

    def __str__(self) -> str:
        return f"{self.user} → {self.person}"
