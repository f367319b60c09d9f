"""Reads of the admission dossier, and the admission rule the journal's admission asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import get_for_actor, has_perm, scope
from qamqor.access.permissions import P
from qamqor.care import catalog
from qamqor.care.domain import dossier as rules
from qamqor.care.models import AdmissionDossier, DossierContraindication, DossierDocument, ExitDocumentIssue
from qamqor.care.selectors._common import uuid_or_404
from qamqor.core.domain import Source, age_on
from qamqor.registry.models import Person, Provider
from qamqor.rules.models import ExitDocument, InstitutionType

REFUSAL_MESSAGES = {
    rules.RefusalCode.CONTRAINDICATION: _(
        "The medical conclusion records a contraindication of this institution type: %(name)s (%(source)s)."),
    rules.RefusalCode.TOO_YOUNG: _(
        "The person is %(age)s; this institution type serves persons from %(min)s years of age (%(source)s)."),
    rules.RefusalCode.TOO_OLD: _(
        "The person is %(age)s; this institution type serves persons younger than %(max)s (%(source)s)."),
    rules.RefusalCode.DOCUMENT_MISSING: _(
        "The document “%(name)s” has not been received, and the rule does not allow it to be requested after "
        "admission (%(source)s)."),
}


@dataclass(frozen=True)
class AdmissionRefusal:
    """A reason admission is refused: machine code, translated message citing the rule, the rule."""

    code: str
    message: Any
    source: Source


def open_dossier(person: Person, provider: Provider) -> AdmissionDossier | None:
    """The person's open dossier at the provider, if any (for services and the rule; not scoped)."""
    return AdmissionDossier.objects.filter(person=person, provider=provider, closed_on__isnull=True).first()


def admission_facts(*, person: Person, provider: Provider, on: date, funding: str | None = None
                    ) -> rules.AdmissionFacts | None:
    """Load what the admission rule needs: the person's age on ``on``, the institution type's age limits,
    the open dossier's active contraindications and its documents' states (without a dossier, every
    document of the list counts as awaited). None when the provider has no institution type."""
    dossier = open_dossier(person, provider)
    kind: InstitutionType | None = dossier.institution_type if dossier else provider.institution_type
    if kind is None:
        return None
    contraindications: list[rules.ContraindicationFact] = []
    documents: list[rules.DocumentFact] = []
    if dossier is not None:
        active = dossier.contraindications.select_related("contraindication").filter(found_on__lte=on)
        contraindications = [
            rules.ContraindicationFact(c.contraindication.code, c.contraindication.name, c.contraindication.source)
            for c in active if c.resolved_on is None or c.resolved_on > on]
        documents = [rules.DocumentFact(d.document.code, d.document.name, d.state,
                                        d.document.may_be_missing_at_admission, d.document.source)
                     for d in dossier.documents.select_related("document")]
    else:
        rows = catalog.admission_documents_for(kind, funding or AdmissionDossier.Funding.BUDGET, on).rows
        documents = [rules.DocumentFact(d.code, d.name, rules.DocumentState.PENDING, d.may_be_missing_at_admission,
                                        d.source) for d in rows]
    return rules.AdmissionFacts(age=age_on(person.birth_date, on), age_min=kind.age_min, age_max=kind.age_max,
                                age_source=kind.source, contraindications=contraindications, documents=documents)


def admission_refusals(*, person: Person, provider: Provider, on: date, funding: str | None = None
                       ) -> list[AdmissionRefusal]:
    """Why ``person`` cannot be admitted to ``provider`` on ``on`` — an active contraindication, an age
    outside the institution type's limits (e.g. 11–18 special-regime, 3–18 children's psychoneurological),
    a missing document the rule does not allow to be requested later — each citing its rule; empty when
    admission may proceed (or the provider has no institution type to judge by).

    A rule check for the services that admit (the journal's admission calls it): no actor, because the
    calling service has already checked its own permission."""
    facts = admission_facts(person=person, provider=provider, on=on, funding=funding)
    if facts is None:
        return []
    return [AdmissionRefusal(r.code.value, REFUSAL_MESSAGES[r.code] % {**r.params, "source": str(r.source)},
                             r.source) for r in rules.admission_refusals(facts)]


def dossier_list(*, actor: Any, person: Person | None = None, provider: Provider | None = None,
                 open_only: bool = False) -> QuerySet[AdmissionDossier]:
    """The dossiers the actor may see, newest first."""
    if not has_perm(actor, P.DOSSIER_VIEW):
        return AdmissionDossier.objects.none()
    qs = scope(actor, AdmissionDossier.objects.all())
    if person is not None:
        qs = qs.filter(person=person)
    if provider is not None:
        qs = qs.filter(provider=provider)
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    return qs.select_related("person", "provider", "institution_type")


def dossier_get(*, actor: Any, uid: UUID | str) -> AdmissionDossier:
    """One dossier with its documents and contraindications (Http404 when missing or out of scope)."""
    qs = AdmissionDossier.objects.select_related("person", "provider", "institution_type").prefetch_related(
        Prefetch("documents", queryset=DossierDocument.objects.select_related("document").order_by("document__number")),
        Prefetch("contraindications", queryset=DossierContraindication.objects.select_related("contraindication")),
        Prefetch("exit_documents", queryset=ExitDocumentIssue.objects.select_related("document")),
    )
    return get_for_actor(actor, P.DOSSIER_VIEW, qs, uid=uuid_or_404(uid))


def missing_document_list(*, actor: Any, person: Person | None = None, provider: Provider | None = None
                          ) -> QuerySet[DossierDocument]:
    """Documents of open dossiers not yet received (awaited or requested from the competent body): they
    stay listed on the recipient's page until received."""
    if not has_perm(actor, P.DOSSIER_VIEW):
        return DossierDocument.objects.none()
    qs = scope(actor, DossierDocument.objects.filter(state__in=[s.value for s in rules.MISSING_STATES],
                                                     dossier__closed_on__isnull=True))
    if person is not None:
        qs = qs.filter(dossier__person=person)
    if provider is not None:
        qs = qs.filter(dossier__provider=provider)
    return qs.select_related("document", "dossier__person", "dossier__provider").order_by(
        "dossier__person__surname", "dossier_id", "document__number")


@dataclass(frozen=True)
class ExitDocumentRow:
    document: ExitDocument
    issued: ExitDocumentIssue | None


@dataclass(frozen=True)
class ExitDocumentList:
    rows: list[ExitDocumentRow]
    continued: bool
    source: Source = rules.EXIT_DOCUMENTS


def exit_document_list(*, actor: Any, dossier: AdmissionDossier, on: date) -> ExitDocumentList:
    """The documents the person receives on exit under the institution type's rule (seed 000 п. 6; seed
    002 Appendix 1 п. 40–41), each with when it was handed over; ``continued`` when the rule is repealed
    and applies until a successor is loaded."""
    if not has_perm(actor, P.DOSSIER_VIEW) or not scope(actor, AdmissionDossier.objects.filter(pk=dossier.pk)).exists():
        return ExitDocumentList([], False)
    applicable = catalog.exit_documents_for(dossier.institution_type, on)
    issued = {i.document_id: i for i in dossier.exit_documents.all()}
    return ExitDocumentList([ExitDocumentRow(d, issued.get(d.pk)) for d in applicable.rows], applicable.continued)
