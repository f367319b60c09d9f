"""The regulations as data. Every row names its legal source and the dates it applies.

Rows are loaded from ``rules/data/*.json`` by ``manage.py load_rules`` (idempotent); nothing here is
edited by hand in production: a new regulation is a new data file, not new code."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qamqor.core.domain import Source
from qamqor.rules.choices import Sector, Setting, Severity


def localized(obj: object, stem: str) -> str:
    """The value of ``<stem>_<lang>`` for the active language, falling back to kk, then en."""
    lang = (get_language() or "kk")[:2]
    for code in (lang, "kk", "en", "ru"):
        value = getattr(obj, f"{stem}_{code}", "")
        if value:
            return value
    return ""


class Sourced(models.Model):
    """Legal source and validity dates of a catalog row."""

    source_document = models.CharField(max_length=20, verbose_name=_("legal document"))
    source_paragraph = models.CharField(max_length=200, blank=True, verbose_name=_("paragraph"))
    effective_from = models.DateField(null=True, blank=True, verbose_name=_("in force from"))
    effective_to = models.DateField(null=True, blank=True, verbose_name=_("in force until"))

    class Meta:
        abstract = True

    @property
    def source(self) -> Source:
        return Source(self.source_document, self.source_paragraph, self.effective_from, self.effective_to)

    def in_force(self, on: date) -> bool:
        return self.source.in_force(on)


class CatalogRow(Sourced):
    """A named row of a catalog, in Kazakh, Russian and English."""

    code = models.CharField(max_length=120, unique=True, verbose_name=_("code"))
    name_kk = models.TextField(verbose_name=_("name (Kazakh)"))
    name_ru = models.TextField(verbose_name=_("name (Russian)"))
    name_en = models.TextField(verbose_name=_("name (English)"))
    sort_order = models.PositiveIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name


class LegalDocument(CatalogRow):
    """A normative act the system implements (seeds 000–004)."""

    registered = models.CharField(max_length=200, blank=True, verbose_name=_("state registration"))
    repealed = models.BooleanField(default=False, verbose_name=_("repealed"))
    adopted_on = models.DateField(null=True, blank=True, verbose_name=_("adopted on"))
    repealed_by = models.TextField(blank=True, verbose_name=_("repealed by"))

    class Meta(CatalogRow.Meta):
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")


class RecipientCategory(CatalogRow):
    """A category of recipients of special social services (e.g. orphans, children with disabilities)."""

    age_min = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("minimum age"))
    age_min_months = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("minimum age in months"),
        help_text=_("Where the regulation counts in months (e.g. from 1.5 years = 18 months)."))
    age_max = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("age limit"), help_text=_("Served while younger than this age."))

    class Meta(CatalogRow.Meta):
        verbose_name = _("recipient category")
        verbose_name_plural = _("recipient categories")


class InstitutionType(CatalogRow):
    """A type of provider organisation with its own admission rule (seeds 000, 001, 002, 003)."""

    setting = models.CharField(max_length=20, choices=Setting.choices, verbose_name=_("setting"))
    sector = models.CharField(max_length=20, choices=Sector.choices, verbose_name=_("sector"))
    age_min = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("minimum age"))
    age_max = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("age limit"), help_text=_("Served while younger than this age."))
    categories = models.ManyToManyField(RecipientCategory, blank=True, related_name="institution_types",
                                        verbose_name=_("recipient categories"))

    class Meta(CatalogRow.Meta):
        verbose_name = _("institution type")
        verbose_name_plural = _("institution types")


class ServiceType(CatalogRow):
    """A type of special social service (social-household, social-medical, ...)."""

    class Meta(CatalogRow.Meta):
        verbose_name = _("service type")
        verbose_name_plural = _("service types")


class ServiceItem(CatalogRow):
    """One numbered service item of a standard."""

    standard = models.CharField(max_length=40, verbose_name=_("standard"))
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="items",
                                     verbose_name=_("service type"))
    item_no = models.PositiveSmallIntegerField(verbose_name=_("item number"))

    class Meta(CatalogRow.Meta):
        ordering = ["standard", "service_type__sort_order", "item_no"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")


class QualityCondition(CatalogRow):
    """A quality condition of a standard (seed 001)."""

    standard = models.CharField(max_length=40, verbose_name=_("standard"))
    service_type = models.ForeignKey(ServiceType, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="quality_conditions", verbose_name=_("service type"))
    condition_no = models.PositiveSmallIntegerField(verbose_name=_("condition number"))

    class Meta(CatalogRow.Meta):
        verbose_name = _("quality condition")
        verbose_name_plural = _("quality conditions")


class AdmissionDocument(CatalogRow):
    """A document required for admission to an institution type."""

    class Funding(models.TextChoices):
        ANY = "any", _("any place")
        BUDGET = "budget", _("budget-funded place")
        PAID = "paid", _("paid place")

    institution_type = models.ForeignKey(InstitutionType, on_delete=models.CASCADE,
                                         related_name="admission_documents", verbose_name=_("institution type"))
    number = models.PositiveSmallIntegerField(verbose_name=_("number in the list"))
    funding = models.CharField(max_length=10, choices=Funding.choices, default=Funding.ANY,
                               verbose_name=_("for places"))
    may_be_missing_at_admission = models.BooleanField(
        default=False, verbose_name=_("may be requested after admission"))
    if_any = models.BooleanField(default=False, verbose_name=_("only if it exists"))

    class Meta(CatalogRow.Meta):
        ordering = ["institution_type", "funding", "number"]
        verbose_name = _("admission document")
        verbose_name_plural = _("admission documents")


class Contraindication(CatalogRow):
    """A medical contraindication that blocks admission to an institution type."""

    institution_type = models.ForeignKey(InstitutionType, on_delete=models.CASCADE,
                                         related_name="contraindications", verbose_name=_("institution type"))

    class Meta(CatalogRow.Meta):
        verbose_name = _("contraindication")
        verbose_name_plural = _("contraindications")


class DischargeGround(CatalogRow):
    """A ground for discharge (exit) from an institution type; null type = any."""

    institution_type = models.ForeignKey(InstitutionType, null=True, blank=True, on_delete=models.CASCADE,
                                         related_name="discharge_grounds", verbose_name=_("institution type"))

    class Meta(CatalogRow.Meta):
        verbose_name = _("discharge ground")
        verbose_name_plural = _("discharge grounds")


class ExitDocument(CatalogRow):
    """A document issued to the person on exit (seed 000 p. 6; seed 002)."""

    institution_type = models.ForeignKey(InstitutionType, on_delete=models.CASCADE,
                                         related_name="exit_documents", verbose_name=_("institution type"))

    class Meta(CatalogRow.Meta):
        verbose_name = _("exit document")
        verbose_name_plural = _("exit documents")


class JournalColumn(CatalogRow):
    """A column (or header field) of the electronic journal form (seed 003, Appendix 2)."""

    number = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("column number"))
    is_header = models.BooleanField(default=False, verbose_name=_("header field"))

    class Meta(CatalogRow.Meta):
        verbose_name = _("journal column")
        verbose_name_plural = _("journal form")


class RiskCriterion(Sourced):
    """One of the 90 risk criteria of seed 004, Appendix 1."""

    number = models.PositiveSmallIntegerField(unique=True, verbose_name=_("number"))
    source_group = models.PositiveSmallIntegerField(verbose_name=_("information source group"))
    text_kk = models.TextField(verbose_name=_("text (Kazakh)"))
    text_ru = models.TextField(verbose_name=_("text (Russian)"))
    text_en = models.TextField(verbose_name=_("text (English)"))
    severity = models.CharField(max_length=20, choices=Severity.choices, verbose_name=_("degree of violation"))
    subject_setting = models.CharField(max_length=30, verbose_name=_("controlled subject"))

    SUBJECT_LABELS = {
        "general": _("every provider of special social services"),
        "lea": _("local executive bodies"),
        "stationary_semi": _("providers in stationary and semi-stationary settings"),
        "home": _("providers of home care"),
        "temporary": _("providers of temporary stay"),
        "accessibility": _("subjects ensuring accessibility for persons with disabilities"),
        "rehabilitation": _("subjects of rehabilitation measures (individual programme)"),
    }

    class Meta:
        ordering = ["number"]
        verbose_name = _("risk criterion")
        verbose_name_plural = _("risk criteria")

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def subject_label(self) -> str:
        return str(self.SUBJECT_LABELS.get(self.subject_setting, self.subject_setting))

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:120]}"


class Checklist(CatalogRow):
    """A checklist of seed 004 (Appendices 2–7) for one kind of controlled subject."""

    appendix = models.PositiveSmallIntegerField(unique=True, verbose_name=_("appendix"))
    subject_code = models.CharField(max_length=40, verbose_name=_("controlled subject"))

    class Meta(CatalogRow.Meta):
        ordering = ["appendix"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")


class ChecklistRequirement(Sourced):
    """A requirement of a checklist, linked to the risk criterion it verifies where there is one."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="requirements",
                                  verbose_name=_("checklist"))
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    text_kk = models.TextField(verbose_name=_("text (Kazakh)"))
    text_ru = models.TextField(verbose_name=_("text (Russian)"))
    text_en = models.TextField(verbose_name=_("text (English)"))
    severity = models.CharField(max_length=20, choices=Severity.choices, blank=True,
                                verbose_name=_("degree of violation"))
    criterion = models.ForeignKey(RiskCriterion, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="requirements", verbose_name=_("risk criterion"))

    class Meta:
        ordering = ["checklist", "number"]
        constraints = [models.UniqueConstraint(fields=["checklist", "number"], name="uniq_checklist_requirement")]
        verbose_name = _("checklist requirement")
        verbose_name_plural = _("checklist requirements")

    @property
    def text(self) -> str:
        return localized(self, "text")

    def __str__(self) -> str:
        return f"{self.checklist.appendix}.{self.number} {self.text[:100]}"


class Parameter(Sourced):
    """A dated parameter of a rule (e.g. postponement days); ask for its value *as of a date*.

    Several rows share a code, each for its own period; periods of one code never overlap."""

    code = models.CharField(max_length=80, verbose_name=_("code"))
    value = models.JSONField(verbose_name=_("value"))
    unit = models.CharField(max_length=40, blank=True, verbose_name=_("unit"))
    name_kk = models.TextField(verbose_name=_("name (Kazakh)"))
    name_ru = models.TextField(verbose_name=_("name (Russian)"))
    name_en = models.TextField(verbose_name=_("name (English)"))
    is_default = models.BooleanField(
        default=False, verbose_name=_("default where the regulation is silent"),
        help_text=_("True when no regulation gives this value and Qamqor states a default."))

    class Meta:
        ordering = ["code", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["code", "effective_from"], name="uniq_parameter_period")]
        verbose_name = _("dated parameter")
        verbose_name_plural = _("dated parameters")

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return f"{self.code} = {self.value} ({self.effective_from or '…'} – {self.effective_to or '…'})"
