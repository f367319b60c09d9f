"""Writes to the provider registry: providers, capacity by setting, licences."""


from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from qamqor.access.core import can
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError
from qamqor.core.models import AuditAction
from qamqor.registry import domain
from qamqor.registry.models import (
    District,
    Licence,
    Provider,
    ProviderSetting,
    Region,
)
from qamqor.registry.services._common import (
    DUPLICATE_BIN,
    DUPLICATE_LICENCE,
    LICENCE_EDITABLE,
    NEGATIVE_CAPACITY,
    OUT_OF_SCOPE,
    PROVIDER_EDITABLE,
    _check_district,
    _check_editable,
    _check_period,
    _check_setting,
    _clean,
    _delete,
    _institution_type,
    _parse_bin,
    _provider_snapshot,
    _require,
)
from qamqor.rules.models import InstitutionType

# --- providers --------------------------------------------------------------------------------------------

def _provider_search_name(provider: Provider) -> str:
    return domain.normalize_name(f"{provider.name_kk} {provider.name_ru}")


@transaction.atomic
def provider_register(*, actor: Any, bin: str, name_kk: str, name_ru: str, ownership: str, sector: str,  # noqa: A002
                      institution_type: InstitutionType | str | None = None, region: Region,
                      district: District | None = None, address: str, phone: str = "", email: str = "",
                      head_name: str = "", capacities: Mapping[str, int] | None = None) -> Provider:
    """Register a provider of special social services: a valid BIN not yet registered, with its
    places by setting."""
    _require(actor, P.PROVIDER_CREATE)
    value = _parse_bin((bin or "").strip())
    _check_district(region, district)
    capacities = dict(capacities or {})
    for setting, capacity in capacities.items():
        _check_setting(setting, "capacities")
        if int(capacity) < 0:
            raise DomainError("negative_capacity", NEGATIVE_CAPACITY, field="capacities")
    if Provider.objects.filter(bin=value).exists():
        raise DomainError("duplicate_bin", DUPLICATE_BIN, field="bin")
    provider = Provider(bin=value, name_kk=name_kk.strip(), name_ru=name_ru.strip(), ownership=ownership,
                        sector=sector, institution_type=_institution_type(institution_type), region=region,
                        district=district, address=address, phone=phone, email=email, head_name=head_name)
    provider.search_name = _provider_search_name(provider)
    _clean(provider, validate_unique=False)
    try:
        with transaction.atomic():
            provider.save()
    except IntegrityError:
        if Provider.objects.filter(bin=value).exists():
            raise DomainError("duplicate_bin", DUPLICATE_BIN, field="bin") from None
        raise
    for setting, capacity in capacities.items():
        ProviderSetting.objects.create(provider=provider, setting=setting, capacity=int(capacity))
    audit_record(actor=actor, action=AuditAction.CREATE, obj=provider, changes=diff({}, _provider_snapshot(provider)))
    if not can(actor, P.PROVIDER_VIEW, provider):
        raise DomainError("out_of_scope", OUT_OF_SCOPE, field="region")
    return provider


@transaction.atomic
def provider_update(*, actor: Any, provider: Provider, data: Mapping[str, Any]) -> Provider:
    """Change a provider's card (never its BIN)."""
    _require(actor, P.PROVIDER_CHANGE, provider)
    _check_editable(data, PROVIDER_EDITABLE)
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    before = _provider_snapshot(provider)
    for key, value in data.items():
        if key == "institution_type":
            value = _institution_type(value)
        setattr(provider, key, value)
    _check_district(provider.region, provider.district)
    provider.search_name = _provider_search_name(provider)
    _clean(provider)
    if data:
        provider.save(update_fields=[*data.keys(), "search_name", "updated_at"])
    changes = diff(before, _provider_snapshot(provider))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=provider, changes=changes)
    return provider


@transaction.atomic
def provider_capacity_set(*, actor: Any, provider: Provider, setting: str, capacity: int) -> ProviderSetting:
    """Set a provider's places in one setting (adding the setting if it is new)."""
    _require(actor, P.PROVIDER_CHANGE, provider)
    _check_setting(setting)
    if capacity is None or int(capacity) < 0:
        raise DomainError("negative_capacity", NEGATIVE_CAPACITY, field="capacity")
    row = ProviderSetting.objects.select_for_update().filter(provider=provider, setting=setting).first()
    before = snapshot(row) if row else {}
    if row is None:
        row = ProviderSetting(provider=provider, setting=setting, capacity=int(capacity))
    row.capacity = int(capacity)
    _clean(row, validate_unique=False)
    row.save()
    changes = diff(before, snapshot(row))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE if before else AuditAction.CREATE, obj=row,
                     changes=changes)
    return row


@transaction.atomic
def provider_capacity_remove(*, actor: Any, provider_setting: ProviderSetting) -> None:
    """Remove a setting the provider no longer serves in."""
    _require(actor, P.PROVIDER_CHANGE, provider_setting.provider)
    _delete(actor, provider_setting)


@transaction.atomic
def licence_add(*, actor: Any, provider: Provider, number: str, activity: str, issued_on: date,
                valid_until: date | None = None, issued_by: str = "") -> Licence:
    """Record a licence (or notification) held by a provider; its number is unique for the provider."""
    _require(actor, P.PROVIDER_CHANGE, provider)
    number = (number or "").strip()
    _check_period(issued_on, valid_until)
    if Licence.objects.filter(provider=provider, number=number).exists():
        raise DomainError("duplicate_licence", DUPLICATE_LICENCE, field="number")
    licence = Licence(provider=provider, number=number, activity=activity, issued_on=issued_on,
                      valid_until=valid_until, issued_by=issued_by)
    _clean(licence, validate_unique=False)
    try:
        with transaction.atomic():
            licence.save()
    except IntegrityError:
        raise DomainError("duplicate_licence", DUPLICATE_LICENCE, field="number") from None
    audit_record(actor=actor, action=AuditAction.CREATE, obj=licence, changes=diff({}, snapshot(licence)))
    return licence


@transaction.atomic
def licence_update(*, actor: Any, licence: Licence, data: Mapping[str, Any]) -> Licence:
    """Correct a licence's particulars."""
    _require(actor, P.PROVIDER_CHANGE, licence.provider)
    _check_editable(data, LICENCE_EDITABLE)
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    before = snapshot(licence)
    for key, value in data.items():
        setattr(licence, key, value)
    _check_period(licence.issued_on, licence.valid_until)
    if Licence.objects.filter(provider_id=licence.provider_id, number=licence.number).exclude(pk=licence.pk).exists():
        raise DomainError("duplicate_licence", DUPLICATE_LICENCE, field="number")
    _clean(licence)
    if data:
        licence.save(update_fields=list(data.keys()))
    changes = diff(before, snapshot(licence))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=licence, changes=changes)
    return licence


@transaction.atomic
def licence_delete(*, actor: Any, licence: Licence) -> None:
    """Delete a licence entered in error."""
    _require(actor, P.PROVIDER_CHANGE, licence.provider)
    _delete(actor, licence)
