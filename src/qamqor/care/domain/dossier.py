"""The admission dossier: required documents and their state, contraindications, age limits.

Each institution type has its own list of admission documents (seed 000 п. 5: 6 documents for a
special-regime organisation; seed 002 Appendix 1 п. 8–9: 11 for a budget-funded and 7 for a paid place
in a children's psychoneurological institution; Appendix 2 п. 12: 10 for home care; Appendix 3
п. 8–9: 11 and 7 for semi-stationary care); the lists are catalog rows (``rules.AdmissionDocument``)
carrying their own source. Seed 000 п. 5 lets the organisation admit a minor whose documents 2)–5)
are missing and request them from the competent bodies; a document marked "if any" may be not
applicable. A contraindication of the institution type blocks admission (seed 000 п. 5; seed 002
Appendix 1 п. 2, Appendix 2 п. 4, Appendix 3 п. 2); so does an age outside the type's limits
(seed 000 п. 1: 11 to 18; seed 002 Appendix 1 п. 2 and Appendix 3 п. 2: 3 to 18)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from qamqor.core.domain import Source

MISSING_DOCUMENTS = Source("000", "п. 5 (documents 2)–5) may be requested after admission)")
CONTRAINDICATIONS = Source("002", "Appendix 1, п. 2; Appendix 2, п. 4; Appendix 3, п. 2; 000 п. 5")
AGE_LIMITS = Source("002", "Appendix 1, п. 2; Appendix 3, п. 2; 000 п. 1")
EXIT_DOCUMENTS = Source("000", "п. 6; 002 Appendix 1, п. 40–41")


class DocumentState(StrEnum):
    PENDING = "pending"
    RECEIVED = "received"
    REQUESTED = "requested"
    NOT_APPLICABLE = "not_applicable"


# A document is missing until it is received (or found not applicable, for "if any" documents).
MISSING_STATES = frozenset({DocumentState.PENDING, DocumentState.REQUESTED})


def state_allowed(state: str, *, if_any: bool) -> bool:
    """Only a document the catalog marks "if any" (ол болған жағдайда) can be not applicable."""
    return state != DocumentState.NOT_APPLICABLE or if_any


def is_missing(state: str) -> bool:
    return state in MISSING_STATES


class RefusalCode(StrEnum):
    CONTRAINDICATION = "contraindication"
    TOO_YOUNG = "too_young"
    TOO_OLD = "too_old"
    DOCUMENT_MISSING = "document_missing"


@dataclass(frozen=True)
class Refusal:
    """Why admission is refused: a code, the values the message needs, and the rule."""

    code: RefusalCode
    source: Source
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentFact:
    code: str
    name: str
    state: str
    may_be_missing_at_admission: bool
    source: Source


@dataclass(frozen=True)
class ContraindicationFact:
    code: str
    name: str
    source: Source


@dataclass(frozen=True)
class AdmissionFacts:
    """What the admission rule needs, loaded by a selector ("fetch, then compute")."""

    age: int
    age_min: int | None
    age_max: int | None
    age_source: Source
    contraindications: Sequence[ContraindicationFact] = ()
    documents: Sequence[DocumentFact] = ()


def admission_refusals(facts: AdmissionFacts) -> list[Refusal]:
    """Every reason the person cannot be admitted: each active contraindication; an age below the
    minimum or at/over the limit ("from 3 to 18" serves while younger than 18); each missing document
    the catalog does not allow to be requested after admission. Empty: admission may proceed."""
    refusals = [Refusal(RefusalCode.CONTRAINDICATION, c.source, {"name": c.name, "code": c.code})
                for c in facts.contraindications]
    if facts.age_min is not None and facts.age < facts.age_min:
        refusals.append(Refusal(RefusalCode.TOO_YOUNG, facts.age_source, {"age": facts.age, "min": facts.age_min}))
    if facts.age_max is not None and facts.age >= facts.age_max:
        refusals.append(Refusal(RefusalCode.TOO_OLD, facts.age_source, {"age": facts.age, "max": facts.age_max}))
    refusals.extend(
        Refusal(RefusalCode.DOCUMENT_MISSING, d.source, {"name": d.name, "code": d.code})
        for d in facts.documents if is_missing(d.state) and not d.may_be_missing_at_admission
    )
    return refusals
