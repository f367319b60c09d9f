"""Norms checked as plain functions: group composition and the foster family's living space.

- Groups (classes) of a children's psychoneurological institution and of semi-stationary care are
  formed by age — 3–5, 6–8, 9–13, 14–18 — and hold at most 6 children without self-care and hygiene
  skills, 8 with (partly) formed self-care and hygiene skills, 10 with (partly) formed household
  skills, 12 with formed manual-work skills; a group following the labour-orientation programme is
  split into subgroups of 6 (seed 002 Appendix 1 п. 30, 5); Appendix 3 п. 28, 7)).
- A family that took an orphan or a child without parental care provides at least 15 m² of total
  housing area per family member and per ward (seed 001 Appendix 3 п. 6, 1)); whether wards count
  among the family members is not said, so they are counted separately, the stricter reading
  (extraction, ambiguity A-16)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum

from qamqor.core.domain import Source

GROUPS = Source("002", "Appendix 1, п. 30, 5); Appendix 3, п. 28, 7)")
LIVING_SPACE = Source("001", "Appendix 3, п. 6, 1)")

LIVING_SPACE_PER_PERSON_M2 = Decimal(15)
LABOUR_SUBGROUP_SIZE = 6


@dataclass(frozen=True)
class AgeBand:
    """Ages in full years, both ends inclusive ("from 3 to 5"); the last band ends before 18."""

    low: int
    high: int

    def __contains__(self, age: object) -> bool:
        return isinstance(age, int) and self.low <= age <= self.high

    def __str__(self) -> str:
        return f"{self.low}–{self.high}"


AGE_BANDS = (AgeBand(3, 5), AgeBand(6, 8), AgeBand(9, 13), AgeBand(14, 17))


class SkillLevel(IntEnum):
    """The child's recorded skills, from none to manual work; the value is the group's maximum size."""

    NO_SELF_CARE = 6
    SELF_CARE = 8
    HOUSEHOLD = 10
    MANUAL_WORK = 12


def band_of(age: int) -> AgeBand | None:
    """The age band a child of ``age`` full years belongs to (None outside 3–17)."""
    return next((b for b in AGE_BANDS if age in b), None)


class GroupProblem(StrEnum):
    MIXED_BANDS = "mixed_bands"
    OUTSIDE_BANDS = "outside_bands"
    OUTSIDE_GROUP_BAND = "outside_group_band"
    TOO_LARGE = "too_large"
    LABOUR_SUBGROUP_TOO_LARGE = "labour_subgroup_too_large"


@dataclass(frozen=True)
class GroupMember:
    age: int
    skill: SkillLevel


@dataclass(frozen=True)
class GroupCheck:
    size: int
    max_size: int | None
    problems: tuple[GroupProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def band_by_code(code: str) -> AgeBand | None:
    """The age band written "3-5", "6-8", "9-13" or "14-17" (None for anything else)."""
    return next((b for b in AGE_BANDS if f"{b.low}-{b.high}" == code), None)


def group_check(members: Sequence[GroupMember], *, labour_subgroup: bool = False,
                band: AgeBand | None = None) -> GroupCheck:
    """A group is one age band and no larger than the limit of its least-skilled member (a group is as
    large as its neediest child allows); a labour-orientation subgroup holds at most 6. With the
    group's declared ``band``, a child of another age is flagged too."""
    problems: list[GroupProblem] = []
    bands = {band_of(m.age) for m in members}
    if None in bands:
        problems.append(GroupProblem.OUTSIDE_BANDS)
    if len(bands - {None}) > 1:
        problems.append(GroupProblem.MIXED_BANDS)
    if band is not None and any(m.age not in band for m in members):
        problems.append(GroupProblem.OUTSIDE_GROUP_BAND)
    max_size = min((int(m.skill) for m in members), default=None)
    if max_size is not None and len(members) > max_size:
        problems.append(GroupProblem.TOO_LARGE)
    if labour_subgroup and len(members) > LABOUR_SUBGROUP_SIZE:
        problems.append(GroupProblem.LABOUR_SUBGROUP_TOO_LARGE)
    return GroupCheck(len(members), max_size, tuple(problems))


@dataclass(frozen=True)
class LivingSpaceCheck:
    area_m2: Decimal
    persons: int
    required_m2: Decimal
    shortfall_m2: Decimal

    @property
    def ok(self) -> bool:
        return self.shortfall_m2 == 0


def living_space_check(area_m2: Decimal | int | float | str, *, family_members: int, wards: int,
                       per_person_m2: Decimal | int | float | str = LIVING_SPACE_PER_PERSON_M2) -> LivingSpaceCheck:
    """Total housing area against 15 m² per family member and per ward (001 App. 3 п. 6, 1))."""
    if family_members < 0 or wards < 0:
        raise ValueError("headcounts cannot be negative")
    area = Decimal(str(area_m2))
    persons = family_members + wards
    required = Decimal(str(per_person_m2)) * persons
    return LivingSpaceCheck(area, persons, required, max(Decimal(0), required - area))


# --- Foster families (seed 001 Appendix 3 п. 3, 5) ---------------------------------------------------

FOSTER_PROVIDERS = Source("001", "Appendix 3, п. 3")
FOSTER_GROUNDS = Source("001", "Appendix 3, п. 5")


class FosterKind(StrEnum):
    """Who provides the standard in a family (001 App. 3 п. 3): natural persons, not organisations."""

    GUARDIAN = "guardian"
    CUSTODIAN = "custodian"
    PATRONAGE_EDUCATOR = "patronage_educator"
    FOSTER_PARENT = "foster_parent"
    FAMILY_TYPE_HOME_EDUCATOR = "family_type_home_educator"


class FosterGround(StrEnum):
    """The ground of the placement (001 App. 3 п. 5): the local executive body's decision on guardianship
    or custody; the contract on transfer to patronage upbringing, a foster family or a family-type
    children's home; the resolution of the body conducting a criminal process (patronage only)."""

    LEB_DECISION = "leb_decision"
    CONTRACT = "contract"
    CRIMINAL_PROCESS_RESOLUTION = "criminal_process_resolution"


GROUNDS_BY_KIND: dict[FosterKind, frozenset[FosterGround]] = {
    FosterKind.GUARDIAN: frozenset({FosterGround.LEB_DECISION}),
    FosterKind.CUSTODIAN: frozenset({FosterGround.LEB_DECISION}),
    FosterKind.PATRONAGE_EDUCATOR: frozenset({FosterGround.CONTRACT, FosterGround.CRIMINAL_PROCESS_RESOLUTION}),
    FosterKind.FOSTER_PARENT: frozenset({FosterGround.CONTRACT}),
    FosterKind.FAMILY_TYPE_HOME_EDUCATOR: frozenset({FosterGround.CONTRACT}),
}


def ground_fits(kind: str, ground: str) -> bool:
    """Whether the ground is the one the rule names for this kind of carer (001 App. 3 п. 5)."""
    try:
        return FosterGround(ground) in GROUNDS_BY_KIND[FosterKind(kind)]
    except ValueError:
        return False
