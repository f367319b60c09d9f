"""Users: each has one role and the organisation or region the role is scoped to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVIDER_SPECIALIST = "provider_specialist", _("provider specialist")
    PROVIDER_HEAD = "provider_head", _("head of provider")
    LEB_OFFICER = "leb_officer", _("local executive body officer")
    INSPECTOR = "inspector", _("state inspector")
    ANALYST = "analyst", _("ministry analyst")
    ADMIN = "admin", _("system administrator")


PROVIDER_ROLES = (Role.PROVIDER_SPECIALIST, Role.PROVIDER_HEAD)


class User(AbstractUser):
    """A person who logs in. Provider roles belong to one provider; a local executive body officer
    to one region; an inspector to a region or, with none, to the whole country."""

    role = models.CharField(max_length=30, choices=Role.choices, verbose_name=_("role"))
    provider = models.ForeignKey("registry.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="staff", verbose_name=_("provider"))
    region = models.ForeignKey("registry.Region", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="officers", verbose_name=_("region"))
    iin = models.CharField(max_length=12, blank=True, verbose_name=_("IIN"))
    position = models.CharField(max_length=200, blank=True, verbose_name=_("position"))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_provider_role_has_provider",
                condition=~Q(role__in=[r.value for r in PROVIDER_ROLES]) | Q(provider__isnull=False),
            ),
            models.CheckConstraint(
                name="user_leb_officer_has_region",
                condition=~Q(role=Role.LEB_OFFICER.value) | Q(region__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
