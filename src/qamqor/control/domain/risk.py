"""The risk-degree indicator of a controlled subject and its degree.

Seed 004 refers to the method of the Rules for forming the risk-assessment system but does not state
it; Qamqor applies the standard method, every number of it a dated parameter (``risk_gross_score``,
``risk_weight_significant``, ``risk_weight_minor``, ``risk_threshold_medium``, ``risk_threshold_high``):

* one gross violation sets the indicator to the gross score (100);
* otherwise SC = SP + SN, SP = (SP2 × 100 / SP1) × weight_significant, SN = (SN2 × 100 / SN1) × weight_minor,
  where SP1/SN1 are the significant/minor criteria that apply to the subject and SP2/SN2 those violated;
  a severity with no applicable criteria contributes 0 (never a division by zero);
* degree: high above the high threshold (71–100), medium above the medium threshold (31–70), else low
  (0–30). The indicator is rounded to two decimals before it is classified, so what is shown decides."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from qamqor.control.domain.applicability import CriterionRow
from qamqor.control.domain.choices import Degree

GROSS = "gross"
SIGNIFICANT = "significant"
MINOR = "minor"
TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RiskMethod:
    """The parameters of the method as of a date (each from parameters.json)."""

    gross_score: Decimal = Decimal(100)
    weight_significant: Decimal = Decimal("0.7")
    weight_minor: Decimal = Decimal("0.3")
    threshold_medium: Decimal = Decimal(30)
    threshold_high: Decimal = Decimal(70)

    @classmethod
    def of(cls, values: dict[str, Any]) -> RiskMethod:
        """From raw parameter values (JSON numbers) keyed by field name."""
        return cls(**{k: Decimal(str(v)) for k, v in values.items()})

    def as_dict(self) -> dict[str, str]:
        return {k: str(getattr(self, k)) for k in
                ("gross_score", "weight_significant", "weight_minor", "threshold_medium", "threshold_high")}


@dataclass(frozen=True)
class Violation:
    """A finding as the formula sees it."""

    finding_id: int | None
    criterion: int | None
    severity: str


@dataclass(frozen=True)
class ScoreResult:
    score: Decimal
    degree: Degree
    gross_override: bool
    sp1: int
    sp2: int
    sn1: int
    sn2: int
    sp: Decimal
    sn: Decimal
    gross_criteria: tuple[int, ...] = ()
    significant_criteria: tuple[int, ...] = ()
    minor_criteria: tuple[int, ...] = ()
    not_counted: tuple[int | None, ...] = field(default=())  # finding ids outside the applicable criteria

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": str(self.score), "degree": str(self.degree), "gross_override": self.gross_override,
            "sp1": self.sp1, "sp2": self.sp2, "sn1": self.sn1, "sn2": self.sn2,
            "sp": str(self.sp), "sn": str(self.sn),
            "gross_criteria": list(self.gross_criteria), "significant_criteria": list(self.significant_criteria),
            "minor_criteria": list(self.minor_criteria), "not_counted_findings": list(self.not_counted),
        }


def degree_of(score: Decimal, method: RiskMethod) -> Degree:
    """High above the high threshold, medium above the medium one, low otherwise (bounds inclusive as
    71–100 / 31–70 / 0–30 for whole numbers)."""
    if score > method.threshold_high:
        return Degree.HIGH
    if score > method.threshold_medium:
        return Degree.MEDIUM
    return Degree.LOW


def _part(violated: int, total: int, weight: Decimal) -> Decimal:
    if total <= 0:
        return Decimal(0)
    return Decimal(violated) * HUNDRED / Decimal(total) * weight


def risk_score(applicable: Iterable[CriterionRow], violations: Iterable[Violation],
               method: RiskMethod, *, requirements: Iterable[CriterionRow] | None = None) -> ScoreResult:
    """The indicator for a subject from the criteria that apply to it and its active findings.

    SP1 and SN1 count the significant and minor ``requirements`` that apply to the subject (the criteria its
    checklist verifies, as in risk_method.md §7.2; the ``applicable`` criteria when not given). SP2 and SN2
    count the distinct ``applicable`` criteria violated (which may come from any information source),
    at most SP1 and SN1, so that a part never exceeds its weight.

    A criterion counts once however many findings name it. A gross finding overrides whether or not its
    criterion is in the applicable set (a gross violation is gross wherever it was found). Significant or
    minor findings outside the applicable set are listed as not counted."""
    applicable = list(applicable)
    by_number = {c.number: c for c in applicable}
    basis = applicable if requirements is None else list(requirements)
    sp1 = len({c.number for c in basis if c.severity == SIGNIFICANT})
    sn1 = len({c.number for c in basis if c.severity == MINOR})
    gross: set[int] = set()
    significant: set[int] = set()
    minor: set[int] = set()
    not_counted: list[int | None] = []
    gross_without_criterion = False
    for v in violations:
        if v.severity == GROSS:
            if v.criterion is None:
                gross_without_criterion = True
            else:
                gross.add(v.criterion)
            continue
        row = by_number.get(v.criterion) if v.criterion is not None else None
        if row is None or v.severity not in (SIGNIFICANT, MINOR):
            not_counted.append(v.finding_id)
            continue
        (significant if v.severity == SIGNIFICANT else minor).add(v.criterion)
    sp2, sn2 = min(len(significant), sp1), min(len(minor), sn1)
    sp = _part(sp2, sp1, method.weight_significant)
    sn = _part(sn2, sn1, method.weight_minor)
    override = bool(gross) or gross_without_criterion
    raw = method.gross_score if override else sp + sn
    score = min(max(raw, Decimal(0)), HUNDRED).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return ScoreResult(
        score=score, degree=degree_of(score, method), gross_override=override,
        sp1=sp1, sp2=sp2, sn1=sn1, sn2=sn2,
        sp=sp.quantize(TWO_PLACES, rounding=ROUND_HALF_UP), sn=sn.quantize(TWO_PLACES, rounding=ROUND_HALF_UP),
        gross_criteria=tuple(sorted(gross)), significant_criteria=tuple(sorted(significant)),
        minor_criteria=tuple(sorted(minor)), not_counted=tuple(not_counted))
