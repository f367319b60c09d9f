"""Which criteria and which checklist apply to a controlled subject (seed 004, App. 1 p. 4 and the
"subject" of each Appendix 1 row and checklist).

The denominators of the risk formula (SP1, SN1) are the numbers of significant and minor criteria that
apply to the subject: those of its own kind or setting, plus those its checklist links to (e.g. the
checklist of local executive bodies, Appendix 2, item 3 checks criterion 5)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qamqor.control.domain.choices import SubjectKind

# Appendix-1 "subject" codes (rules RiskCriterion.subject_setting and Checklist.subject_code).
LEA = "lea"
GENERAL = "general"
STATIONARY_SEMI = "stationary_semi"
HOME = "home"
TEMPORARY = "temporary"
ACCESSIBILITY = "accessibility"
REHABILITATION = "rehabilitation"

_PROVIDER_SETTING_CODE = {
    "stationary": STATIONARY_SEMI,
    "semi_stationary": STATIONARY_SEMI,
    "home_care": HOME,
    "temporary_stay": TEMPORARY,
}


def criterion_settings_for(kind: str, setting: str = "") -> frozenset[str]:
    """The Appendix-1 subject codes whose rows apply to a subject of this kind (and setting)."""
    if kind == SubjectKind.PROVIDER:
        own = _PROVIDER_SETTING_CODE.get(setting)
        return frozenset({GENERAL, own}) if own else frozenset({GENERAL})
    if kind == SubjectKind.LEB:
        return frozenset({LEA})
    if kind == SubjectKind.ACCESSIBILITY:
        return frozenset({ACCESSIBILITY})
    if kind == SubjectKind.REHABILITATION:
        return frozenset({REHABILITATION})
    return frozenset()


def checklist_code_for(kind: str, setting: str = "") -> str | None:
    """The checklist (its ``subject_code``) used to inspect a subject of this kind and setting; None for a
    provider setting no checklist covers (e.g. foster family)."""
    if kind == SubjectKind.PROVIDER:
        return _PROVIDER_SETTING_CODE.get(setting)
    return {SubjectKind.LEB.value: LEA, SubjectKind.ACCESSIBILITY.value: ACCESSIBILITY,
            SubjectKind.REHABILITATION.value: REHABILITATION}.get(str(kind))


@dataclass(frozen=True)
class CriterionRow:
    number: int
    severity: str
    subject_setting: str
    source_group: int = 1


def applicable_criteria(criteria: Iterable[CriterionRow], kind: str, setting: str = "",
                        checklist_criteria: Iterable[int] = ()) -> list[CriterionRow]:
    """The criteria that apply to the subject, by number."""
    codes = criterion_settings_for(kind, setting)
    linked = set(checklist_criteria)
    return sorted((c for c in criteria if c.subject_setting in codes or c.number in linked),
                  key=lambda c: c.number)
