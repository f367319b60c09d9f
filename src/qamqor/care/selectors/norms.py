"""Reads of the groups of children's institutions and of the foster families, each with its norm checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet

from qamqor.access.core import get_for_actor, has_perm, scope
from qamqor.access.permissions import P
from qamqor.care import parameters as params
from qamqor.care.domain import norms
from qamqor.care.models import CareGroup, CareGroupMember, FosterFamily
from qamqor.care.selectors._common import today_or, uuid_or_404
from qamqor.core.domain import Source, age_on
from qamqor.registry.models import Provider


def _members_on(on: date) -> Prefetch:
    return Prefetch("members", to_attr="current_members", queryset=CareGroupMember.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on), joined_on__lte=on).select_related("person"))


def group_list(*, actor: Any, provider: Provider | None = None, on: date | None = None) -> QuerySet[CareGroup]:
    """The groups the actor may see that exist on ``on`` (today by default), with their members then."""
    if not has_perm(actor, P.SERVICE_VIEW):
        return CareGroup.objects.none()
    on = today_or(on)
    qs = scope(actor, CareGroup.objects.filter(Q(disbanded_on__isnull=True) | Q(disbanded_on__gte=on)))
    if provider is not None:
        qs = qs.filter(provider=provider)
    return qs.select_related("provider").prefetch_related(_members_on(on))


def group_get(*, actor: Any, uid: UUID | str, on: date | None = None) -> CareGroup:
    qs = CareGroup.objects.select_related("provider").prefetch_related(_members_on(today_or(on)))
    return get_for_actor(actor, P.SERVICE_VIEW, qs, uid=uuid_or_404(uid))


def group_member_get(*, actor: Any, group: CareGroup, uid: UUID | str) -> CareGroupMember:
    return get_for_actor(actor, P.SERVICE_VIEW, CareGroupMember.objects.filter(group=group).select_related(
        "person", "group"), uid=uuid_or_404(uid))


@dataclass(frozen=True)
class MemberRow:
    member: CareGroupMember
    age: int
    in_band: bool


@dataclass(frozen=True)
class GroupState:
    """A group on a day: its members with their ages, and the norm's verdict (age band, maximum size)."""

    group: CareGroup
    members: list[MemberRow]
    check: norms.GroupCheck
    source: Source = norms.GROUPS


def group_state(group: CareGroup, on: date | None = None) -> GroupState:
    """Check a group read by ``group_list``/``group_get`` on ``on``: each child's age in full years, the
    group's band, and the size limit of its least-skilled child (seed 002 App. 1 п. 30, 5); App. 3 п. 28, 7))."""
    on = today_or(on)
    current = getattr(group, "current_members", None)
    if current is None:
        current = list(group.members.filter(Q(left_on__isnull=True) | Q(left_on__gte=on), joined_on__lte=on)
                       .select_related("person"))
    current = [m for m in current if m.joined_on <= on and (m.left_on is None or m.left_on >= on)]
    band = group.band
    rows = [MemberRow(m, age_on(m.person.birth_date, on), False) for m in current]
    rows = [MemberRow(r.member, r.age, band is not None and r.age in band) for r in rows]
    check = norms.group_check([norms.GroupMember(r.age, norms.SkillLevel(r.member.skill)) for r in rows],
                              labour_subgroup=group.labour_subgroup, band=band)
    return GroupState(group, rows, check)


def foster_family_list(*, actor: Any, region: Any = None) -> QuerySet[FosterFamily]:
    if not has_perm(actor, P.FOSTER_VIEW):
        return FosterFamily.objects.none()
    qs = scope(actor, FosterFamily.objects.all())
    if region is not None:
        qs = qs.filter(region=region)
    return qs.select_related("region", "carer", "provider")


def foster_family_get(*, actor: Any, uid: UUID | str) -> FosterFamily:
    return get_for_actor(actor, P.FOSTER_VIEW, FosterFamily.objects.select_related("region", "carer", "provider"),
                         uid=uuid_or_404(uid))


@dataclass(frozen=True)
class FosterFamilyState:
    family: FosterFamily
    check: norms.LivingSpaceCheck
    rule: params.RuleValue


def foster_family_state(family: FosterFamily, on: date | None = None) -> FosterFamilyState:
    """The family's housing area against 15 m² per family member and per ward (seed 001 App. 3 п. 6, 1)),
    with the parameter in force on ``on`` and its source."""
    rule = params.rule_value(params.FOSTER_AREA_PER_PERSON, today_or(on))
    check = norms.living_space_check(family.living_area_m2, family_members=family.family_members,
                                     wards=family.wards, per_person_m2=rule.value)
    return FosterFamilyState(family, check, rule)
