"""Groups of children's institutions and foster families: the records the norms are checked on.

A group that breaks the age band or the size limit is saved and flagged (the head sees it on the group's
page), not refused: the group exists whatever the record says, and the flag is what the head acts on."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can
from qamqor.access.permissions import P
from qamqor.access.scopes import is_national, region_of
from qamqor.care.domain import norms
from qamqor.care.models import CareGroup, CareGroupMember, FosterFamily
from qamqor.care.services._common import apply, lock, require, require_person, save_changed, save_new
from qamqor.core.audit import snapshot
from qamqor.core.errors import DomainError, NotFound
from qamqor.registry.models import Person, Provider, Region

GROUP_TYPES = frozenset({"children_psychoneurological_msi_residential", "children_psychoneurological_semi_stationary"})

GROUP_NOT_THIS_TYPE = _("Groups by age band and size are formed in children's psychoneurological institutions, "
                        "residential or semi-stationary.")
UNKNOWN_BAND = _("Unknown age band.")
UNKNOWN_SKILL = _("Unknown skill level.")
GROUP_DUPLICATE = _("The provider already has a group with this name.")
GROUP_DISBANDED = _("The group has been disbanded.")
ALREADY_MEMBER = _("The child is already in this group.")
MEMBER_LEFT = _("The child has already left the group.")
END_BEFORE_START = _("The end date cannot be before the start date.")
UNKNOWN_KIND = _("Unknown kind of carer.")
UNKNOWN_GROUND = _("Unknown ground.")
GROUND_NOT_FOR_KIND = _("This kind of carer (%(kind)s) is placed on another ground: %(grounds)s.")
FAMILY_DUPLICATE = _("This family is already recorded on this ground.")
AREA_NEGATIVE = _("The housing area cannot be negative.")
NO_WARD = _("A foster family has at least one child taken in.")
NO_MEMBER = _("A family has at least one member, the carer.")
PROVIDER_NOT_FAMILY_HOME = _("Only a family-type children's home is linked to a provider.")
FAMILY_ENDED = _("The foster family's record is closed.")

GROUP_PROBLEMS = {
    norms.GroupProblem.MIXED_BANDS: _("children of different age bands are in one group"),
    norms.GroupProblem.OUTSIDE_BANDS: _("a child is outside the age bands 3–18"),
    norms.GroupProblem.OUTSIDE_GROUP_BAND: _("a child's age is outside the group's age band"),
    norms.GroupProblem.TOO_LARGE: _("the group is larger than its least-skilled child allows"),
    norms.GroupProblem.LABOUR_SUBGROUP_TOO_LARGE: _("a labour-orientation subgroup holds at most 6 children"),
}

FAMILY_EDITABLE = frozenset({"address", "living_area_m2", "family_members", "wards", "ground_issued_by"})


# --- Groups -------------------------------------------------------------------------------------------

@transaction.atomic
def group_create(*, actor: Any, provider: Provider, name: str, age_band: str, formed_on: date,
                 labour_subgroup: bool = False) -> CareGroup:
    """Form a group of a children's psychoneurological institution (residential or semi-stationary) for
    one age band — 3–5, 6–8, 9–13, 14–18 (seed 002 App. 1 п. 30, 5); App. 3 п. 28, 7))."""
    require(actor, P.GROUP_EDIT, provider)
    kind = provider.institution_type.code if provider.institution_type_id else None
    if kind not in GROUP_TYPES:
        raise DomainError("group_not_this_type", GROUP_NOT_THIS_TYPE, source=norms.GROUPS)
    if age_band not in CareGroup.AgeBand.values:
        raise DomainError("unknown_band", UNKNOWN_BAND, field="age_band", source=norms.GROUPS)
    group = CareGroup(provider=provider, name=name.strip(), age_band=age_band, formed_on=formed_on,
                      labour_subgroup=labour_subgroup)
    return save_new(actor, group, subject=None, duplicate=GROUP_DUPLICATE)


@transaction.atomic
def group_member_add(*, actor: Any, group: CareGroup, person: Person, skill: int, joined_on: date
                     ) -> CareGroupMember:
    """Put a child in a group with the skills that set its maximum size; an age outside the group's band
    or a group grown too large is allowed and flagged by ``group_check_of``."""
    require(actor, P.GROUP_EDIT, group)
    require_person(actor, person)
    group = lock(group)
    if group.disbanded_on is not None:
        raise DomainError("group_disbanded", GROUP_DISBANDED)
    if int(skill) not in CareGroupMember.Skill.values:
        raise DomainError("unknown_skill", UNKNOWN_SKILL, field="skill", source=norms.GROUPS)
    member = CareGroupMember(group=group, person=person, skill=int(skill), joined_on=joined_on)
    return save_new(actor, member, subject=person, duplicate=ALREADY_MEMBER)


@transaction.atomic
def group_member_remove(*, actor: Any, member: CareGroupMember, left_on: date) -> CareGroupMember:
    """Take a child out of a group from a date (the membership stays readable)."""
    require(actor, P.GROUP_EDIT, member)
    member = lock(member)
    if member.left_on is not None:
        raise DomainError("member_left", MEMBER_LEFT)
    if left_on < member.joined_on:
        raise DomainError("period_reversed", END_BEFORE_START, field="left_on")
    before = snapshot(member)
    member.left_on = left_on
    return save_changed(actor, member, before, subject=member.person)


# --- Foster families ----------------------------------------------------------------------------------

def _check_counts(area: Decimal, family_members: int, wards: int) -> None:
    if area < 0:
        raise DomainError("area_negative", AREA_NEGATIVE, field="living_area_m2")
    if family_members < 1:
        raise DomainError("no_member", NO_MEMBER, field="family_members")
    if wards < 1:
        raise DomainError("no_ward", NO_WARD, field="wards")


@transaction.atomic
def foster_family_record(*, actor: Any, region: Region, carer: Person, kind: str, ground: str, ground_number: str,
                         ground_date: date, living_area_m2: Decimal | int | str, family_members: int, wards: int,
                         ground_issued_by: str = "", address: str = "",
                         provider: Provider | None = None) -> FosterFamily:
    """Record a family that took orphans or children left without parental care as a provider of the
    standard of seed 001 Appendix 3: the carer — guardian, custodian, patronage educator, foster parent or
    educator of a family-type children's home (п. 3) — on the ground the rule names for that kind (п. 5),
    with the housing area the living-space norm is checked on (п. 6, 1))."""
    require(actor, P.FOSTER_EDIT)
    if not is_national(actor) and region_of(actor) != region.pk:
        raise NotFound()  # an officer records the families of their own region only
    require_person(actor, carer)
    if kind not in FosterFamily.Kind.values:
        raise DomainError("unknown_kind", UNKNOWN_KIND, field="kind", source=norms.FOSTER_PROVIDERS)
    if ground not in FosterFamily.Ground.values:
        raise DomainError("unknown_ground", UNKNOWN_GROUND, field="ground", source=norms.FOSTER_GROUNDS)
    if not norms.ground_fits(kind, ground):
        labels = dict(FosterFamily.Ground.choices)
        raise DomainError("ground_not_for_kind", GROUND_NOT_FOR_KIND % {
            "kind": FosterFamily.Kind(kind).label,
            "grounds": "; ".join(str(labels[g.value]) for g in norms.GROUNDS_BY_KIND[norms.FosterKind(kind)])},
            field="ground", source=norms.FOSTER_GROUNDS)
    if provider is not None:
        if kind != FosterFamily.Kind.FAMILY_TYPE_HOME_EDUCATOR:
            raise DomainError("provider_not_family_home", PROVIDER_NOT_FAMILY_HOME, field="provider")
        if not can(actor, P.PROVIDER_VIEW, provider):
            raise NotFound()
    area = Decimal(str(living_area_m2))
    _check_counts(area, family_members, wards)
    family = FosterFamily(region=region, carer=carer, kind=kind, ground=ground, ground_number=ground_number.strip(),
                          ground_date=ground_date, ground_issued_by=ground_issued_by.strip(), address=address.strip(),
                          living_area_m2=area, family_members=family_members, wards=wards, provider=provider)
    return save_new(actor, family, subject=carer, duplicate=FAMILY_DUPLICATE)


@transaction.atomic
def foster_family_update(*, actor: Any, family: FosterFamily, data: Mapping[str, Any]) -> FosterFamily:
    """Record a change of the family's housing or size (a move, a birth, another child taken in)."""
    require(actor, P.FOSTER_EDIT, family)
    family = lock(family)
    if family.ended_on is not None:
        raise DomainError("family_ended", FAMILY_ENDED)
    before = snapshot(family)
    data = dict(data)
    if "living_area_m2" in data:
        data["living_area_m2"] = Decimal(str(data["living_area_m2"]))
    apply(family, data, FAMILY_EDITABLE)
    _check_counts(family.living_area_m2, family.family_members, family.wards)
    return save_changed(actor, family, before, subject=family.carer)
