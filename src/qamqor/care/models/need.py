"""Need for special social services and the local executive body's decision on the guaranteed volume."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qamqor.care.domain import need as rules
from qamqor.core.models import BaseModel
from qamqor.registry.models import District, Person, Provider, Region
from qamqor.rules.choices import Setting
from qamqor.rules.models import ServiceType


class Funding(models.TextChoices):
    """How a service is paid for (seed 002 Appendix 1 п. 25, Appendix 3 п. 23)."""

    GUARANTEED = rules.Funding.GUARANTEED.value, _("guaranteed volume (budget)")
    PAID_BEYOND = rules.Funding.PAID_BEYOND.value, _("paid, beyond the guaranteed volume")
    CONTRACT = rules.Funding.CONTRACT.value, _("paid, by contract with the parent or representative")


class NeedAssessment(BaseModel):
    """An application for special social services and the assessment of the need (by the local
    executive body, on the social worker's conclusion)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("not yet assessed")
        NEED = "need", _("need established")
        NO_NEED = "no_need", _("no need established")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="need_assessments",
                               verbose_name=_("person"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="need_assessments",
                               verbose_name=_("region of the local executive body"))
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="need_assessments", verbose_name=_("district"))
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="need_assessments", verbose_name=_("provider asked for"))
    setting = models.CharField(max_length=20, choices=Setting.choices, blank=True, verbose_name=_("setting"))
    application_date = models.DateField(verbose_name=_("date of application"))
    assessment_date = models.DateField(null=True, blank=True, verbose_name=_("date of assessment"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING,
                               verbose_name=_("outcome"))
    conclusion = models.TextField(blank=True, verbose_name=_("conclusion on the assessment of need"))
    assessor_name = models.CharField(max_length=300, blank=True, verbose_name=_("assessed by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-application_date", "-id"]
        verbose_name = _("assessment of need")
        verbose_name_plural = _("assessments of need")
        indexes = [models.Index(fields=["region", "application_date"])]
        constraints = [
            models.CheckConstraint(
                name="need_assessment_after_application",
                condition=Q(assessment_date__isnull=True) | Q(assessment_date__gte=F("application_date"))),
            models.CheckConstraint(
                name="need_assessment_outcome_has_date",
                condition=(Q(outcome="pending", assessment_date__isnull=True)
                           | (~Q(outcome="pending") & Q(assessment_date__isnull=False)))),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.application_date:%d.%m.%Y}"


class ServiceDecision(BaseModel):
    """The local executive body's decision on providing the guaranteed volume of special social
    services (or refusing it); a continuation needs no new assessment (seed 002 Appendix 2 п. 16)."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("services granted")
        REFUSED = "refused", _("services refused")

    class Kind(models.TextChoices):
        INITIAL = "initial", _("first decision")
        CONTINUATION = "continuation", _("continuation of services")

    assessment = models.ForeignKey(NeedAssessment, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="decisions", verbose_name=_("assessment of need"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="service_decisions",
                               verbose_name=_("person"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="service_decisions",
                               verbose_name=_("region of the local executive body"))
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="service_decisions", verbose_name=_("provider"))
    setting = models.CharField(max_length=20, choices=Setting.choices, blank=True, verbose_name=_("setting"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INITIAL, verbose_name=_("kind"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices, verbose_name=_("outcome"))
    number = models.CharField(max_length=100, verbose_name=_("decision number"))
    decision_date = models.DateField(verbose_name=_("date of decision"))
    volume = models.TextField(blank=True, verbose_name=_("types and volume of services"))
    service_types = models.ManyToManyField(ServiceType, blank=True, related_name="+",
                                           verbose_name=_("types of services"))
    valid_from = models.DateField(null=True, blank=True, verbose_name=_("services from"))
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("services until"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-decision_date", "-id"]
        verbose_name = _("decision on the guaranteed volume")
        verbose_name_plural = _("decisions on the guaranteed volume")
        constraints = [
            models.UniqueConstraint(fields=["region", "number", "decision_date"], name="uniq_service_decision"),
            models.CheckConstraint(
                name="service_decision_period_ordered",
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from"))),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} ({self.decision_date:%d.%m.%Y})"
