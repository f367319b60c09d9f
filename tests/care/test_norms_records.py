"""Groups of children's psychoneurological institutions (age bands 3–5, 6–8, 9–13, 14–18; at most 6, 8,
10 or 12 children by skills; labour subgroups of 6 — seed 002 App. 1 п. 30, 5); App. 3 п. 28, 7)) and
foster families (carer, ground, 15 m² per family member and per ward — seed 001 App. 3 п. 3, 5, 6):
the head records a group and sees its violations flagged with the rule; the local executive body
officer records a family and sees a short living space flagged with the rule; pages and the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from rest_framework.test import APIClient

from qamqor.accounts.models import Role
from qamqor.care import selectors, services
from qamqor.care.domain import norms
from qamqor.care.models import CareGroup, CareGroupMember, FosterFamily
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction, AuditEvent
from tests.care.helpers import PSYCHONEURO, SEMI_STATIONARY, child, head, provider, specialist
from tests.factories import PersonFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.usefixtures("care_catalog")

ON = date(2026, 3, 10)


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def _writes() -> int:
    return AuditEvent.objects.exclude(action=AuditAction.VIEW).count()


def _born(age: int) -> date:
    return date(ON.year - age, 1, 15)


# --- Domain: the group's declared band and the foster grounds --------------------------------------------

@pytest.mark.parametrize(("ages", "band", "expected"), [
    ([3, 4, 5], "3-5", ()),
    ([6, 8], "3-5", (norms.GroupProblem.OUTSIDE_GROUP_BAND,)),
    ([5, 6], "6-8", (norms.GroupProblem.MIXED_BANDS, norms.GroupProblem.OUTSIDE_GROUP_BAND)),
    ([14, 17], "14-17", ()),
    ([18], "14-17", (norms.GroupProblem.OUTSIDE_BANDS, norms.GroupProblem.OUTSIDE_GROUP_BAND)),
])
def test_a_group_is_checked_against_its_declared_band(ages, band, expected) -> None:
    members = [norms.GroupMember(a, norms.SkillLevel.MANUAL_WORK) for a in ages]
    assert norms.group_check(members, band=norms.band_by_code(band)).problems == expected


@pytest.mark.parametrize(("kind", "ground", "fits"), [
    ("guardian", "leb_decision", True),
    ("custodian", "leb_decision", True),
    ("guardian", "contract", False),
    ("patronage_educator", "contract", True),
    ("patronage_educator", "criminal_process_resolution", True),
    ("foster_parent", "contract", True),
    ("foster_parent", "leb_decision", False),
    ("family_type_home_educator", "contract", True),
    ("family_type_home_educator", "criminal_process_resolution", False),
    ("uncle", "contract", False),
])
def test_each_kind_of_carer_has_the_ground_of_the_rule(kind, ground, fits) -> None:
    assert norms.ground_fits(kind, ground) is fits


# --- Groups: services ------------------------------------------------------------------------------------

def test_a_group_over_its_size_and_with_a_child_of_another_band_is_flagged_not_refused() -> None:
    at = provider(PSYCHONEURO)
    boss = head(at)
    group = services.group_create(actor=boss, provider=at, name="Солнышко", age_band="6-8", formed_on=ON)
    for age in (6, 7, 7, 8, 8, 6):
        services.group_member_add(actor=boss, group=group, person=child(at, _born(age)),
                                  skill=CareGroupMember.Skill.NO_SELF_CARE, joined_on=ON)
    state = selectors.group_state(selectors.group_get(actor=boss, uid=group.uid, on=ON), ON)
    assert (state.check.size, state.check.max_size, state.check.ok) == (6, 6, True)
    late = services.group_member_add(actor=boss, group=group, person=child(at, _born(10)),
                                     skill=CareGroupMember.Skill.MANUAL_WORK, joined_on=ON)
    state = selectors.group_state(selectors.group_get(actor=boss, uid=group.uid, on=ON), ON)
    assert state.check.size == 7
    assert set(state.check.problems) == {norms.GroupProblem.TOO_LARGE, norms.GroupProblem.MIXED_BANDS,
                                         norms.GroupProblem.OUTSIDE_GROUP_BAND}
    assert [r.in_band for r in state.members if r.member.pk == late.pk] == [False]
    assert state.source == norms.GROUPS
    services.group_member_remove(actor=boss, member=late, left_on=ON)
    next_day = date(2026, 3, 11)
    state = selectors.group_state(selectors.group_get(actor=boss, uid=group.uid, on=next_day), next_day)
    assert state.check.ok and state.check.size == 6


def test_a_labour_subgroup_holds_at_most_six() -> None:
    at = provider(SEMI_STATIONARY)
    boss = head(at)
    group = services.group_create(actor=boss, provider=at, name="Шеберхана", age_band="14-17", formed_on=ON,
                                  labour_subgroup=True)
    for _ in range(7):
        services.group_member_add(actor=boss, group=group, person=child(at, _born(15)),
                                  skill=CareGroupMember.Skill.MANUAL_WORK, joined_on=ON)
    state = selectors.group_state(selectors.group_get(actor=boss, uid=group.uid, on=ON), ON)
    assert state.check.problems == (norms.GroupProblem.LABOUR_SUBGROUP_TOO_LARGE,)


def test_groups_are_refused_to_other_institutions_roles_and_providers() -> None:
    special = provider()  # special-regime organisation: no age-band groups in its rule
    with pytest.raises(DomainError) as refused:
        services.group_create(actor=head(special), provider=special, name="A", age_band="9-13", formed_on=ON)
    assert refused.value.code == "group_not_this_type" and refused.value.source == norms.GROUPS
    at = provider(PSYCHONEURO)
    with pytest.raises(PermissionRefused):
        services.group_create(actor=specialist(at), provider=at, name="A", age_band="9-13", formed_on=ON)
    with pytest.raises(NotFound):
        services.group_create(actor=head(provider(PSYCHONEURO)), provider=at, name="A", age_band="9-13",
                              formed_on=ON)
    group = services.group_create(actor=head(at), provider=at, name="A", age_band="9-13", formed_on=ON)
    with pytest.raises(DomainError) as duplicate:
        services.group_create(actor=head(at), provider=at, name="A", age_band="3-5", formed_on=ON)
    assert duplicate.value.code == "duplicate"
    person = child(at, _born(10))
    services.group_member_add(actor=head(at), group=group, person=person, skill=8, joined_on=ON)
    with pytest.raises(DomainError):
        services.group_member_add(actor=head(at), group=group, person=person, skill=8, joined_on=ON)
    assert CareGroup.objects.count() == 1 and CareGroupMember.objects.count() == 1


# --- Groups: page and API ------------------------------------------------------------------------------------

def test_the_head_forms_a_group_and_sees_its_flags_on_the_page(client) -> None:
    at = provider(PSYCHONEURO)
    boss = head(at)
    client.force_login(boss)
    assert "group-form" in client.get("/en/care/groups/").content.decode()
    response = client.post("/en/care/groups/", {"name": "Ромашка", "age_band": "3-5", "formed_on": "2026-03-01"})
    assert response.status_code == 302
    group = CareGroup.objects.get(name="Ромашка")
    assert response["Location"].endswith(f"/care/groups/{group.uid}/")
    young, old = child(at, date(2022, 1, 1)), child(at, date(2016, 1, 1))
    for person in (young, old):
        assert client.post(f"/en/care/groups/{group.uid}/members/", {
            "person_iin": person.iin, "skill": "8", "joined_on": "2026-03-02"}).status_code == 302
    html = unescape(client.get(f"/en/care/groups/{group.uid}/").content.decode())
    assert "a child's age is outside the group's age band" in html
    assert "002, Appendix 1, п. 30, 5)" in html
    assert "norm broken" in client.get("/en/care/groups/").content.decode()
    member = CareGroupMember.objects.get(person=old)
    assert client.post(f"/en/care/groups/{group.uid}/members/{member.uid}/remove/", {
        f"m-{member.uid}-left_on": "2026-03-03"}).status_code == 302
    member.refresh_from_db()
    assert member.left_on == date(2026, 3, 3)
    assert "The group is within the norm." in client.get(f"/en/care/groups/{group.uid}/").content.decode()


def test_a_specialist_reads_groups_but_gets_no_form(client) -> None:
    at = provider(PSYCHONEURO)
    group = services.group_create(actor=head(at), provider=at, name="A", age_band="9-13", formed_on=ON)
    client.force_login(specialist(at))
    assert "group-form" not in client.get("/en/care/groups/").content.decode()
    assert "member-form" not in client.get(f"/en/care/groups/{group.uid}/").content.decode()
    assert client.post("/en/care/groups/", {"name": "B", "age_band": "3-5", "formed_on": "2026-03-01"}
                       ).status_code == 403
    client.force_login(head(provider(PSYCHONEURO)))
    assert client.get(f"/en/care/groups/{group.uid}/").status_code == 404


def test_groups_through_the_api() -> None:
    at = provider(PSYCHONEURO)
    boss = head(at)
    created = api(boss).post("/api/v1/care/groups/", {"provider": str(at.uid), "name": "G1", "age_band": "9-13",
                                                      "formed_on": "2026-03-01"}, format="json")
    assert created.status_code == 201, created.data
    uid = created.data["uid"]
    person = child(at, date(2013, 1, 1))
    added = api(boss).post(f"/api/v1/care/groups/{uid}/members/", {
        "person": str(person.uid), "skill": 6, "joined_on": "2026-03-02"}, format="json")
    assert added.status_code == 201, added.data
    assert added.data["size"] == 1 and added.data["max_size"] == 6 and added.data["problems"] == []
    assert added.data["members"][0]["in_band"] is True
    member = added.data["members"][0]["uid"]
    rows = api(specialist(at)).get("/api/v1/care/groups/").data
    assert [r["name"] for r in rows] == ["G1"]
    assert api(specialist(at)).post("/api/v1/care/groups/", {"provider": str(at.uid), "name": "G2",
                                                             "age_band": "3-5", "formed_on": "2026-03-01"},
                                    format="json").status_code == 403
    removed = api(boss).post(f"/api/v1/care/groups/{uid}/members/{member}/remove/", {"left_on": "2026-03-01"},
                             format="json")
    assert removed.status_code == 400  # before joining
    removed = api(boss).post(f"/api/v1/care/groups/{uid}/members/{member}/remove/", {"left_on": "2026-03-05"},
                             format="json")
    assert removed.status_code == 200, removed.data
    assert api(head(provider(PSYCHONEURO))).get(f"/api/v1/care/groups/{uid}/").status_code == 404


# --- Foster families ---------------------------------------------------------------------------------------

def _officer(region=None):
    return UserFactory(role=Role.LEB_OFFICER, region=region or RegionFactory())


def _family(officer, **kwargs) -> FosterFamily:
    carer = kwargs.pop("carer", None) or PersonFactory(region=officer.region, born=date(1980, 1, 1))
    data = {"kind": "guardian", "ground": "leb_decision", "ground_number": "15-п", "ground_date": date(2026, 2, 1),
            "living_area_m2": Decimal("60"), "family_members": 3, "wards": 1}
    data.update(kwargs)
    return services.foster_family_record(actor=officer, region=officer.region, carer=carer, **data)


def test_the_living_space_is_checked_per_family_member_and_per_ward() -> None:
    officer = _officer()
    family = _family(officer, living_area_m2=Decimal("60"), family_members=3, wards=1)
    state = selectors.foster_family_state(family, ON)
    assert (state.check.persons, state.check.required_m2, state.check.ok) == (4, Decimal(60), True)
    assert state.rule.value == 15  # 001 App. 3 п. 6, 1), kept as a Qamqor default after the act's repeal
    family = services.foster_family_update(actor=officer, family=family, data={"wards": 2})
    state = selectors.foster_family_state(family, ON)
    assert (state.check.required_m2, state.check.shortfall_m2, state.check.ok) == (Decimal(75), Decimal(15), False)


def test_a_ground_that_is_not_the_kinds_is_refused_citing_the_rule() -> None:
    officer = _officer()
    before = _writes()
    with pytest.raises(DomainError) as refused:
        _family(officer, kind="foster_parent", ground="leb_decision")
    assert refused.value.code == "ground_not_for_kind" and refused.value.field == "ground"
    assert refused.value.source == norms.FOSTER_GROUNDS
    with pytest.raises(DomainError):
        _family(officer, wards=0)
    assert not FosterFamily.objects.exists() and _writes() == before
    patronage = _family(officer, kind="patronage_educator", ground="criminal_process_resolution")
    assert patronage.get_ground_display().startswith("resolution")


def test_only_the_officer_of_the_region_records_a_family() -> None:
    officer = _officer()
    carer = PersonFactory(region=officer.region, born=date(1980, 1, 1))
    with pytest.raises(NotFound):
        services.foster_family_record(actor=_officer(), region=officer.region, carer=carer, kind="guardian",
                                      ground="leb_decision", ground_number="1", ground_date=ON,
                                      living_area_m2=50, family_members=2, wards=1)
    at = provider()
    with pytest.raises(PermissionRefused):
        services.foster_family_record(actor=head(at), region=at.region, carer=carer, kind="guardian",
                                      ground="leb_decision", ground_number="1", ground_date=ON,
                                      living_area_m2=50, family_members=2, wards=1)
    family = _family(officer, carer=carer)
    assert list(selectors.foster_family_list(actor=_officer())) == []
    inspector = UserFactory(role=Role.INSPECTOR, region=officer.region)
    assert list(selectors.foster_family_list(actor=inspector)) == [family]
    assert list(selectors.foster_family_list(actor=head(at))) == []


def test_the_officer_records_a_family_on_the_page_and_sees_the_shortfall(client) -> None:
    officer = _officer()
    carer = PersonFactory(region=officer.region, born=date(1980, 1, 1))
    client.force_login(officer)
    assert "family-form" in client.get("/en/care/foster-families/").content.decode()
    response = client.post("/en/care/foster-families/", {
        "person_iin": carer.iin, "kind": "foster_parent", "ground": "contract", "ground_number": "Д-7",
        "ground_date": "2026-02-01", "ground_issued_by": "Guardianship department", "region": officer.region.code,
        "address": "Астана, Мәңгілік Ел 8", "living_area_m2": "40", "family_members": "2", "wards": "1"})
    assert response.status_code == 302
    family = FosterFamily.objects.get(carer=carer)
    html = client.get(f"/en/care/foster-families/{family.uid}/").content.decode()
    assert "short of the norm by 5" in html and "001, Appendix 3, п. 6, 1)" in html
    assert "short by 5" in client.get("/en/care/foster-families/").content.decode()
    assert client.post(f"/en/care/foster-families/{family.uid}/", {
        "living_area_m2": "48", "family_members": "2", "wards": "1"}).status_code == 302
    assert "The housing area meets the norm." in client.get(
        f"/en/care/foster-families/{family.uid}/").content.decode()
    # a ground that is not the kind's: shown beside the field with the rule, nothing written
    before = _writes()
    refused = client.post("/en/care/foster-families/", {
        "person_iin": carer.iin, "kind": "guardian", "ground": "contract", "ground_number": "Д-8",
        "ground_date": "2026-02-01", "region": officer.region.code, "living_area_m2": "40",
        "family_members": "2", "wards": "1"})
    assert refused.status_code == 400
    assert 'id="id_ground_error"' in refused.content.decode() and "001, Appendix 3, п. 5" in refused.content.decode()
    assert _writes() == before


def test_a_provider_specialist_gets_no_family_form(client) -> None:
    at = provider()
    client.force_login(specialist(at))
    page = client.get("/en/care/foster-families/")
    assert page.status_code == 200 and "family-form" not in page.content.decode()
    assert client.post("/en/care/foster-families/", {"kind": "guardian"}).status_code == 403


def test_foster_families_through_the_api() -> None:
    officer = _officer()
    carer = PersonFactory(region=officer.region, born=date(1980, 1, 1))
    body = {"region": officer.region.code, "carer": str(carer.uid), "kind": "custodian", "ground": "leb_decision",
            "ground_number": "77", "ground_date": "2026-02-01", "living_area_m2": "44.50", "family_members": 2,
            "wards": 1}
    created = api(officer).post("/api/v1/care/foster-families/", body, format="json")
    assert created.status_code == 201, created.data
    assert created.data["required_m2"] == "45.00"
    assert created.data["shortfall_m2"] == "0.50" and created.data["living_space_ok"] is False
    assert created.data["living_space_rule"].startswith("001")
    assert created.data["per_person_m2"] == "15.00" and created.data["per_person_is_default"] is True
    uid = created.data["uid"]
    changed = api(officer).patch(f"/api/v1/care/foster-families/{uid}/", {"living_area_m2": "45"}, format="json")
    assert changed.status_code == 200, changed.data
    assert changed.data["living_space_ok"] is True
    assert api(officer).post("/api/v1/care/foster-families/", {**body, "ground": "contract"},
                             format="json").status_code == 400
    assert api(_officer()).get(f"/api/v1/care/foster-families/{uid}/").status_code == 404
    assert api(head(provider())).post("/api/v1/care/foster-families/", body, format="json").status_code == 403
    assert [r["uid"] for r in api(officer).get("/api/v1/care/foster-families/").data] == [uid]
