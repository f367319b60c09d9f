"""The admission dossier: the documents of the institution type's list, contraindications, exit documents."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qamqor.care.domain.dossier import DocumentState
from qamqor.core.models import BaseModel
from qamqor.registry.models import Person, Provider
from qamqor.rules.models import AdmissionDocument, Contraindication, ExitDocument, InstitutionType


class AdmissionDossier(BaseModel):
    """A person's personal file at one provider (жеке іс): what admission requires and what is missing."""

    class Funding(models.TextChoices):
        BUDGET = "budget", _("budget-funded place")
        PAID = "paid", _("paid place")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("person"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="dossiers",
                                 verbose_name=_("provider"))
    institution_type = models.ForeignKey(InstitutionType, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("institution type"))
    funding = models.CharField(max_length=10, choices=Funding.choices, verbose_name=_("place"))
    opened_on = models.DateField(verbose_name=_("opened on"))
    admission_date = models.DateField(null=True, blank=True, verbose_name=_("date of admission"))
    closed_on = models.DateField(null=True, blank=True, verbose_name=_("closed on"))
    medical_conclusion_number = models.CharField(max_length=100, blank=True,
                                                 verbose_name=_("medical conclusion number"))
    medical_conclusion_date = models.DateField(null=True, blank=True, verbose_name=_("medical conclusion date"))
    medical_conclusion_by = models.CharField(max_length=300, blank=True,
                                             verbose_name=_("medical organisation"))

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("admission dossier")
        verbose_name_plural = _("admission dossiers")
        constraints = [
            models.UniqueConstraint(fields=["person", "provider"], condition=Q(closed_on__isnull=True),
                                    name="uniq_open_dossier", violation_error_code="unique"),
            models.CheckConstraint(condition=Q(funding__in=["budget", "paid"]), name="dossier_funding_known"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.provider}"


class DossierDocument(models.Model):
    """One document of the admission list in a dossier, with its state: awaited, received, requested
    from the competent body (seed 000 п. 5), or not applicable (only an "if any" document)."""

    class State(models.TextChoices):
        PENDING = DocumentState.PENDING.value, _("awaited")
        RECEIVED = DocumentState.RECEIVED.value, _("received")
        REQUESTED = DocumentState.REQUESTED.value, _("requested from the competent body")
        NOT_APPLICABLE = DocumentState.NOT_APPLICABLE.value, _("not applicable")

    dossier = models.ForeignKey(AdmissionDossier, on_delete=models.CASCADE, related_name="documents",
                                verbose_name=_("dossier"))
    document = models.ForeignKey(AdmissionDocument, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("document"))
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING, verbose_name=_("state"))
    received_on = models.DateField(null=True, blank=True, verbose_name=_("received on"))
    requested_on = models.DateField(null=True, blank=True, verbose_name=_("requested on"))
    requested_from = models.CharField(max_length=500, blank=True, verbose_name=_("requested from"))
    note = models.TextField(blank=True, verbose_name=_("note"))

    class Meta:
        ordering = ["dossier", "document__number"]
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "document"], name="uniq_dossier_document"),
            models.CheckConstraint(name="dossier_document_received_dated",
                                   condition=~Q(state="received") | Q(received_on__isnull=False)),
            models.CheckConstraint(name="dossier_document_requested_dated",
                                   condition=~Q(state="requested") | (Q(requested_on__isnull=False)
                                                                      & ~Q(requested_from=""))),
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.get_state_display()}"


class DossierContraindication(BaseModel):
    """A contraindication of the institution type found by the medical conclusion; while not resolved
    it blocks admission."""

    dossier = models.ForeignKey(AdmissionDossier, on_delete=models.CASCADE, related_name="contraindications",
                                verbose_name=_("dossier"))
    contraindication = models.ForeignKey(Contraindication, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("contraindication"))
    found_on = models.DateField(verbose_name=_("date of the medical conclusion"))
    resolved_on = models.DateField(null=True, blank=True, verbose_name=_("no longer present from"))
    note = models.TextField(blank=True, verbose_name=_("note"))

    class Meta:
        ordering = ["dossier", "found_on"]
        verbose_name = _("contraindication found")
        verbose_name_plural = _("contraindications found")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "contraindication"], condition=Q(resolved_on__isnull=True),
                                    name="uniq_active_contraindication", violation_error_code="unique"),
            models.CheckConstraint(name="contraindication_resolved_after_found",
                                   condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("found_on"))),
        ]

    def __str__(self) -> str:
        return str(self.contraindication)


class ExitDocumentIssue(models.Model):
    """A document of the exit list handed to the person (seed 000 п. 6; seed 002 Appendix 1 п. 40–41)."""

    dossier = models.ForeignKey(AdmissionDossier, on_delete=models.CASCADE, related_name="exit_documents",
                                verbose_name=_("dossier"))
    document = models.ForeignKey(ExitDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("document"))
    issued_on = models.DateField(verbose_name=_("issued on"))
    note = models.TextField(blank=True, verbose_name=_("note"))

    class Meta:
        ordering = ["dossier", "document__sort_order"]
        verbose_name = _("exit document issued")
        verbose_name_plural = _("exit documents issued")
        constraints = [models.UniqueConstraint(fields=["dossier", "document"], name="uniq_exit_document_issue")]

    def __str__(self) -> str:
        return f"{self.document} ({self.issued_on:%d.%m.%Y})"
