"""What every registry write shares: messages, editable fields, permission and validation helpers."""


from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.domain import InvalidIdentifier, parse_iin, validate_bin
from qamqor.core.errors import IDENTIFIER_MESSAGES, DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction
from qamqor.registry import domain
from qamqor.registry.models import (
    District,
    Person,
    Provider,
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
