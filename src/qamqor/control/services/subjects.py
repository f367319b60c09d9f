"""Controlled subjects: created by hand (accessibility and rehabilitation subjects, local executive
bodies) or kept in step with the registry (one subject per provider and setting)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from qamqor.access.permissions import P
from qamqor.access.scopes import region_of
from qamqor.control.domain.choices import SubjectKind
from qamqor.control.models import Subject
from qamqor.control.services._common import clean, require
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError, NotFound
from qamqor.core.models import AuditAction
from qamqor.registry.models import Provider, ProviderSetting, Region

FIELDS = ("name", "bin_iin", "address", "head_name", "is_portal_supplier", "note", "setting")


@transaction.atomic
def subject_create(actor: Any, *, kind: str, region: Region, name: str, setting: str = "",
                   provider: Provider | None = None, bin_iin: str = "", address: str = "", head_name: str = "",
                   is_portal_supplier: bool = False, note: str = "") -> Subject:
    """Register a controlled subject (a provider's setting is normally created by the registry sync)."""
    require(actor, P.RISK_RECOMPUTE)
    own_region = region_of(actor)
    if own_region is not None and region.pk != own_region:
        raise NotFound()
    if kind not in {k.value for k in SubjectKind}:
        raise DomainError("kind_invalid", _("Choose the kind of subject."), field="kind")
    if kind == SubjectKind.PROVIDER and (provider is None or not setting):
        raise DomainError("provider_required", _("A provider subject needs the provider and the setting."),
                          field="provider")
    subject = Subject(kind=kind, region=region, name=name.strip(), setting=setting if kind == SubjectKind.PROVIDER
                      else "", provider=provider, bin_iin=bin_iin.strip(), address=address.strip(),
                      head_name=head_name.strip(), is_portal_supplier=is_portal_supplier, note=note.strip())
    clean(subject)
    subject.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=subject, changes=diff({}, snapshot(subject)))
    return subject


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    deactivated: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "deactivated": self.deactivated}


def _provider_values(provider: Provider) -> dict[str, Any]:
    return {"name": provider.name_kk or provider.name_ru, "bin_iin": provider.bin, "address": provider.address,
            "head_name": provider.head_name, "region_id": provider.region_id}


@transaction.atomic
def subjects_sync_from_registry(actor: Any = None) -> SyncReport:
    """One subject per provider and setting of the registry (created, or its name, BIN, address, head and
    region refreshed); subjects of settings a provider no longer has, or of inactive providers, are
    deactivated. With an actor, it must hold ``P.RISK_RECOMPUTE``; without one it is the system."""
    if actor is not None:
        require(actor, P.RISK_RECOMPUTE)
    report = SyncReport()
    wanted: set[tuple[int, str]] = set()
    existing = {(s.provider_id, s.setting): s for s in Subject.objects.select_for_update().filter(
        kind=SubjectKind.PROVIDER, provider__isnull=False)}
    for ps in ProviderSetting.objects.select_related("provider").filter(provider__is_active=True).order_by("pk"):
        key = (ps.provider_id, ps.setting)
        wanted.add(key)
        values = _provider_values(ps.provider)
        subject = existing.get(key)
        if subject is None:
            subject = Subject.objects.create(kind=SubjectKind.PROVIDER, provider=ps.provider, setting=ps.setting,
                                             **values)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=subject, changes=diff({}, snapshot(subject)))
            report.created += 1
            continue
        before = snapshot(subject)
        for k, v in values.items():
            setattr(subject, k, v)
        subject.is_active = True
        changes = diff(before, snapshot(subject))
        if changes:
            subject.save()
            audit_record(actor=actor, action=AuditAction.UPDATE, obj=subject, changes=changes)
            report.updated += 1
    for key, subject in existing.items():
        if key not in wanted and subject.is_active:
            before = snapshot(subject)
            subject.is_active = False
            subject.save(update_fields=["is_active", "updated_at"])
            audit_record(actor=actor, action=AuditAction.UPDATE, obj=subject, changes=diff(before, snapshot(subject)))
            report.deactivated += 1
    return report


@transaction.atomic
def leb_subjects_ensure(actor: Any = None) -> int:
    """One local-executive-body subject per region (where none exists yet); returns how many were added."""
    if actor is not None:
        require(actor, P.RISK_RECOMPUTE)
    have = set(Subject.objects.filter(kind=SubjectKind.LEB).values_list("region_id", flat=True))
    added = 0
    for region in Region.objects.exclude(pk__in=have).order_by("code"):
        # The name is the region's: the kind ("local executive body") is shown beside it.
        subject = Subject.objects.create(kind=SubjectKind.LEB, region=region, name=region.name_kk)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=subject, changes=diff({}, snapshot(subject)))
        added += 1
    return added
