"""Writes to the person registry and to legal representatives."""


from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from qamqor.access.core import can
from qamqor.access.permissions import P
from qamqor.access.scopes import is_provider_staff
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError
from qamqor.core.models import AuditAction
from qamqor.registry import domain
from qamqor.registry.models import (
    District,
    Person,
    Provider,
    ProviderPerson,
    Region,
    Representation,
)
from qamqor.registry.services._common import (
    DUPLICATE_IIN,
    DUPLICATE_REPRESENTATION,
    OUT_OF_SCOPE,
    PERSON_EDITABLE,
    REPRESENTATION_EDITABLE,
    REPRESENTATIVE_NOT_CAPABLE,
    REPRESENTATIVE_REQUIRED,
    REPRESENTATIVE_SELF,
    RepresentativeInput,
    _categories,
    _check_district,
    _check_editable,
    _check_period,
    _clean,
    _delete,
    _ensure_represented,
    _lock_person,
    _parse_iin,
    _person_snapshot,
    _require,
    _require_visible,
    _subject,
    _today,
)

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
def person_link_on_application(*, actor: Any, person: Person, provider: Provider, since: date) -> ProviderPerson:
    """Tie a person to the provider they (or their representative) applied to on the portal. The applicant
    may not change the person's record, but the signed application makes the person known to the
    provider's staff, as a link made by the staff would."""
    _require_visible(actor, P.PERSON_VIEW, person)
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
