"""Submitting a signed electronic document: verify the CMS signature and keep the document and the
result with the queue application or the journal event (a postponement) it belongs to."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction
from qamqor.exchange.models import SignedDocument
from qamqor.exchange.signatures import SignatureVerifier, get_verifier
from qamqor.journal.models import EventKind, JournalEvent, QueueApplication
from qamqor.registry.models import Person, Representation

MAX_BYTES = 10 * 1024 * 1024


def allowed_signers(person: Person, *also: Person | None, on: date) -> set[str]:
    """The IINs that may sign for ``person`` on a date: the person, the given applicant, and the legal
    representatives whose authority covers that date."""
    iins = {person.iin} | {p.iin for p in also if p is not None}
    reps = (Representation.objects.filter(person=person, valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            .values_list("representative__iin", flat=True))
    return iins | set(reps)


def signed_document_submit(*, actor: Any, kind: str, signature: bytes, content: bytes | None = None,
                           application: QueueApplication | None = None, event: JournalEvent | None = None,
                           content_type: str = "application/octet-stream",
                           verifier: SignatureVerifier | None = None) -> SignedDocument:
    """Verify a signed queue application (linked to ``application``) or postponement notice (linked to
    the postponement ``event``) and store it with the result, valid or not: the caller reads
    ``document.valid`` and ``document.result``."""
    if not has_perm(actor, P.SIGNED_DOCUMENT_SUBMIT):
        raise PermissionRefused()
    if kind == SignedDocument.Kind.QUEUE_APPLICATION:
        if application is None:
            raise DomainError("application_required", _("Name the queue application the document files."),
                              field="application")
        provider, person, applicant = application.provider, application.person, application.applicant
    elif kind == SignedDocument.Kind.POSTPONEMENT_NOTICE:
        if event is None or event.kind != EventKind.POSTPONEMENT:
            raise DomainError("postponement_required",
                              _("Name the postponement entry of the journal the notice supports."), field="event")
        application = application or event.application
        provider, person = event.journal.provider, event.person
        applicant = application.applicant if application else None
    else:
        raise DomainError("unknown_kind", _("Unknown kind of signed document."), field="kind")
    if not can(actor, P.SIGNED_DOCUMENT_SUBMIT, provider):
        raise NotFound()
    if len(signature) > MAX_BYTES or (content is not None and len(content) > MAX_BYTES):
        raise DomainError("too_large", _("The document or signature is larger than 10 MB."), field="signature")
    if not signature:
        raise DomainError("signature_required", _("The signature is required."), field="signature")

    now = timezone.now()
    verifier = verifier or get_verifier()
    result = verifier.verify(signature=signature, content=content,
                             expected_iins=allowed_signers(person, applicant, on=timezone.localdate()), at=now)
    data = result.content if result.content is not None else (content or b"")
    with transaction.atomic():
        doc = SignedDocument.objects.create(
            kind=kind, provider=provider, person=person, application=application, event=event,
            content=data, content_type=content_type[:100] or "application/octet-stream", signature=signature,
            detached=result.detached, content_sha256=hashlib.sha256(data).hexdigest(), valid=result.valid,
            signer_iin=result.signer_iin[:12], signer_name=result.signer_name[:500],
            certificate_serial=result.certificate_serial[:100], certificate_subject=result.certificate_subject[:1000],
            certificate_issuer=result.certificate_issuer[:1000], signed_at=result.signed_at,
            verifier=result.verifier[:200], result=result.as_dict(), verified_at=now,
            submitted_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=doc, subject_person=str(person.uid),
                     changes={"valid": result.valid, "signer_iin": result.signer_iin, "kind": kind})
    return doc
