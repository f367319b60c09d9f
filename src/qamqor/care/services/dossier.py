"""The admission dossier: open it with the institution type's document list, keep each document's
state, record the medical conclusion's contraindications, admit, hand over the exit documents."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qamqor.access.permissions import P
from qamqor.care import catalog
from qamqor.care.domain import dossier as rules
from qamqor.care.models import AdmissionDossier, DossierContraindication, DossierDocument, ExitDocumentIssue
from qamqor.care.services._common import lock, require, require_person, save_changed, save_new
from qamqor.core.audit import audit_record, snapshot
from qamqor.core.errors import DomainError
from qamqor.core.models import AuditAction
from qamqor.registry.models import Person, Provider
from qamqor.rules.models import Contraindication, ExitDocument

NO_INSTITUTION_TYPE = _("The provider has no institution type, so its admission rules are unknown.")
UNKNOWN_FUNDING = _("A place is either budget-funded or paid.")
DOSSIER_OPEN = _("This person already has an open admission dossier at this provider.")
DOSSIER_CLOSED = _("The dossier is closed.")
UNKNOWN_STATE = _("Unknown document state.")
NOT_IF_ANY = _("Only a document the rule requires \"if any\" can be marked not applicable.")
DATE_REQUIRED = _("Give the date.")
BODY_REQUIRED = _("Name the competent body the document was requested from.")
OTHER_TYPE_CONTRAINDICATION = _("This contraindication belongs to another institution type's rule.")
ALREADY_RESOLVED = _("This contraindication is already recorded as no longer present.")
RESOLVED_BEFORE_FOUND = _("A contraindication cannot end before the medical conclusion that found it.")
OTHER_TYPE_EXIT_DOCUMENT = _("This document is not on the exit list of the institution type.")
EXIT_DOCUMENT_ISSUED = _("This document has already been handed over.")
ADMISSION_REFUSED = _("Admission is refused: %(reasons)s")
CLOSED_BEFORE_OPENED = _("A dossier cannot be closed before it was opened.")


def _open_dossier(dossier: AdmissionDossier) -> AdmissionDossier:
    dossier = lock(dossier)
    if dossier.closed_on is not None:
        raise DomainError("dossier_closed", DOSSIER_CLOSED)
    return dossier


@transaction.atomic
def dossier_open(*, actor: Any, person: Person, provider: Provider, funding: str, opened_on: date,
                 admission_date: date | None = None) -> AdmissionDossier:
    """Open a person's admission dossier at a provider with every document of the institution type's list
    for a budget-funded or paid place (e.g. 6 for a special-regime organisation, 11 or 7 for a children's
    psychoneurological institution, 10 for children's home care), each awaited until its state is set."""
    require(actor, P.DOSSIER_EDIT, provider)
    require_person(actor, person)
    if provider.institution_type_id is None:
        raise DomainError("no_institution_type", NO_INSTITUTION_TYPE)
    if funding not in AdmissionDossier.Funding.values:
        raise DomainError("unknown_funding", UNKNOWN_FUNDING, field="funding")
    dossier = AdmissionDossier(person=person, provider=provider, institution_type=provider.institution_type,
                               funding=funding, opened_on=opened_on, admission_date=admission_date)
    save_new(actor, dossier, subject=person, duplicate=DOSSIER_OPEN)
    documents = catalog.admission_documents_for(provider.institution_type, funding, opened_on).rows
    DossierDocument.objects.bulk_create([DossierDocument(dossier=dossier, document=d) for d in documents])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=dossier, subject_person=str(person.uid),
                 changes={"documents": [[], [d.code for d in documents]]})
    return dossier


@transaction.atomic
def dossier_document_set(*, actor: Any, document: DossierDocument, state: str, on: date | None = None,
                         requested_from: str = "", note: str | None = None) -> DossierDocument:
    """Set a document's state: received (on a date), requested from the competent body (on a date, from
    whom; seed 000 п. 5), not applicable (only an "if any" document), or awaited again."""
    require(actor, P.DOSSIER_EDIT, document)
    _open_dossier(document.dossier)
    document = lock(document)
    if state not in DossierDocument.State.values:
        raise DomainError("unknown_state", UNKNOWN_STATE, field="state")
    if not rules.state_allowed(state, if_any=document.document.if_any):
        raise DomainError("not_if_any", NOT_IF_ANY, field="state", source=document.document.source)
    before = snapshot(document)
    document.state = state
    document.received_on = document.requested_on = None
    document.requested_from = ""
    if state == DossierDocument.State.RECEIVED:
        if on is None:
            raise DomainError("date_required", DATE_REQUIRED, field="on")
        document.received_on = on
    elif state == DossierDocument.State.REQUESTED:
        if on is None:
            raise DomainError("date_required", DATE_REQUIRED, field="on")
        if not requested_from.strip():
            raise DomainError("body_required", BODY_REQUIRED, field="requested_from", source=rules.MISSING_DOCUMENTS)
        document.requested_on = on
        document.requested_from = requested_from.strip()
    if note is not None:
        document.note = note
    return save_changed(actor, document, before, subject=document.dossier.person)


def _contraindication(value: Contraindication | str) -> Contraindication:
    if isinstance(value, Contraindication):
        return value
    row = Contraindication.objects.filter(code=value).first()
    if row is None:
        raise DomainError("unknown_contraindication", OTHER_TYPE_CONTRAINDICATION, field="contraindications")
    return row


@transaction.atomic
def dossier_medical_conclusion_record(*, actor: Any, dossier: AdmissionDossier, number: str, issued_on: date,
                                      issued_by: str,
                                      contraindications: Iterable[Contraindication | str] = ()) -> AdmissionDossier:
    """Record the medical conclusion and the contraindications of the institution type's rule it found;
    each blocks admission until recorded as no longer present."""
    require(actor, P.DOSSIER_EDIT, dossier)
    dossier = _open_dossier(dossier)
    found = [_contraindication(c) for c in contraindications]
    for row in found:
        if row.institution_type_id != dossier.institution_type_id:
            raise DomainError("contraindication_other_type", OTHER_TYPE_CONTRAINDICATION, field="contraindications")
    before = snapshot(dossier)
    dossier.medical_conclusion_number = number
    dossier.medical_conclusion_date = issued_on
    dossier.medical_conclusion_by = issued_by
    save_changed(actor, dossier, before, subject=dossier.person)
    active = set(dossier.contraindications.filter(resolved_on__isnull=True).values_list("contraindication_id", flat=True))
    for row in found:
        if row.pk in active:
            continue
        save_new(actor, DossierContraindication(dossier=dossier, contraindication=row, found_on=issued_on),
                 subject=dossier.person)
        active.add(row.pk)
    return dossier


@transaction.atomic
def dossier_contraindication_resolve(*, actor: Any, contraindication: DossierContraindication, resolved_on: date,
                                     note: str = "") -> DossierContraindication:
    """Record, on a later medical conclusion, that a contraindication is no longer present."""
    require(actor, P.DOSSIER_EDIT, contraindication)
    _open_dossier(contraindication.dossier)
    row = lock(contraindication)
    if row.resolved_on is not None:
        raise DomainError("already_resolved", ALREADY_RESOLVED)
    if resolved_on < row.found_on:
        raise DomainError("resolved_before_found", RESOLVED_BEFORE_FOUND, field="resolved_on")
    before = snapshot(row)
    row.resolved_on = resolved_on
    if note:
        row.note = note
    return save_changed(actor, row, before, subject=row.dossier.person)


@transaction.atomic
def dossier_admission_record(*, actor: Any, dossier: AdmissionDossier, admission_date: date) -> AdmissionDossier:
    """Record the date of admission once the admission rule allows it: no active contraindication, the
    age within the institution type's limits, no missing document that may not be requested later
    (every refusal is listed, each citing its rule)."""
    from qamqor.care.selectors.dossier import admission_refusals

    require(actor, P.DOSSIER_EDIT, dossier)
    dossier = _open_dossier(dossier)
    refusals = admission_refusals(person=dossier.person, provider=dossier.provider, on=admission_date)
    if refusals:
        raise DomainError("admission_refused", ADMISSION_REFUSED % {"reasons": " ".join(str(r.message) for r in refusals)},
                          source=refusals[0].source, fields={"admission_date": [r.message for r in refusals]})
    before = snapshot(dossier)
    dossier.admission_date = admission_date
    return save_changed(actor, dossier, before, subject=dossier.person)


@transaction.atomic
def dossier_close(*, actor: Any, dossier: AdmissionDossier, closed_on: date) -> AdmissionDossier:
    """Close the dossier when the person leaves (its documents and their states stay readable)."""
    require(actor, P.DOSSIER_EDIT, dossier)
    dossier = _open_dossier(dossier)
    if closed_on < dossier.opened_on:
        raise DomainError("closed_before_opened", CLOSED_BEFORE_OPENED, field="closed_on")
    before = snapshot(dossier)
    dossier.closed_on = closed_on
    return save_changed(actor, dossier, before, subject=dossier.person)


@transaction.atomic
def exit_document_issue(*, actor: Any, dossier: AdmissionDossier, document: ExitDocument, issued_on: date,
                        note: str = "") -> ExitDocumentIssue:
    """Record that a document of the exit list was handed to the person (seed 000 п. 6; seed 002
    Appendix 1 п. 40–41)."""
    require(actor, P.DOSSIER_EDIT, dossier)
    if document.institution_type_id != dossier.institution_type_id:
        raise DomainError("exit_document_other_type", OTHER_TYPE_EXIT_DOCUMENT, field="document",
                          source=rules.EXIT_DOCUMENTS)
    issue = ExitDocumentIssue(dossier=dossier, document=document, issued_on=issued_on, note=note)
    return save_new(actor, issue, subject=dossier.person, duplicate=EXIT_DOCUMENT_ISSUED)
