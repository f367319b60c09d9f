"""Signed electronic documents with their verification result, and the E-sobes roster imports.

A ``RosterImport`` is one imported file (a snapshot of the E-sobes roster as of ``as_of``); its
accepted rows are ``RosterEntry`` rows, its refused rows ``RosterRejectedRow`` rows with the reasons.
The same file (SHA-256) or the same content (order-independent digest of the natural keys and values)
is never imported twice. ``RosterImportProvider`` says which providers an import covers: the roster
of a provider on a date is the latest completed import covering it with ``as_of`` on or before it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qamqor.core.models import BaseModel
from qamqor.journal.models import JournalEvent, JournalSetting, QueueApplication
from qamqor.registry.models import Person, Provider


class SignedDocument(BaseModel):
    """An electronic document signed (CMS/PKCS#7) by the applicant or the legal representative, with
    the outcome of each verification check. Linked to the queue application it files, or to the
    journal event (postponement) it supports."""

    class Kind(models.TextChoices):
        QUEUE_APPLICATION = "queue_application", _("queue application")
        POSTPONEMENT_NOTICE = "postponement_notice", _("notice of postponement of arrival")

    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("document"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="signed_documents",
                                 verbose_name=_("provider"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signed_documents",
                               verbose_name=_("person"))
    application = models.ForeignKey(QueueApplication, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="signed_documents", verbose_name=_("queue application"))
    event = models.ForeignKey(JournalEvent, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="signed_documents", verbose_name=_("journal event"))
    content = models.BinaryField(verbose_name=_("signed content"))
    content_type = models.CharField(max_length=100, default="application/octet-stream",
                                    verbose_name=_("content type"))
    signature = models.BinaryField(verbose_name=_("signature (CMS)"))
    detached = models.BooleanField(default=True, verbose_name=_("detached signature"))
    content_sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("SHA-256 of the content"))
    valid = models.BooleanField(default=False, verbose_name=_("signature valid"))
    signer_iin = models.CharField(max_length=12, blank=True, db_index=True, verbose_name=_("signer IIN"))
    signer_name = models.CharField(max_length=500, blank=True, verbose_name=_("signer"))
    certificate_serial = models.CharField(max_length=100, blank=True, verbose_name=_("certificate serial number"))
    certificate_subject = models.CharField(max_length=1000, blank=True, verbose_name=_("certificate subject"))
    certificate_issuer = models.CharField(max_length=1000, blank=True, verbose_name=_("certificate issuer"))
    signed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("signing time"))
    verifier = models.CharField(max_length=200, blank=True, verbose_name=_("verifier"))
    result = models.JSONField(default=dict, verbose_name=_("verification result"))
    verified_at = models.DateTimeField(verbose_name=_("verified at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("submitted by"))

    class Meta:
        ordering = ["-verified_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(application__isnull=False) | Q(event__isnull=False),
                                   name="signed_document_linked"),
        ]
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.signer_iin or '?'} ({self.verified_at:%d.%m.%Y %H:%M})"


class RosterImport(BaseModel):
    """One imported roster file from E-sobes or the social services portal."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        JSON = "json", "JSON"

    class Status(models.TextChoices):
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("import failed")

    file_name = models.CharField(max_length=300, verbose_name=_("file name"))
    file_format = models.CharField(max_length=10, choices=Format.choices, verbose_name=_("format"))
    file_sha256 = models.CharField(max_length=64, unique=True, verbose_name=_("SHA-256 of the file"))
    content_digest = models.CharField(max_length=64, blank=True, db_index=True,
                                      verbose_name=_("digest of the rows"))
    as_of = models.DateField(verbose_name=_("roster as of"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING,
                              verbose_name=_("status"))
    rows_total = models.PositiveIntegerField(default=0, verbose_name=_("rows read"))
    rows_accepted = models.PositiveIntegerField(default=0, verbose_name=_("rows accepted"))
    rows_rejected = models.PositiveIntegerField(default=0, verbose_name=_("rows rejected"))
    error = models.CharField(max_length=1000, blank=True, verbose_name=_("error"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("imported by"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    providers = models.ManyToManyField(Provider, through="RosterImportProvider", related_name="roster_imports",
                                       verbose_name=_("providers covered"))

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("E-sobes roster import")
        verbose_name_plural = _("E-sobes roster imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.as_of:%d.%m.%Y})"


class RosterImportProvider(models.Model):
    """A provider covered by an import, with its number of accepted rows."""

    roster_import = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="coverage")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="roster_coverage")
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["roster_import", "provider"], name="uniq_roster_import_provider")]
        indexes = [models.Index(fields=["provider", "roster_import"])]
        verbose_name = _("provider covered by an import")
        verbose_name_plural = _("providers covered by imports")

    def __str__(self) -> str:
        return f"{self.roster_import_id}: {self.provider_id} ({self.rows})"


class RosterEntry(models.Model):
    """One accepted row of an imported roster: a person receiving services from a provider."""

    roster_import = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="entries",
                                      verbose_name=_("import"))
    row_number = models.PositiveIntegerField(verbose_name=_("row"))
    iin = models.CharField(max_length=12, verbose_name=_("IIN"))
    surname = models.CharField(max_length=150, verbose_name=_("surname"))
    given_name = models.CharField(max_length=150, verbose_name=_("name"))
    patronymic = models.CharField(max_length=150, blank=True, verbose_name=_("patronymic"))
    birth_date = models.DateField(null=True, blank=True, verbose_name=_("date of birth"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="roster_entries",
                                 verbose_name=_("provider"))
    setting = models.CharField(max_length=20, choices=JournalSetting.choices, verbose_name=_("setting"))
    admission_date = models.DateField(verbose_name=_("admission date"))
    discharge_date = models.DateField(null=True, blank=True, verbose_name=_("discharge date"))
    category = models.CharField(max_length=120, blank=True, verbose_name=_("category"))

    class Meta:
        ordering = ["roster_import", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["roster_import", "iin", "provider", "setting", "admission_date"],
                                    name="uniq_roster_entry_natural_key"),
        ]
        indexes = [models.Index(fields=["roster_import", "provider", "iin"])]
        verbose_name = _("E-sobes roster row")
        verbose_name_plural = _("E-sobes roster rows")

    def __str__(self) -> str:
        return f"{self.iin} @ {self.provider_id} ({self.setting})"


class RosterRejectedRow(models.Model):
    """A refused row of an imported file, with the values read and the reasons."""

    roster_import = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="rejected",
                                      verbose_name=_("import"))
    row_number = models.PositiveIntegerField(verbose_name=_("row"))
    iin = models.CharField(max_length=50, blank=True, verbose_name=_("IIN"))
    provider_bin = models.CharField(max_length=50, blank=True, verbose_name=_("provider BIN"))
    values = models.JSONField(default=dict, verbose_name=_("values read"))
    errors = models.JSONField(default=list, verbose_name=_("reasons"))

    class Meta:
        ordering = ["roster_import", "row_number"]
        verbose_name = _("rejected roster row")
        verbose_name_plural = _("rejected roster rows")

    def __str__(self) -> str:
        return f"{self.roster_import_id}:{self.row_number}"
