"""State control (seed 004): controlled subjects, risk findings, complaints, risk scores with their
history, semi-annual preventive-control lists, and inspections filled in from the checklists.

The catalogs (90 risk criteria, six checklists) live in ``qamqor.rules``; this app records what was
found about whom, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qamqor.control.domain.choices import (
    ComplaintDecision,
    Degree,
    FindingOrigin,
    FindingStatus,
    InspectionKind,
    InspectionStatus,
    SourceGroup,
    SubjectKind,
)
from qamqor.core.models import BaseModel
from qamqor.registry.models import Provider, Region
from qamqor.rules.choices import Setting, Severity
from qamqor.rules.models import Checklist, ChecklistRequirement, RiskCriterion


class Subject(BaseModel):
    """A controlled subject: a provider in one setting, a local executive body, a subject that ensures
    accessibility, or a subject that carries out IPR rehabilitation measures (seed 004, App. 1 p. 4)."""

    class Kind(models.TextChoices):
        PROVIDER = SubjectKind.PROVIDER.value, _("provider of special social services (by setting)")
        LEB = SubjectKind.LEB.value, _("local executive body or a state body it authorised")
        ACCESSIBILITY = SubjectKind.ACCESSIBILITY.value, _("subject ensuring accessibility of infrastructure")
        REHABILITATION = SubjectKind.REHABILITATION.value, _("subject carrying out IPR rehabilitation measures")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind of subject"))
    setting = models.CharField(max_length=20, choices=Setting.choices, blank=True, default="",
                               verbose_name=_("setting"), help_text=_("For providers: the setting controlled."))
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="control_subjects", verbose_name=_("provider in the registry"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="control_subjects",
                               verbose_name=_("region"))
    name = models.CharField(max_length=500, verbose_name=_("name"))
    bin_iin = models.CharField(max_length=12, blank=True, default="", verbose_name=_("BIN/IIN"))
    address = models.CharField(max_length=500, blank=True, default="", verbose_name=_("address"))
    head_name = models.CharField(max_length=300, blank=True, default="", verbose_name=_("head of the subject"))
    is_portal_supplier = models.BooleanField(
        default=False, verbose_name=_("supplier registered on the social services portal"))
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    note = models.TextField(blank=True, default="", verbose_name=_("note"))

    class Meta:
        ordering = ["name", "kind", "setting"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "setting"], condition=Q(provider__isnull=False),
                                    name="uniq_control_subject_provider_setting"),
            models.CheckConstraint(condition=~Q(kind="provider") | Q(provider__isnull=False) & ~Q(setting=""),
                                   name="control_subject_provider_has_setting"),
        ]
        indexes = [models.Index(fields=["region", "kind", "is_active"])]
        verbose_name = _("controlled subject")
        verbose_name_plural = _("controlled subjects")

    def __str__(self) -> str:
        if self.setting:
            return f"{self.name} ({self.get_setting_display()})"
        return self.name


class Complaint(BaseModel):
    """A complaint or appeal about a subject; two or more confirmed ones on a topic within the window
    produce the finding of that topic's criterion (seed 004, App. 1 rows 85–90)."""

    class Decision(models.TextChoices):
        PENDING = ComplaintDecision.PENDING.value, _("being examined")
        CONFIRMED = ComplaintDecision.CONFIRMED.value, _("confirmed")
        REJECTED = ComplaintDecision.REJECTED.value, _("not confirmed")

    number = models.CharField(max_length=60, verbose_name=_("registration number"))
    received_on = models.DateField(verbose_name=_("received on"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="complaints",
                                verbose_name=_("subject"))
    topic = models.ForeignKey(RiskCriterion, on_delete=models.PROTECT, related_name="complaints",
                              verbose_name=_("topic (criterion)"),
                              help_text=_("One of the complaint criteria 85–90 of Appendix 1."))
    applicant = models.CharField(max_length=300, blank=True, default="", verbose_name=_("applicant"))
    summary = models.TextField(blank=True, default="", verbose_name=_("summary"))
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING,
                                verbose_name=_("confirmed"))
    decided_on = models.DateField(null=True, blank=True, verbose_name=_("decided on"))
    decision_note = models.TextField(blank=True, default="", verbose_name=_("result of the examination"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-received_on", "number"]
        constraints = [models.UniqueConstraint(fields=["number"], name="uniq_control_complaint_number")]
        indexes = [models.Index(fields=["subject", "topic", "decision", "received_on"])]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return f"{self.number} ({self.received_on})"


class Inspection(BaseModel):
    """An inspection or a preventive control with a visit: the appointing act, the subject as it was on
    that day, the officials, and the checklist filled item by item (seed 004, Appendices 2–7)."""

    class Kind(models.TextChoices):
        PREVENTIVE_VISIT = InspectionKind.PREVENTIVE_VISIT.value, _("preventive control with a visit")
        COMPLIANCE = InspectionKind.COMPLIANCE.value, _("compliance inspection")
        UNSCHEDULED = InspectionKind.UNSCHEDULED.value, _("unscheduled inspection")

    class Status(models.TextChoices):
        DRAFT = InspectionStatus.DRAFT.value, _("being filled in")
        COMPLETED = InspectionStatus.COMPLETED.value, _("completed")
        CANCELLED = InspectionStatus.CANCELLED.value, _("cancelled")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PREVENTIVE_VISIT,
                            verbose_name=_("form of control"))
    act_number = models.CharField(max_length=100, verbose_name=_("act of appointment: number"))
    act_date = models.DateField(verbose_name=_("act of appointment: date"))
    appointing_body = models.CharField(max_length=500, verbose_name=_("state body that appointed it"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="inspections",
                                verbose_name=_("subject"))
    subject_name = models.CharField(max_length=500, verbose_name=_("name of the control subject"))
    subject_bin_iin = models.CharField(max_length=12, blank=True, default="", verbose_name=_("IIN/BIN"))
    subject_address = models.CharField(max_length=500, blank=True, default="", verbose_name=_("address"))
    officials = models.TextField(verbose_name=_("officials (position, full name)"))
    head_of_subject = models.CharField(max_length=500, blank=True, default="",
                                       verbose_name=_("head of the control subject (position, full name)"))
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="inspections",
                                  verbose_name=_("checklist"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT,
                              verbose_name=_("status"))
    started_on = models.DateField(null=True, blank=True, verbose_name=_("started on"))
    finished_on = models.DateField(null=True, blank=True, verbose_name=_("finished on"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))
    list_entry = models.ForeignKey("PreventiveControlEntry", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="inspections", verbose_name=_("entry of the preventive-control list"))
    note = models.TextField(blank=True, default="", verbose_name=_("note"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))

    class Meta:
        ordering = ["-act_date", "-created_at"]
        indexes = [models.Index(fields=["subject", "status"])]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.act_number} ({self.act_date}) {self.subject_name}"


class InspectionItem(models.Model):
    """One checklist requirement of an inspection: required or not; compliant, non-compliant or not yet
    assessed (null); and the evidence."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items",
                                   verbose_name=_("inspection"))
    requirement = models.ForeignKey(ChecklistRequirement, on_delete=models.PROTECT, related_name="inspection_items",
                                    verbose_name=_("requirement"))
    required = models.BooleanField(default=True, verbose_name=_("required"))
    compliant = models.BooleanField(null=True, blank=True, verbose_name=_("compliant"))
    evidence_note = models.TextField(blank=True, default="", verbose_name=_("evidence"))

    class Meta:
        ordering = ["inspection", "requirement__number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "requirement"],
                                               name="uniq_control_inspection_item")]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.requirement}"


class Finding(BaseModel):
    """A risk finding: a subject, a criterion, the information source (seed 004, App. 1 p. 8), the date
    and the evidence. Findings computed from the system's own records carry the rule and the records
    behind them; findings are withdrawn, never deleted."""

    class Group(models.IntegerChoices):
        INSPECTIONS = SourceGroup.INSPECTIONS.value, _("results of earlier inspections and preventive control visits")
        PUBLICATIONS = SourceGroup.PUBLICATIONS.value, _(
            "official internet resources of state bodies and mass media")
        MONITORING = SourceGroup.MONITORING.value, _("monitoring of reporting and of automated information systems")
        COMPLAINTS = SourceGroup.COMPLAINTS.value, _("confirmed complaints and appeals")
        PORTAL_COMMISSION = SourceGroup.PORTAL_COMMISSION.value, _(
            "conclusion of the commission on the social services portal data")

    class Origin(models.TextChoices):
        MANUAL = FindingOrigin.MANUAL.value, _("recorded by an inspector")
        COMPUTED = FindingOrigin.COMPUTED.value, _("computed from the system's records")
        INSPECTION = FindingOrigin.INSPECTION.value, _("non-compliance found at an inspection")
        COMPLAINTS = FindingOrigin.COMPLAINTS.value, _("produced by confirmed complaints")

    class Status(models.TextChoices):
        ACTIVE = FindingStatus.ACTIVE.value, _("active")
        WITHDRAWN = FindingStatus.WITHDRAWN.value, _("withdrawn")

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="findings", verbose_name=_("subject"))
    criterion = models.ForeignKey(RiskCriterion, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="findings", verbose_name=_("risk criterion"),
                                  help_text=_("Empty only for checklist requirements without a criterion "
                                              "(Appendix 7, items 12–16)."))
    severity = models.CharField(max_length=20, choices=Severity.choices, blank=True, default="",
                                verbose_name=_("degree of violation"),
                                help_text=_("The criterion's degree when the finding was recorded; "
                                            "empty where the seed gives none."))
    source_group = models.PositiveSmallIntegerField(choices=Group.choices, verbose_name=_("information source"))
    found_on = models.DateField(verbose_name=_("date"))
    description = models.TextField(blank=True, default="", verbose_name=_("description"))
    act_number = models.CharField(max_length=100, blank=True, default="", verbose_name=_("act number"))
    publication_url = models.CharField(max_length=1000, blank=True, default="", verbose_name=_("publication address"))
    complaint_number = models.CharField(max_length=200, blank=True, default="", verbose_name=_("complaint number"))
    data_extract = models.TextField(blank=True, default="", verbose_name=_("data extract"))
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.MANUAL, verbose_name=_("origin"))
    rule_code = models.CharField(max_length=60, blank=True, default="", verbose_name=_("computation rule"))
    explanation = models.TextField(blank=True, default="", verbose_name=_("records behind the finding"))
    records = models.JSONField(default=list, blank=True, verbose_name=_("record references"))
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="findings", verbose_name=_("inspection"))
    inspection_item = models.ForeignKey(InspectionItem, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="findings", verbose_name=_("checklist item"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, verbose_name=_("status"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn at"))
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("withdrawn by"))
    withdrawal_reason = models.TextField(blank=True, default="", verbose_name=_("reason for withdrawal"))

    class Meta:
        ordering = ["-found_on", "-created_at"]
        constraints = [
            # One active computed (or complaint-produced) finding per subject, criterion and rule: re-computing
            # updates it instead of adding a copy.
            models.UniqueConstraint(fields=["subject", "criterion", "rule_code"],
                                    condition=Q(status="active") & Q(origin__in=["computed", "complaints"]),
                                    name="uniq_control_active_computed_finding"),
            models.UniqueConstraint(fields=["inspection_item"],
                                    condition=Q(status="active") & Q(inspection_item__isnull=False),
                                    name="uniq_control_active_item_finding"),
            models.CheckConstraint(condition=Q(source_group__gte=1) & Q(source_group__lte=5),
                                   name="control_finding_source_group_range"),
        ]
        indexes = [models.Index(fields=["subject", "status", "found_on"])]
        verbose_name = _("risk finding")
        verbose_name_plural = _("risk findings")

    def __str__(self) -> str:
        return f"{self.subject_id}: {self.criterion_id or '—'} ({self.found_on})"


class RiskScore(models.Model):
    """A computed risk-degree indicator of a subject as of a date, with its full breakdown. Rows are
    never changed: a new computation is a new row, so the history of a subject's degree is kept."""

    class DegreeChoice(models.TextChoices):
        HIGH = Degree.HIGH.value, _("high")
        MEDIUM = Degree.MEDIUM.value, _("medium")
        LOW = Degree.LOW.value, _("low")

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="scores", verbose_name=_("subject"))
    computed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("computed at"))
    as_of = models.DateField(verbose_name=_("as of"))
    score = models.DecimalField(max_digits=6, decimal_places=2, verbose_name=_("risk-degree indicator"))
    degree = models.CharField(max_length=10, choices=DegreeChoice.choices, verbose_name=_("risk degree"))
    breakdown = models.JSONField(default=dict, verbose_name=_("breakdown"))
    trigger = models.CharField(max_length=40, blank=True, default="", verbose_name=_("computed because of"))

    TRIGGER_LABELS = {"manual": _("on demand"), "scheduled": _("the daily job"), "inspection": _("an inspection"),
                      "finding": _("a finding"), "complaint": _("a complaint")}

    @property
    def trigger_label(self) -> str:
        return str(self.TRIGGER_LABELS.get(self.trigger, self.trigger))
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("computed by"))

    class Meta:
        ordering = ["subject", "-computed_at", "-id"]
        indexes = [models.Index(fields=["subject", "-computed_at"])]
        constraints = [models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100),
                                              name="control_risk_score_range")]
        verbose_name = _("risk score")
        verbose_name_plural = _("risk scores")

    def __str__(self) -> str:
        return f"{self.subject_id}: {self.score} {self.degree} ({self.as_of})"


class PreventiveControlList(BaseModel):
    """The semi-annual list of subjects for preventive control with a visit (Entrepreneurial Code
    art. 144-2): published by 25 December for the first half-year and by 25 May for the second."""

    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    half = models.PositiveSmallIntegerField(choices=[(1, _("first half-year")), (2, _("second half-year"))],
                                            verbose_name=_("half-year"))
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="preventive_control_lists", verbose_name=_("region"),
                               help_text=_("Empty: all regions."))
    formed_on = models.DateField(verbose_name=_("formed on"))
    publish_by = models.DateField(verbose_name=_("to be published by"))
    period_start = models.DateField(verbose_name=_("period from"))
    period_end = models.DateField(verbose_name=_("period until"))
    parameters = models.JSONField(default=dict, blank=True, verbose_name=_("parameters applied"))
    formed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("formed by"))

    class Meta:
        ordering = ["-year", "-half", "-formed_on"]
        verbose_name = _("preventive-control list")
        verbose_name_plural = _("preventive-control lists")

    def __str__(self) -> str:
        return f"{self.year} / {self.half}"


class PreventiveControlEntry(models.Model):
    """One planned visit of a list: the subject, its score and degree when the list was formed, its
    place in the order, the planned visit date and the date by which the subject must be notified."""

    control_list = models.ForeignKey(PreventiveControlList, on_delete=models.CASCADE, related_name="entries",
                                     verbose_name=_("list"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="list_entries",
                                verbose_name=_("subject"))
    risk_score = models.ForeignKey(RiskScore, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="list_entries", verbose_name=_("risk score used"))
    score = models.DecimalField(max_digits=6, decimal_places=2, verbose_name=_("risk-degree indicator"))
    degree = models.CharField(max_length=10, choices=RiskScore.DegreeChoice.choices, verbose_name=_("risk degree"))
    order = models.PositiveIntegerField(verbose_name=_("order"))
    visit_no = models.PositiveSmallIntegerField(default=1, verbose_name=_("visit number in the period"))
    planned_visit_on = models.DateField(null=True, blank=True, verbose_name=_("planned visit"))
    notice_by = models.DateField(null=True, blank=True, verbose_name=_("notify the subject by"))

    class Meta:
        ordering = ["control_list", "order"]
        constraints = [
            models.UniqueConstraint(fields=["control_list", "subject", "visit_no"], name="uniq_control_list_visit"),
            models.UniqueConstraint(fields=["control_list", "order"], name="uniq_control_list_order"),
        ]
        verbose_name = _("entry of the preventive-control list")
        verbose_name_plural = _("entries of the preventive-control list")

    def __str__(self) -> str:
        return f"{self.order}. {self.subject_id}"
