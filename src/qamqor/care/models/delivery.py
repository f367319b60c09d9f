"""Services delivered, contracts with the family, the living-conditions act and the care workers' caseload."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qamqor.care.models.need import Funding
from qamqor.care.models.plans import IndividualWorkPlan
from qamqor.core.models import BaseModel
from qamqor.registry.models import Person, Provider, Representation
from qamqor.rules.choices import Setting
from qamqor.rules.models import ServiceItem


class ServiceDelivery(BaseModel):
    """One service delivered to a recipient: which item of the standard (or, where the standard has no
    catalog, what was done), when, by whom, how much, how paid; for home care also the parent's remark
    on its quality (seed 002 Appendix 5 to Appendix 2, column 4)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="services_delivered",
                               verbose_name=_("person"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services_delivered",
                                 verbose_name=_("provider"))
    plan = models.ForeignKey(IndividualWorkPlan, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="deliveries", verbose_name=_("plan"))
    service_item = models.ForeignKey(ServiceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("service item"))
    description = models.CharField(max_length=500, blank=True, verbose_name=_("what was done"))
    delivered_on = models.DateField(verbose_name=_("date"))
    specialist = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("specialist"))
    specialist_name = models.CharField(max_length=300, blank=True, verbose_name=_("specialist (name)"))
    quantity = models.PositiveIntegerField(default=1, verbose_name=_("quantity"))
    duration_minutes = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("duration (minutes)"))
    funding = models.CharField(max_length=20, choices=Funding.choices, default=Funding.GUARANTEED,
                               verbose_name=_("funding"))
    at_home = models.BooleanField(default=False, verbose_name=_("delivered at home"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    recipient_remark = models.TextField(blank=True, verbose_name=_("remark of the parent or representative"))

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        indexes = [models.Index(fields=["provider", "delivered_on"]), models.Index(fields=["person", "delivered_on"])]
        constraints = [
            models.CheckConstraint(name="delivery_item_or_description",
                                   condition=Q(service_item__isnull=False) | ~Q(description="")),
            models.CheckConstraint(name="delivery_quantity_positive", condition=Q(quantity__gte=1)),
            models.CheckConstraint(name="delivery_funding_known", condition=Q(funding__in=Funding.values)),
        ]

    def __str__(self) -> str:
        return f"{self.delivered_on:%d.%m.%Y} {self.service_item or self.description}"


class ServiceContract(BaseModel):
    """A contract on special social services between a provider and the parent (legal representative):
    mandatory for home care whatever the funding (seed 002 Appendix 2 п. 9), the basis of a private
    provider's paid services (Appendix 1 п. 7, Appendix 3 п. 7, 41). Made in two copies."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="service_contracts",
                               verbose_name=_("child (recipient)"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="service_contracts",
                                 verbose_name=_("provider"))
    representation = models.ForeignKey(Representation, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("parent or legal representative"))
    setting = models.CharField(max_length=20, choices=Setting.choices, verbose_name=_("setting"))
    funding = models.CharField(max_length=20, choices=Funding.choices, verbose_name=_("funding"))
    number = models.CharField(max_length=100, verbose_name=_("number"))
    signed_on = models.DateField(verbose_name=_("signed on"))
    valid_from = models.DateField(verbose_name=_("from"))
    valid_until = models.DateField(verbose_name=_("until"))
    copies = models.PositiveSmallIntegerField(default=2, verbose_name=_("copies made"))
    copy_given_to_parent = models.BooleanField(default=False, verbose_name=_("second copy given to the parent"))
    terms = models.JSONField(default=list, blank=True, verbose_name=_("mandatory content present"))
    services = models.TextField(blank=True, verbose_name=_("periodicity and types of services"))
    assigned_worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+", verbose_name=_("social worker assigned to the family"))
    payment_terms = models.TextField(blank=True, verbose_name=_("payment terms"))
    terminated_on = models.DateField(null=True, blank=True, verbose_name=_("terminated on"))
    termination_reason = models.TextField(blank=True, verbose_name=_("reason for termination"))

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        constraints = [
            models.UniqueConstraint(fields=["provider", "number"], name="uniq_service_contract_number"),
            models.CheckConstraint(name="service_contract_period_ordered", condition=Q(valid_until__gte=F("valid_from"))),
            models.CheckConstraint(name="service_contract_two_copies", condition=Q(copies__gte=2)),
            models.CheckConstraint(name="service_contract_funding_known", condition=Q(funding__in=Funding.values)),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} ({self.signed_on:%d.%m.%Y})"


class ContractExtension(models.Model):
    """An extension of a contract's term by agreement of the parties (seed 002 Appendix 2 п. 9)."""

    contract = models.ForeignKey(ServiceContract, on_delete=models.CASCADE, related_name="extensions",
                                 verbose_name=_("contract"))
    agreed_on = models.DateField(verbose_name=_("agreed on"))
    previous_until = models.DateField(verbose_name=_("previous end"))
    new_until = models.DateField(verbose_name=_("new end"))
    basis = models.TextField(blank=True, verbose_name=_("basis"))

    class Meta:
        ordering = ["contract", "agreed_on", "id"]
        verbose_name = _("contract extension")
        verbose_name_plural = _("contract extensions")
        constraints = [models.CheckConstraint(name="contract_extension_later",
                                              condition=Q(new_until__gt=F("previous_until")))]

    def __str__(self) -> str:
        return f"{self.contract} → {self.new_until:%d.%m.%Y}"


class LivingConditionsAct(BaseModel):
    """The act of inspection of housing and material-living conditions (seed 002 Appendix 3 to
    Appendix 2), one of the home-care admission documents (Appendix 2 п. 12, 5))."""

    class Housing(models.TextChoices):
        OWN = "own", _("own housing")
        RENTED = "rented", _("rented housing")
        DORMITORY = "dormitory", _("dormitory room")
        OTHER = "other", _("other")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="living_conditions_acts",
                               verbose_name=_("child"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="living_conditions_acts",
                                 verbose_name=_("provider"))
    number = models.CharField(max_length=100, verbose_name=_("number"))
    inspected_on = models.DateField(verbose_name=_("date"))
    benefits = models.CharField(max_length=500, blank=True, verbose_name=_("type and amount of benefit"))
    parents = models.TextField(blank=True, verbose_name=_("parents (legal representatives)"))
    household = models.TextField(blank=True, verbose_name=_("family members living together"))
    housing = models.CharField(max_length=20, choices=Housing.choices, verbose_name=_("housing"))
    has_children_room = models.BooleanField(default=False, verbose_name=_("children's room or play area"))
    effect_on_development = models.TextField(blank=True,
                                             verbose_name=_("effect of the living conditions on the child's development"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("inspected by"))

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("act of inspection of living conditions")
        verbose_name_plural = _("acts of inspection of living conditions")
        constraints = [models.UniqueConstraint(fields=["provider", "number"], name="uniq_living_conditions_act")]

    def __str__(self) -> str:
        return f"№ {self.number} ({self.inspected_on:%d.%m.%Y})"


class CareAssignment(BaseModel):
    """A child on a care social worker's caseload, from a date (seed 002 Appendix 2 п. 22)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="care_assignments",
                                 verbose_name=_("provider"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_assignments",
                               verbose_name=_("care social worker"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_assignments",
                               verbose_name=_("child"))
    start_on = models.DateField(verbose_name=_("from"))
    end_on = models.DateField(null=True, blank=True, verbose_name=_("until"))

    class Meta:
        ordering = ["worker", "start_on"]
        verbose_name = _("caseload assignment")
        verbose_name_plural = _("caseload assignments")
        constraints = [
            models.UniqueConstraint(fields=["worker", "person"], condition=Q(end_on__isnull=True),
                                    name="uniq_open_care_assignment", violation_error_code="unique"),
            models.CheckConstraint(name="care_assignment_period_ordered",
                                   condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.person}"
