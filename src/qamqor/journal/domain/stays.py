"""Rules of a stay: the ground an institution type admits on, documents that may follow admission,
temporary leave of a child, transfers between regions, and the transfer of an adult from a children's
institution."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from qamqor.core.domain import Source, age_on
from qamqor.journal.domain import sources as S
from qamqor.journal.domain.lifecycle import JournalSetting, RuleRefusal


class GroundKind(StrEnum):
    """The kinds of ground for services (the values of registry.Ground.Kind)."""

    LEB_DECISION = "leb_decision"
    GUARDIANSHIP_REFERRAL = "guardianship_referral"
    COURT_ACT = "court_act"
    CRIMINAL_PROCEDURE = "criminal_procedure"
    REPRESENTATIVE_APPLICATION = "representative_application"
    MEDICAL_PETITION = "medical_petition"


G = GroundKind
SPECIAL_REGIME_CODES = frozenset({"special_regime_org", "special_regime", "special_regime_education"})
"""Institution-type codes of education organisations with a special regime of detention (seed 000)."""


def is_special_regime(institution_code: str | None) -> bool:
    """Whether the institution type is a special-regime education organisation (seed 000)."""
    return bool(institution_code) and (institution_code in SPECIAL_REGIME_CODES
                                       or "special_regime" in (institution_code or ""))


def allowed_grounds(*, institution_code: str | None, sector: str, setting: JournalSetting
                    ) -> tuple[frozenset[GroundKind], Source]:
    """The grounds an organisation admits on, with their source:
    special-regime education organisation — a court decision only (seed 000 p. 5);
    education sector — LEB decision, guardianship referral, court act, criminal-procedure resolution,
    and the application of the person who brought the child (centres) (seed 001 App. 1 p. 4, App. 2 p. 4);
    temporary stay — any recorded ground (the sources name none, A-14);
    social protection — the LEB decision on special social services (budget places) or the
    representative's application under a contract (private places) (seed 002 Rule A p. 6-9, B p. 12,
    C p. 6-9)."""
    if is_special_regime(institution_code):
        return frozenset({G.COURT_ACT}), S.SPECIAL_REGIME_COURT
    if sector == "education":
        return frozenset({G.LEB_DECISION, G.GUARDIANSHIP_REFERRAL, G.COURT_ACT, G.CRIMINAL_PROCEDURE,
                          G.REPRESENTATIVE_APPLICATION}), S.EDUCATION_GROUNDS
    if setting == JournalSetting.TEMPORARY_STAY:
        return frozenset(GroundKind), S.TEMPORARY_STAY_GROUNDS
    return frozenset({G.LEB_DECISION, G.REPRESENTATIVE_APPLICATION}), S.SOCIAL_GROUNDS


@dataclass(frozen=True)
class GroundFacts:
    """What admission needs to know about the ground presented."""

    kind: str
    issued_on: date
    same_person: bool
    provider_matches: bool
    setting_matches: bool


def check_ground(ground: GroundFacts | None, *, institution_code: str | None, sector: str,
                 setting: JournalSetting, admitted_on: date) -> None:
    """Admission needs a ground of a kind the institution type admits on, for this person, not made
    out for another provider or setting, and dated no later than the admission."""
    kinds, source = allowed_grounds(institution_code=institution_code, sector=sector, setting=setting)
    if ground is None:
        raise RuleRefusal("ground_required", source)
    if not ground.same_person:
        raise RuleRefusal("ground_other_person", source)
    if ground.kind not in kinds:
        raise RuleRefusal("ground_kind", source, kind=ground.kind)
    if not ground.provider_matches or not ground.setting_matches:
        raise RuleRefusal("ground_other_provider", source)
    if ground.issued_on > admitted_on:
        raise RuleRefusal("ground_after_admission", source, on=ground.issued_on.isoformat())


def check_missing_documents(*, institution_code: str | None, missing_may_follow: Collection[bool],
                            requested_from: str) -> None:
    """Documents may be missing at admission only where the rules allow it (seed 000 p. 5: documents
    2)-5) of a special-regime organisation), and then the request to the competent bodies is recorded."""
    if not missing_may_follow:
        return
    if not is_special_regime(institution_code) or not all(missing_may_follow):
        raise RuleRefusal("documents_required", S.SPECIAL_REGIME_COURT)
    if not requested_from.strip():
        raise RuleRefusal("documents_request_required", S.SPECIAL_REGIME_COURT)


def check_temporary_stay_registration(setting: JournalSetting, *, card_number: str, examined: bool) -> None:
    """A temporary-stay organisation registers a person in the journal only after the medical examination,
    sanitary treatment and disinfection of clothes and belongings, with the registration card (App. 9)
    filled in (seed 003, Rules 379 p. 35, 1))."""
    if setting == JournalSetting.TEMPORARY_STAY and (not card_number.strip() or not examined):
        raise RuleRefusal("temporary_stay_card", S.TEMPORARY_STAY_CARD)


def is_children_institution(age_max: int | None) -> bool:
    """An institution type that serves people only while younger than 18 (or younger)."""
    return age_max is not None and age_max <= 18


def needs_adult_transfer(birth_date: date, on: date, institution_age_max: int | None) -> bool:
    """A person aged 18 or over in a children's institution is due for discharge or transfer to an adult
    institution (seed 002 Rule A p. 36; extraction A-1: flag on the 18th birthday)."""
    return is_children_institution(institution_age_max) and age_on(birth_date, on) >= 18


def check_child_leave(*, children_institution: bool, parent_application: str, doctor_conclusion: str) -> None:
    """A child's temporary leave needs the parent's (representative's) application and the institution
    doctor's conclusion that leave is possible (seed 002 Rule A p. 34)."""
    if children_institution and (not parent_application.strip() or not doctor_conclusion.strip()):
        raise RuleRefusal("leave_child_documents", S.TEMPORARY_LEAVE)


@dataclass(frozen=True)
class TransferAgreement:
    """The agreement of the authorised bodies of both regions to a transfer between regions."""

    origin_body: str
    origin_number: str
    origin_date: date
    destination_body: str
    destination_number: str
    destination_date: date

    def complete(self) -> bool:
        return all(s.strip() for s in (self.origin_body, self.origin_number, self.destination_body,
                                       self.destination_number))


def check_transfer(*, same_provider: bool, destination_serves_setting: bool | None, origin_region: int,
                   destination_region: int | None, agreement: TransferAgreement | None, on: date) -> None:
    """A transfer goes to another organisation of the same type (seed 003: "to another stationary-type
    organisation"); between regions only with the recorded agreement of both regions' authorised
    bodies, dated no later than the transfer (seed 002 Rule A p. 38)."""
    if same_provider:
        raise RuleRefusal("transfer_same_provider", S.JOURNAL_STATIONARY)
    if destination_serves_setting is False:
        raise RuleRefusal("transfer_other_setting", S.JOURNAL_STATIONARY)
    if destination_region is None:
        raise RuleRefusal("transfer_destination_required", S.JOURNAL_STATIONARY)
    if destination_region != origin_region:
        if agreement is None or not agreement.complete():
            raise RuleRefusal("transfer_agreement_required", S.INTERREGIONAL_TRANSFER)
        if agreement.origin_date > on or agreement.destination_date > on:
            raise RuleRefusal("transfer_agreement_late", S.INTERREGIONAL_TRANSFER)
