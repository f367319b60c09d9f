"""The individual work plan, its items of the standard, its approved versions and its monitoring."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qamqor.care.domain.plans import PlanStatus
from qamqor.core.models import BaseModel
from qamqor.registry.models import Person, Provider, Representation
from qamqor.rules.models import ServiceItem


class IndividualWorkPlan(BaseModel):
    """A recipient's plan for one year: developed within 14 calendar days of arrival (or of the previous
    plan's expiry), filled in within the next 5 working days, approved by the head (seed 002 App. 1 п. 17–18).

    ``due_on`` and ``fill_by`` are computed once, when the plan is opened, from the parameters and the
    calendar in force then, and stored so that lists of due and late plans filter in the database."""

    class Status(models.TextChoices):
        DRAFT = PlanStatus.DRAFT.value, _("being written")
        FILLED = PlanStatus.FILLED.value, _("filled in, awaiting approval")
        APPROVED = PlanStatus.APPROVED.value, _("approved")
        CORRECTING = PlanStatus.CORRECTING.value, _("approved, correction being written")
        CLOSED = PlanStatus.CLOSED.value, _("closed")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="work_plans", verbose_name=_("person"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="work_plans",
                                 verbose_name=_("provider"))
    standard = models.CharField(max_length=40, verbose_name=_("standard"),
                                help_text=_("The standard whose service items the plan may contain."))
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal",
                                    verbose_name=_("previous plan"))
    basis_date = models.DateField(verbose_name=_("arrival or expiry of the previous plan"))
    due_on = models.DateField(verbose_name=_("to be developed by"))
    fill_by = models.DateField(verbose_name=_("to be filled in and approved by"))
    deadline_rule = models.CharField(max_length=500, blank=True, verbose_name=_("deadline rule applied"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status"))
    developed_on = models.DateField(null=True, blank=True, verbose_name=_("date of development"))
    filled_on = models.DateField(null=True, blank=True, verbose_name=_("filled in on"))
    approved_on = models.DateField(null=True, blank=True, verbose_name=_("first approved on"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("approved by"))
    version = models.PositiveSmallIntegerField(default=0, verbose_name=_("approved version"))
    period_start = models.DateField(null=True, blank=True, verbose_name=_("period from"))
    period_end = models.DateField(null=True, blank=True, verbose_name=_("period to (inclusive)"))
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("social work specialist"))
    diagnosis = models.TextField(blank=True, verbose_name=_("diagnosis"))
    attendance = models.CharField(max_length=300, blank=True,
                                  verbose_name=_("frequency and duration of attendance"))
    implementation_summary = models.TextField(blank=True, verbose_name=_("summary of implementation"))
    review_date = models.DateField(null=True, blank=True, verbose_name=_("date of review"))
    acknowledged_by = models.ForeignKey(Representation, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("acknowledged by (representative)"))
    acknowledged_on = models.DateField(null=True, blank=True, verbose_name=_("acknowledged on"))
    correction_reason = models.TextField(blank=True, verbose_name=_("reason for the correction being written"))
    closed_on = models.DateField(null=True, blank=True, verbose_name=_("closed on"))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("individual work plan")
        verbose_name_plural = _("individual work plans")
        indexes = [models.Index(fields=["provider", "status", "fill_by"])]
        constraints = [
            # One first plan at a time is being written for a person at a provider (corrections aside).
            models.UniqueConstraint(fields=["person", "provider"], name="uniq_plan_being_written",
                                    condition=Q(status__in=["draft", "filled"], version=0),
                                    violation_error_code="unique"),
            models.CheckConstraint(name="plan_deadlines_ordered",
                                   condition=Q(due_on__gte=F("basis_date")) & Q(fill_by__gte=F("due_on"))),
            models.CheckConstraint(name="plan_period_ordered",
                                   condition=Q(period_start__isnull=True) | Q(period_end__isnull=True)
                                   | Q(period_end__gte=F("period_start"))),
            models.CheckConstraint(name="plan_status_known", condition=Q(status__in=[s.value for s in PlanStatus])),
            models.CheckConstraint(name="plan_approved_has_version",
                                   condition=~Q(status__in=["approved", "correcting"])
                                   | (Q(version__gte=1) & Q(approved_on__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.basis_date:%d.%m.%Y}"


class PlanItem(BaseModel):
    """A service item of the standard in the plan: who is responsible, when and how often, to what end."""

    plan = models.ForeignKey(IndividualWorkPlan, on_delete=models.CASCADE, related_name="items",
                             verbose_name=_("plan"))
    service_item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("service item"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("responsible specialist"))
    responsible_name = models.CharField(max_length=300, blank=True, verbose_name=_("responsible specialist (name)"),
                                        help_text=_("For a specialist brought in from another organisation."))
    schedule = models.CharField(max_length=300, verbose_name=_("schedule or frequency"))
    expected_result = models.TextField(verbose_name=_("expected result"))
    planned_count = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("planned number of sessions"))

    class Meta:
        ordering = ["plan", "service_item__service_type__sort_order", "service_item__item_no"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "service_item"], name="uniq_plan_item"),
            models.CheckConstraint(name="plan_item_has_responsible",
                                   condition=Q(responsible__isnull=False) | ~Q(responsible_name="")),
        ]

    def __str__(self) -> str:
        return str(self.service_item)


class PlanVersion(models.Model):
    """An approved version of a plan, frozen: the header and items as the head approved them."""

    plan = models.ForeignKey(IndividualWorkPlan, on_delete=models.CASCADE, related_name="versions",
                             verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(verbose_name=_("version"))
    approved_on = models.DateField(verbose_name=_("approved on"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("approved by"))
    approved_by_name = models.CharField(max_length=300, blank=True, verbose_name=_("approved by (name)"))
    reason = models.TextField(blank=True, verbose_name=_("reason for the correction"))
    content = models.JSONField(verbose_name=_("content"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("approved plan version")
        verbose_name_plural = _("approved plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="uniq_plan_version"),
            models.CheckConstraint(name="plan_version_positive", condition=Q(number__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanMonitoring(BaseModel):
    """A quarterly monitoring record: the results of the plan's execution and the changes in the
    recipient's state, entered by the social work specialist (seed 002 App. 1 п. 19)."""

    plan = models.ForeignKey(IndividualWorkPlan, on_delete=models.CASCADE, related_name="monitoring",
                             verbose_name=_("plan"))
    recorded_on = models.DateField(verbose_name=_("date"))
    quarter = models.PositiveSmallIntegerField(verbose_name=_("quarter of the plan"))
    results = models.TextField(verbose_name=_("results of the plan's execution"))
    state_changes = models.TextField(blank=True, verbose_name=_("changes in the recipient's state"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["plan", "recorded_on", "id"]
        verbose_name = _("plan monitoring")
        verbose_name_plural = _("plan monitoring")
        constraints = [models.CheckConstraint(name="plan_monitoring_quarter_positive", condition=Q(quarter__gte=1))]

    def __str__(self) -> str:
        return f"{self.plan} — {self.recorded_on:%d.%m.%Y}"
