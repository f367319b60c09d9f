"""Rules of a stay (no database): the ground each institution type admits on (seed 000 p. 5, seed 001
App. 1-2 p. 4, seed 002), documents that may follow admission, a child's leave, transfers between regions,
and the flag for transfer at 18."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.journal.domain import stays as St
from qamqor.journal.domain.lifecycle import JournalSetting, RuleRefusal

ST = JournalSetting.STATIONARY
ON = date(2026, 3, 1)


def facts(kind: str, **kwargs) -> St.GroundFacts:
    base = {"issued_on": date(2026, 2, 1), "same_person": True, "provider_matches": True, "setting_matches": True}
    return St.GroundFacts(kind=kind, **{**base, **kwargs})


@pytest.mark.parametrize(("code", "sector", "setting", "kind", "allowed", "document"), [
    ("special_regime_org", "education", ST, "court_act", True, "000"),
    ("special_regime_org", "education", ST, "leb_decision", False, "000"),
    ("childrens_home", "education", ST, "guardianship_referral", True, "001"),
    ("specialised_education_org", "education", ST, "criminal_procedure", True, "001"),
    ("adult_stationary", "social_protection", ST, "leb_decision", True, "002"),
    ("adult_stationary", "social_protection", ST, "court_act", False, "002"),
    (None, "social_protection", JournalSetting.TEMPORARY_STAY, "court_act", True, "QAMQOR"),
])
def test_grounds_by_institution_type(code, sector, setting, kind, allowed, document):
    kinds, source = St.allowed_grounds(institution_code=code, sector=sector, setting=setting)
    assert (kind in kinds) is allowed
    assert source.document == document


@pytest.mark.parametrize(("ground", "code"), [
    (None, "ground_required"),
    (facts("court_act", same_person=False), "ground_other_person"),
    (facts("leb_decision"), "ground_kind"),
    (facts("court_act", provider_matches=False), "ground_other_provider"),
    (facts("court_act", issued_on=date(2026, 3, 2)), "ground_after_admission"),
])
def test_a_special_regime_organisation_admits_on_a_court_decision(ground, code):
    with pytest.raises(RuleRefusal) as exc:
        St.check_ground(ground, institution_code="special_regime_org", sector="education", setting=ST, admitted_on=ON)
    assert exc.value.code == code and exc.value.source.document == "000"
    St.check_ground(facts("court_act"), institution_code="special_regime_org", sector="education", setting=ST,
                    admitted_on=ON)


def test_missing_documents_only_where_the_rules_allow_and_with_a_request():
    St.check_missing_documents(institution_code="special_regime_org", missing_may_follow=[True, True],
                               requested_from="Police department, school No. 5")
    St.check_missing_documents(institution_code="adult_stationary", missing_may_follow=[], requested_from="")
    for code, may, requested, refusal in [("special_regime_org", [True, False], "x", "documents_required"),
                                          ("adult_stationary", [True], "x", "documents_required"),
                                          ("special_regime_org", [True], " ", "documents_request_required")]:
        with pytest.raises(RuleRefusal) as exc:
            St.check_missing_documents(institution_code=code, missing_may_follow=may, requested_from=requested)
        assert exc.value.code == refusal and exc.value.source.paragraph == "p. 5"


@pytest.mark.parametrize(("birth", "age_max", "due"), [
    (date(2008, 3, 1), 18, True),      # 18th birthday on the day
    (date(2008, 3, 2), 18, False),     # the day before
    (date(2000, 1, 1), None, False),   # an adult institution
])
def test_adult_transfer_flag_at_18_in_a_childrens_institution(birth, age_max, due):
    assert St.needs_adult_transfer(birth, ON, age_max) is due


def test_a_childs_leave_needs_the_parents_application_and_the_doctors_conclusion():
    St.check_child_leave(children_institution=True, parent_application="app 3", doctor_conclusion="concl 4")
    St.check_child_leave(children_institution=False, parent_application="", doctor_conclusion="")
    with pytest.raises(RuleRefusal) as exc:
        St.check_child_leave(children_institution=True, parent_application="app 3", doctor_conclusion="")
    assert exc.value.source.paragraph == "Rule A p. 34"


AGREEMENT = St.TransferAgreement("Almaty region department", "12", date(2026, 2, 20),
                                 "Abai region department", "7", date(2026, 2, 25))


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"destination_region": 2, "agreement": None}, "transfer_agreement_required"),
    ({"destination_region": 2, "agreement": St.TransferAgreement("", "12", ON, "b", "7", ON)},
     "transfer_agreement_required"),
    ({"destination_region": 2, "agreement": AGREEMENT, "on": date(2026, 2, 24)}, "transfer_agreement_late"),
    ({"same_provider": True}, "transfer_same_provider"),
    ({"destination_serves_setting": False}, "transfer_other_setting"),
    ({"destination_region": None}, "transfer_destination_required"),
])
def test_transfer_rules(kwargs, code):
    base = {"same_provider": False, "destination_serves_setting": True, "origin_region": 1, "destination_region": 1,
            "agreement": None, "on": ON}
    with pytest.raises(RuleRefusal) as exc:
        St.check_transfer(**{**base, **kwargs})
    assert exc.value.code == code


def test_a_transfer_between_regions_with_both_agreements_passes():
    St.check_transfer(same_provider=False, destination_serves_setting=True, origin_region=1, destination_region=2,
                      agreement=AGREEMENT, on=ON)
    St.check_transfer(same_provider=False, destination_serves_setting=None, origin_region=1, destination_region=1,
                      agreement=None, on=ON)


def test_temporary_stay_registration_card():
    St.check_temporary_stay_registration(JournalSetting.TEMPORARY_STAY, card_number="TK-1", examined=True)
    St.check_temporary_stay_registration(ST, card_number="", examined=False)
    with pytest.raises(RuleRefusal) as exc:
        St.check_temporary_stay_registration(JournalSetting.TEMPORARY_STAY, card_number="TK-1", examined=False)
    assert exc.value.source.paragraph == "Rules 379 p. 35, 1)"
