"""Writes of the grounds for special social services (decisions, referrals, court acts)."""


from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from qamqor.access.core import can
from qamqor.access.permissions import P
from qamqor.access.scopes import is_provider_staff
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError
from qamqor.core.models import AuditAction
from qamqor.registry.models import (
    Ground,
    Person,
    Provider,
    Region,
)
from qamqor.registry.services._common import (
    DUPLICATE_GROUND,
    GROUND_EDITABLE,
    OUT_OF_SCOPE,
    _check_editable,
    _check_setting,
    _clean,
    _delete,
    _require,
    _require_visible,
    _subject,
)

# --- grounds ------------------------------------------------------------------------------------------------

@transaction.atomic
def ground_register(*, actor: Any, person: Person, kind: str, number: str, issued_on: date, issuing_body: str,
                    region: Region | None = None, provider: Provider | None = None, setting: str = "",
                    note: str = "") -> Ground:
    """Register a legal ground for special social services concerning a person (a decision of the
    local executive body, a referral, a court act, ...). The region defaults to the person's; provider
    staff register grounds for their own provider."""
    _require(actor, P.GROUND_CREATE)
    _require_visible(actor, P.PERSON_VIEW, person)
    if provider is None and is_provider_staff(actor):
        provider = actor.provider
    if provider is not None:
        _require_visible(actor, P.PROVIDER_VIEW, provider)
    if setting:
        _check_setting(setting)
    number = (number or "").strip()
    if Ground.objects.filter(kind=kind, number=number, issued_on=issued_on, person=person).exists():
        raise DomainError("duplicate_ground", DUPLICATE_GROUND, field="number")
    ground = Ground(person=person, kind=kind, number=number, issued_on=issued_on, issuing_body=issuing_body,
                    region=region or person.region, provider=provider, setting=setting or "", note=note or "")
    _clean(ground, validate_unique=False)
    try:
        with transaction.atomic():
            ground.save()
    except IntegrityError:
        raise DomainError("duplicate_ground", DUPLICATE_GROUND, field="number") from None
    audit_record(actor=actor, action=AuditAction.CREATE, obj=ground, changes=diff({}, snapshot(ground)),
                 subject_person=_subject(person))
    if not can(actor, P.GROUND_VIEW, ground):
        raise DomainError("out_of_scope", OUT_OF_SCOPE, field="region")
    return ground


@transaction.atomic
def ground_update(*, actor: Any, ground: Ground, data: Mapping[str, Any]) -> Ground:
    """Correct a ground's particulars (the person it concerns never changes)."""
    _require(actor, P.GROUND_CHANGE, ground)
    _check_editable(data, GROUND_EDITABLE)
    ground = Ground.objects.select_for_update().get(pk=ground.pk)
    before = snapshot(ground)
    for key, value in data.items():
        if key == "provider" and value is not None:
            _require_visible(actor, P.PROVIDER_VIEW, value)
        setattr(ground, key, "" if value is None and key in {"setting", "note"} else value)
    if ground.setting:
        _check_setting(ground.setting)
    if Ground.objects.filter(kind=ground.kind, number=ground.number, issued_on=ground.issued_on,
                             person_id=ground.person_id).exclude(pk=ground.pk).exists():
        raise DomainError("duplicate_ground", DUPLICATE_GROUND, field="number")
    _clean(ground)
    if data:
        ground.save(update_fields=[*data.keys(), "updated_at"])
    if not can(actor, P.GROUND_VIEW, ground):
        raise DomainError("out_of_scope", OUT_OF_SCOPE, field="region")
    changes = diff(before, snapshot(ground))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=ground, changes=changes,
                     subject_person=_subject(ground.person))
    return ground


@transaction.atomic
def ground_delete(*, actor: Any, ground: Ground) -> None:
    """Delete a ground registered in error."""
    _require(actor, P.GROUND_CHANGE, ground)
    _delete(actor, ground, subject_person=_subject(ground.person))
