"""Writes to the registries: persons, representatives, providers, licences, grounds.

Every function is one transaction, checks the actor's permission through ``qamqor.access`` (an
object outside the actor's scope is ``NotFound``, a role without the permission is
``PermissionRefused``), validates with ``full_clean()``, writes the audit trail, and raises
``DomainError`` with a translated message when a rule refuses: a refused call changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.access.scopes import is_provider_staff
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.domain import InvalidIdentifier, parse_iin, validate_bin
from qamqor.core.errors import IDENTIFIER_MESSAGES, DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction
from qamqor.registry import domain
from qamqor.registry.models import (
    District,
    Ground,
    Licence,
    Person,
    Provider,
    ProviderPerson,
    ProviderSetting,
    Region,
    Representation,
)
from qamqor.rules.choices import Setting
from qamqor.rules.models import InstitutionType, RecipientCategory

DUPLICATE_IIN = _("A person with this IIN is already registered.")
DUPLICATE_BIN = _("A provider with this BIN is already registered.")
DUPLICATE_LICENCE = _("This provider already has a licence with this number.")
DUPLICATE_GROUND = _("This ground is already registered for this person.")
DUPLICATE_REPRESENTATION = _("This representative is already registered for this person from this date.")
REPRESENTATIVE_REQUIRED = _(
    "A minor or a person without full legal capacity must have at least one legal representative."
)
REPRESENTATIVE_STILL_REQUIRED = _(
    "This would leave a minor or a person without full legal capacity with no legal representative; "
    "register the new representative first."
)
REPRESENTATIVE_NOT_CAPABLE = _("A legal representative must be an adult with full legal capacity.")
REPRESENTATIVE_SELF = _("A person cannot be their own legal representative.")
PERIOD_REVERSED = _("The end date cannot be before the start date.")
DISTRICT_OUTSIDE_REGION = _("The district does not belong to the chosen region.")
OUT_OF_SCOPE = _("You may register records only within your own provider or region.")
NOT_EDITABLE = _("This field cannot be changed here.")
UNKNOWN_SETTING = _("Unknown setting.")
NEGATIVE_CAPACITY = _("Capacity cannot be negative.")
UNKNOWN_CATEGORY = _("Unknown recipient category.")
UNKNOWN_INSTITUTION_TYPE = _("Unknown institution type.")
IN_USE = _("This record is referred to by other records and cannot be deleted.")

PERSON_EDITABLE = frozenset({
    "surname", "given_name", "patronymic", "region", "district", "address", "phone", "legal_capacity",
    "categories", "disability_group", "ipr_valid_until",
})
PROVIDER_EDITABLE = frozenset({
    "name_kk", "name_ru", "ownership", "sector", "institution_type", "region", "district", "address", "phone",
    "email", "head_name", "is_active",
})
LICENCE_EDITABLE = frozenset({"number", "activity", "issued_on", "valid_until", "issued_by"})
GROUND_EDITABLE = frozenset({"kind", "number", "issued_on", "issuing_body", "region", "provider", "setting", "note"})
REPRESENTATION_EDITABLE = frozenset({"kind", "basis", "valid_from", "valid_until"})


@dataclass(frozen=True)
class RepresentativeInput:
    """A legal representative named when a person is registered."""

    representative: Person
    kind: str
    basis: str = ""
    valid_from: date | None = None


# --- helpers ---------------------------------------------------------------------------------------

def _require(actor: Any, perm: P, obj: models.Model | None = None) -> None:
    """Refuse a role without ``perm`` (PermissionRefused) and an object outside scope (NotFound)."""
    if not has_perm(actor, perm):
        raise PermissionRefused()
    if obj is not None and not can(actor, perm, obj):
        raise NotFound()


def _require_visible(actor: Any, perm: P, obj: models.Model) -> None:
    """A related object the actor names must be one they can see, else it does not exist for them."""
    if not can(actor, perm, obj):
        raise NotFound()


def _clean(obj: models.Model, *, validate_unique: bool = True, code: str = "invalid") -> None:
    """``full_clean()``, with a validation failure turned into a DomainError naming the fields."""
    try:
        obj.full_clean(validate_unique=validate_unique, validate_constraints=validate_unique)
    except ValidationError as exc:
        fields = ({k: list(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict")
                  else {NON_FIELD_ERRORS: list(exc.messages)})
        field = next(iter(fields))
        raise DomainError(code, fields[field][0], field=None if field == NON_FIELD_ERRORS else field,
                          fields=fields) from None


def _parse_iin(iin: str) -> Any:
    try:
        return parse_iin(iin)
    except InvalidIdentifier as exc:
        raise DomainError("invalid_iin", IDENTIFIER_MESSAGES[exc.code], field="iin") from None


def _parse_bin(value: str) -> str:
    try:
        return validate_bin(value)
    except InvalidIdentifier as exc:
        raise DomainError("invalid_bin", IDENTIFIER_MESSAGES[exc.code], field="bin") from None


def _check_district(region: Region | None, district: District | None) -> None:
    if district is not None and region is not None and district.region_id != region.pk:
        raise DomainError("district_outside_region", DISTRICT_OUTSIDE_REGION, field="district")


def _check_period(valid_from: date | None, valid_until: date | None, field: str = "valid_until") -> None:
    if valid_from is not None and not domain.period_is_ordered(valid_from, valid_until):
        raise DomainError("period_reversed", PERIOD_REVERSED, field=field)


def _check_setting(setting: str, field: str = "setting") -> None:
    if setting not in Setting.values:
        raise DomainError("unknown_setting", UNKNOWN_SETTING, field=field)


def _categories(values: Iterable[Any]) -> list[RecipientCategory]:
    """Recipient categories given as rows, primary keys or codes."""
    values = list(values)
    rows = [v for v in values if isinstance(v, RecipientCategory)]
    codes = [v for v in values if isinstance(v, str)]
    pks = [v for v in values if isinstance(v, int)]
    found = list(RecipientCategory.objects.filter(models.Q(code__in=codes) | models.Q(pk__in=pks)))
    if len(found) != len(set(codes)) + len(set(pks)):
        raise DomainError("unknown_category", UNKNOWN_CATEGORY, field="categories")
    return rows + found


def _institution_type(value: Any) -> InstitutionType | None:
    if value is None or value == "" or isinstance(value, InstitutionType):
        return value or None
    row = InstitutionType.objects.filter(code=value).first()
    if row is None:
        raise DomainError("unknown_institution_type", UNKNOWN_INSTITUTION_TYPE, field="institution_type")
    return row


def _person_snapshot(person: Person) -> dict[str, Any]:
    data = snapshot(person)
    data["categories"] = sorted(person.categories.values_list("code", flat=True)) if person.pk else []
    return data


def _provider_snapshot(provider: Provider) -> dict[str, Any]:
    data = snapshot(provider)
    data.pop("search_name", None)
    data["capacities"] = dict(provider.settings.values_list("setting", "capacity")) if provider.pk else {}
    return data


def _subject(person: Person) -> str:
    return str(person.uid)


def _check_editable(data: Mapping[str, Any], editable: frozenset[str]) -> None:
    for key in data:
        if key not in editable:
            raise DomainError("not_editable", NOT_EDITABLE, field=key)


def _today() -> date:
    return timezone.localdate()


def _ensure_represented(person: Person, *, on: date, replacing: Representation | None = None,
                        drop: bool = False) -> None:
    """Refuse a change that leaves a person who needs a representative (on ``on``) with none.

    ``replacing`` is the representation as it will be after the change (or dropped, if ``drop``)."""
    if not domain.needs_representative(person.birth_date, person.legal_capacity, on):
        return
    periods = [domain.Period(r.valid_from, r.valid_until)
               for r in person.representations.all() if replacing is None or r.pk != replacing.pk]
    if replacing is not None and not drop:
        periods.append(domain.Period(replacing.valid_from, replacing.valid_until))
    if not domain.has_representative_on(periods, on):
        raise DomainError("representative_required", REPRESENTATIVE_STILL_REQUIRED)


def _lock_person(person: Person) -> Person:
    """Lock the person's row so that two concurrent changes of its representatives are serialised."""
    return Person.objects.select_for_update().get(pk=person.pk)


def _delete(actor: Any, obj: models.Model, *, subject_person: str = "", before: dict[str, Any] | None = None) -> None:
    before = before if before is not None else snapshot(obj)
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError:
        raise DomainError("in_use", IN_USE) from None
    audit_record(actor=actor, action=AuditAction.DELETE, obj=obj, changes=diff(before, {}),
                 subject_person=subject_person)


# --- persons -----------------------------------------------------------------------------------------

def _iin_taken(iin: str) -> bool:
    return Person.objects.filter(iin=iin).exists()


def _representation_create(*, actor: Any, person: Person, representative: Person, kind: str, basis: str,
                           valid_from: date, valid_until: date | None) -> Representation:
    if representative.pk == person.pk:
        raise DomainError("representative_self", REPRESENTATIVE_SELF, field="representative")
    if not domain.may_represent(representative.birth_date, representative.legal_capacity, valid_from):
        raise DomainError("representative_not_capable", REPRESENTATIVE_NOT_CAPABLE, field="representative")
    _check_period(valid_from, valid_until)
    if Representation.objects.filter(person=person, representative=representative, kind=kind,
                                     valid_from=valid_from).exists():
        raise DomainError("duplicate_representation", DUPLICATE_REPRESENTATION, field="representative")
    rep = Representation(person=person, representative=representative, kind=kind, basis=basis,
                         valid_from=valid_from, valid_until=valid_until)
    _clean(rep, validate_unique=False)
    try:
        with transaction.atomic():
            rep.save()
    except IntegrityError:
        raise DomainError("duplicate_representation", DUPLICATE_REPRESENTATION, field="representative") from None
    audit_record(actor=actor, action=AuditAction.CREATE, obj=rep, changes=diff({}, snapshot(rep)),
                 subject_person=_subject(person))
    return rep


def _link_create(*, actor: Any, person: Person, provider: Provider, since: date) -> ProviderPerson:
    link, created = ProviderPerson.objects.get_or_create(person=person, provider=provider,
                                                         defaults={"since": since})
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=link, changes=diff({}, snapshot(link)),
                     subject_person=_subject(person))
    return link


@transaction.atomic
def person_register(*, actor: Any, iin: str, surname: str, given_name: str, patronymic: str = "",
                    region: Region, district: District | None = None, address: str = "", phone: str = "",
                    legal_capacity: str = Person.LegalCapacity.FULL, categories: Iterable[Any] = (),
                    disability_group: str = "", ipr_valid_until: date | None = None,
                    provider: Provider | None = None, representatives: Sequence[RepresentativeInput] = (),
                    today: date) -> Person:
    """Register a person: the IIN is valid and not yet registered, birth date and sex are taken from
    it, and a minor or a person without full legal capacity comes with a legal representative.
    Provider staff register for their own provider, to which the person is then tied."""
    _require(actor, P.PERSON_CREATE)
    iin = (iin or "").strip()
    info = _parse_iin(iin)
    if provider is None and is_provider_staff(actor):
        provider = actor.provider
    if provider is not None:
        _require_visible(actor, P.PROVIDER_VIEW, provider)
    _check_district(region, district)
    for rep in representatives:
        _require_visible(actor, P.PERSON_VIEW, rep.representative)
    periods = [domain.Period(rep.valid_from or today) for rep in representatives]
    if (domain.needs_representative(info.birth_date, legal_capacity, today)
            and not domain.has_representative_on(periods, today)):
        raise DomainError("representative_required", REPRESENTATIVE_REQUIRED, field="representatives")
    if _iin_taken(iin):
        raise DomainError("duplicate_iin", DUPLICATE_IIN, field="iin")

    person = Person(
        iin=iin, surname=surname.strip(), given_name=given_name.strip(), patronymic=(patronymic or "").strip(),
        birth_date=info.birth_date, sex=str(info.sex), region=region, district=district,
        address=address, phone=phone, legal_capacity=legal_capacity, disability_group=disability_group or "",
        ipr_valid_until=ipr_valid_until,
    )
    person.search_name = domain.person_search_name(person.surname, person.given_name, person.patronymic)
    _clean(person, validate_unique=False)
    cats = _categories(categories)
    try:
        # A concurrent registration of the same IIN passes the check above; the unique index decides,
        # and the savepoint keeps the outer transaction usable for the clean refusal.
        with transaction.atomic():
            person.save()
    except IntegrityError:
        if Person.objects.filter(iin=iin).exists():
            raise DomainError("duplicate_iin", DUPLICATE_IIN, field="iin") from None
        raise
    person.categories.set(cats)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=person, changes=diff({}, _person_snapshot(person)),
                 subject_person=_subject(person))
    if provider is not None:
        _link_create(actor=actor, person=person, provider=provider, since=today)
    for rep in representatives:
        _representation_create(actor=actor, person=person, representative=rep.representative, kind=rep.kind,
                               basis=rep.basis, valid_from=rep.valid_from or today, valid_until=None)
    if not can(actor, P.PERSON_VIEW, person):
        raise DomainError("out_of_scope", OUT_OF_SCOPE, field="region")
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, data: Mapping[str, Any]) -> Person:
    """Change a person's editable particulars (never the IIN, birth date or sex, which the IIN fixes);
    a person losing full legal capacity must already have a legal representative."""
    _require(actor, P.PERSON_CHANGE, person)
    _check_editable(data, PERSON_EDITABLE)
    person = _lock_person(person)
    before = _person_snapshot(person)
    for key, value in data.items():
        if key == "categories":
            continue
        setattr(person, key, "" if value is None and key in {"patronymic", "address", "phone",
                                                             "disability_group"} else value)
    _check_district(person.region, person.district)
    person.search_name = domain.person_search_name(person.surname, person.given_name, person.patronymic)
    _clean(person)
    if "legal_capacity" in data and before["legal_capacity"] != person.legal_capacity:
        _ensure_represented(person, on=_today())
    fields = [k for k in data if k != "categories"]
    if fields:
        person.save(update_fields=[*fields, "search_name", "updated_at"])
    if "categories" in data:
        person.categories.set(_categories(data["categories"]))
    changes = diff(before, _person_snapshot(person))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=person, changes=changes,
                     subject_person=_subject(person))
    return person


@transaction.atomic
def person_delete(*, actor: Any, person: Person) -> None:
    """Delete a person registered in error; refused while grounds or represented persons refer to them."""
    _require(actor, P.PERSON_DELETE, person)
    before = _person_snapshot(person)
    subject = _subject(person)
    for rep in list(person.representations.all()):
        audit_record(actor=actor, action=AuditAction.DELETE, obj=rep, changes=diff(snapshot(rep), {}),
                     subject_person=subject)
    for link in list(person.provider_links.all()):
        audit_record(actor=actor, action=AuditAction.DELETE, obj=link, changes=diff(snapshot(link), {}),
                     subject_person=subject)
    _delete(actor, person, subject_person=subject, before=before)


@transaction.atomic
def person_attach_provider(*, actor: Any, person: Person, provider: Provider, since: date) -> ProviderPerson:
    """Tie a person to a provider (which lets its staff see the record); attaching twice is a no-op."""
    _require(actor, P.PERSON_CHANGE, person)
    _require_visible(actor, P.PROVIDER_VIEW, provider)
    return _link_create(actor=actor, person=person, provider=provider, since=since)


@transaction.atomic
def person_detach_provider(*, actor: Any, link: ProviderPerson) -> None:
    """Remove a person's tie to a provider (a tie made in error)."""
    _require(actor, P.PERSON_CHANGE, link.person)
    _require_visible(actor, P.PROVIDER_VIEW, link.provider)
    _delete(actor, link, subject_person=_subject(link.person))


# --- representatives -------------------------------------------------------------------------------------

@transaction.atomic
def representation_add(*, actor: Any, person: Person, representative: Person, kind: str, basis: str = "",
                       valid_from: date, valid_until: date | None = None) -> Representation:
    """Register a legal representative of a person: an adult with full legal capacity, not the person
    themselves; one person may represent several."""
    _require(actor, P.PERSON_CHANGE, person)
    _require_visible(actor, P.PERSON_VIEW, representative)
    person = _lock_person(person)
    return _representation_create(actor=actor, person=person, representative=representative, kind=kind,
                                  basis=basis, valid_from=valid_from, valid_until=valid_until)


@transaction.atomic
def representation_end(*, actor: Any, representation: Representation, valid_until: date,
                       today: date) -> Representation:
    """End a representation; refused if it would leave a minor or a person without full legal
    capacity with no representative from the next day on."""
    return representation_update(actor=actor, representation=representation, data={"valid_until": valid_until},
                                 today=today)


@transaction.atomic
def representation_update(*, actor: Any, representation: Representation, data: Mapping[str, Any],
                          today: date | None = None) -> Representation:
    """Change a representation's kind, document or dates, keeping the person represented when they must be."""
    _require(actor, P.PERSON_CHANGE, representation.person)
    _check_editable(data, REPRESENTATION_EDITABLE)
    person = _lock_person(representation.person)
    rep = Representation.objects.get(pk=representation.pk)
    before = snapshot(rep)
    for key, value in data.items():
        setattr(rep, key, "" if value is None and key == "basis" else value)
    _check_period(rep.valid_from, rep.valid_until)
    _clean(rep)
    today = today or _today()
    check_on = max(today, rep.valid_until + timedelta(days=1)) if rep.valid_until else today
    _ensure_represented(person, on=check_on, replacing=rep)
    rep.save(update_fields=[*data.keys(), "updated_at"])
    changes = diff(before, snapshot(rep))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=rep, changes=changes,
                     subject_person=_subject(person))
    return rep


@transaction.atomic
def representation_delete(*, actor: Any, representation: Representation, today: date | None = None) -> None:
    """Delete a representation entered in error, unless the person would be left without a representative."""
    _require(actor, P.PERSON_CHANGE, representation.person)
    person = _lock_person(representation.person)
    _ensure_represented(person, on=today or _today(), replacing=representation, drop=True)
    _delete(actor, representation, subject_person=_subject(person))


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


# --- regions (reference data) ----------------------------------------------------------------------------------

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.json"


@dataclass
class RegionsLoadReport:
    """How many rows a load created, updated or left as they were."""

    regions: int = 0
    districts: int = 0
    created: int = 0
    updated: int = 0


def _upsert(model: type[models.Model], code: str, values: dict[str, Any], report: RegionsLoadReport) -> Any:
    row = model._default_manager.filter(code=code).first()
    if row is None:
        row = model._default_manager.create(code=code, **values)
        report.created += 1
        return row
    changed = [k for k, v in values.items() if getattr(row, f"{k}_id" if k == "region" else k) != (
        v.pk if isinstance(v, models.Model) else v)]
    if changed:
        for key in changed:
            setattr(row, key, values[key])
        row.save(update_fields=changed)
        report.updated += 1
    return row


@transaction.atomic
def regions_load(*, path: Path = REGIONS_FILE) -> RegionsLoadReport:
    """Upsert the regions and districts of the data file by KATO code: running it twice changes nothing.
    Rows no longer in the file are kept (persons and providers refer to them)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    report = RegionsLoadReport()
    for item in data["regions"]:
        region = _upsert(Region, item["code"], {
            "kind": item["kind"], "name_kk": item["name_kk"], "name_ru": item["name_ru"], "name_en": item["name_en"],
        }, report)
        report.regions += 1
        for d in item.get("districts", []):
            _upsert(District, d["code"], {
                "region": region, "name_kk": d["name_kk"], "name_ru": d["name_ru"], "name_en": d["name_en"],
            }, report)
            report.districts += 1
    return report
