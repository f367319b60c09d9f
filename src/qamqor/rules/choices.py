"""Closed vocabularies of the regulations, shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Setting(models.TextChoices):
    """Form of service provision (seed 003 pp. 11, 21, 26, 35; seed 001 App. 3 for foster families)."""

    STATIONARY = "stationary", _("stationary")
    SEMI_STATIONARY = "semi_stationary", _("semi-stationary")
    HOME_CARE = "home_care", _("home care")
    TEMPORARY_STAY = "temporary_stay", _("temporary stay")
    FOSTER_FAMILY = "foster_family", _("foster family")


class Sector(models.TextChoices):
    SOCIAL_PROTECTION = "social_protection", _("social protection")
    EDUCATION = "education", _("education")
    HEALTH = "health", _("health")


class Ownership(models.TextChoices):
    STATE = "state", pgettext_lazy("ownership", "state")
    PRIVATE = "private", pgettext_lazy("ownership", "private")


class Severity(models.TextChoices):
    """Degree of violation of a risk criterion (seed 004, Appendix 1)."""

    GROSS = "gross", _("gross")
    SIGNIFICANT = "significant", _("significant")
    MINOR = "minor", _("minor")
