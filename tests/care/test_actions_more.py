"""Further care actions on pages and in the API: a home-care contract extended and terminated, and an
admission dossier closed. Each records through its service (read back through the selectors); a refused
call (wrong role, another provider, a rule) changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from qamqor.care import selectors, services
from qamqor.core.models import AuditAction, AuditEvent
from tests.care.helpers import HOME_CARE, child, head, parent_of, provider, specialist

pytestmark = pytest.mark.usefixtures("care_catalog")

TERMS = ["services", "assigned_worker", "termination", "responsibilities", "term"]


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def _writes() -> int:
    return AuditEvent.objects.exclude(action=AuditAction.VIEW).count()


def _contract(at):
    person = child(at, date(2020, 5, 1))
    boss = head(at)
    contract = services.contract_conclude(
        actor=boss, person=person, provider=at, representation=parent_of(person), setting="home_care",
        funding="guaranteed", number="7", signed_on=date(2026, 3, 1), valid_from=date(2026, 3, 1),
        valid_until=date(2026, 12, 31), terms=TERMS)
    return boss, contract


def _read(actor, contract):
    return selectors.contract_list(actor=actor).get(pk=contract.pk)


# --- Contract: page ------------------------------------------------------------------------------------

def test_the_head_extends_and_terminates_a_contract_on_its_page(client) -> None:
    at = provider(HOME_CARE)
    boss, contract = _contract(at)
    client.force_login(boss)
    page = client.get(f"/en/care/contracts/{contract.uid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "extend-form" in html and "terminate-form" in html
    response = client.post(f"/en/care/contracts/{contract.uid}/extend/", {
        "agreed_on": "2026-11-20", "new_until": "2027-06-30", "basis": "parents' request"})
    assert response.status_code == 302
    assert _read(boss, contract).valid_until == date(2027, 6, 30)
    assert "30.06.2027" in client.get(f"/en/care/contracts/{contract.uid}/").content.decode()
    response = client.post(f"/en/care/contracts/{contract.uid}/terminate/", {
        "terminated_on": "2027-01-15", "reason": "moved to another region"})
    assert response.status_code == 302
    row = _read(boss, contract)
    assert row.terminated_on == date(2027, 1, 15)
    assert row.termination_reason == "moved to another region"
    assert "terminate-form" not in client.get(f"/en/care/contracts/{contract.uid}/").content.decode()


def test_an_extension_not_later_is_shown_beside_its_field_and_changes_nothing(client) -> None:
    at = provider(HOME_CARE)
    boss, contract = _contract(at)
    client.force_login(boss)
    before = _writes()
    response = client.post(f"/en/care/contracts/{contract.uid}/extend/", {
        "agreed_on": "2026-11-20", "new_until": "2026-10-01"})
    assert response.status_code == 400
    assert 'id="id_new_until_error"' in response.content.decode()
    assert _read(boss, contract).valid_until == date(2026, 12, 31)
    assert _writes() == before


@pytest.mark.parametrize(("who", "status"), [("specialist", 403), ("head_elsewhere", 404)])
def test_only_the_head_of_that_provider_may_terminate_a_contract(client, who, status) -> None:
    at = provider(HOME_CARE)
    boss, contract = _contract(at)
    actor = specialist(at) if who == "specialist" else head(provider(HOME_CARE))
    client.force_login(actor)
    if who == "specialist":
        assert "terminate-form" not in client.get(f"/en/care/contracts/{contract.uid}/").content.decode()
    response = client.post(f"/en/care/contracts/{contract.uid}/terminate/", {
        "terminated_on": "2026-06-01", "reason": "x"})
    assert response.status_code == status
    assert _read(boss, contract).terminated_on is None


# --- Contract: API -------------------------------------------------------------------------------------

def test_a_contract_is_extended_and_terminated_through_the_api() -> None:
    at = provider(HOME_CARE)
    boss, contract = _contract(at)
    response = api(boss).post(f"/api/v1/care/contracts/{contract.uid}/extend/", {
        "agreed_on": "2026-11-20", "new_until": "2027-03-31"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["valid_until"] == "2027-03-31"
    assert _read(boss, contract).extensions.get().previous_until == date(2026, 12, 31)
    response = api(boss).post(f"/api/v1/care/contracts/{contract.uid}/terminate/", {
        "terminated_on": "2026-12-01", "reason": "parent's application"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["terminated_on"] == "2026-12-01"
    assert _read(boss, contract).terminated_on == date(2026, 12, 1)


def test_refused_contract_calls_through_the_api_change_nothing() -> None:
    at = provider(HOME_CARE)
    boss, contract = _contract(at)
    before = _writes()
    assert api(specialist(at)).post(f"/api/v1/care/contracts/{contract.uid}/extend/", {
        "agreed_on": "2026-11-20", "new_until": "2027-03-31"}, format="json").status_code == 403
    assert api(head(provider(HOME_CARE))).post(f"/api/v1/care/contracts/{contract.uid}/terminate/", {
        "terminated_on": "2026-12-01", "reason": "x"}, format="json").status_code == 404
    response = api(boss).post(f"/api/v1/care/contracts/{contract.uid}/terminate/", {
        "terminated_on": "2028-01-01", "reason": "x"}, format="json")
    assert response.status_code == 400
    assert "terminated_on" in str(response.data)
    row = _read(boss, contract)
    assert row.terminated_on is None and row.valid_until == date(2026, 12, 31)
    assert _writes() == before


# --- Dossier: close (API) ------------------------------------------------------------------------------

def _dossier(at):
    staff = specialist(at)
    dossier = services.dossier_open(actor=staff, person=child(at, date(2013, 9, 1)), provider=at, funding="budget",
                                    opened_on=date(2026, 3, 2))
    return staff, dossier


def test_a_dossier_is_closed_through_the_api() -> None:
    at = provider()
    staff, dossier = _dossier(at)
    response = api(staff).post(f"/api/v1/care/dossiers/{dossier.uid}/close/", {"closed_on": "2026-09-01"},
                               format="json")
    assert response.status_code == 200, response.data
    assert response.data["closed_on"] == "2026-09-01"
    assert selectors.dossier_get(actor=staff, uid=dossier.uid).closed_on == date(2026, 9, 1)


def test_a_refused_dossier_close_changes_nothing() -> None:
    at = provider()
    staff, dossier = _dossier(at)
    before = _writes()
    assert api(specialist(provider())).post(f"/api/v1/care/dossiers/{dossier.uid}/close/",
                                            {"closed_on": "2026-09-01"}, format="json").status_code == 404
    response = api(staff).post(f"/api/v1/care/dossiers/{dossier.uid}/close/", {"closed_on": "2026-01-01"},
                               format="json")
    assert response.status_code == 400
    assert "closed_on" in str(response.data)
    assert selectors.dossier_get(actor=staff, uid=dossier.uid).closed_on is None
    assert _writes() == before


# --- Act of inspection of living conditions ---------------------------------------------------------------

ACT = {"number": "A-1", "inspected_on": "2026-03-03", "housing": "rented", "has_children_room": "on",
       "household": "mother, grandmother"}


def test_an_act_of_inspection_is_recorded_on_the_persons_page(client) -> None:
    at = provider(HOME_CARE)
    staff = specialist(at)
    person = child(at, date(2020, 5, 1))
    client.force_login(staff)
    url = f"/en/care/persons/{person.uid}/living-conditions/"
    assert "act-form" in client.get(url).content.decode()
    assert client.post(url, ACT).status_code == 302
    act = selectors.living_conditions_act_list(actor=staff, person=person).get()
    assert (act.number, act.housing, act.has_children_room, act.inspector) == ("A-1", "rented", True, staff)
    assert "rented housing" in client.get(url).content.decode()
    before = _writes()
    response = client.post(url, {**ACT, "inspected_on": "2026-03-04"})  # the same number again
    assert response.status_code == 400
    assert "already has an act with this number" in response.content.decode()
    assert selectors.living_conditions_act_list(actor=staff, person=person).count() == 1
    assert _writes() == before


def test_another_providers_staff_cannot_record_an_act_on_the_page(client) -> None:
    at = provider(HOME_CARE)
    person = child(at, date(2020, 5, 1))
    client.force_login(specialist(provider(HOME_CARE)))
    url = f"/en/care/persons/{person.uid}/living-conditions/"
    assert client.get(url).status_code == 404
    assert client.post(url, ACT).status_code == 404
    assert not selectors.living_conditions_act_list(actor=specialist(at), person=person).exists()


def test_an_act_of_inspection_is_recorded_through_the_api() -> None:
    at = provider(HOME_CARE)
    staff = specialist(at)
    person = child(at, date(2020, 5, 1))
    response = api(staff).post("/api/v1/care/living-conditions-acts/", {
        "person": str(person.uid), "provider": str(at.uid), "number": "A-2", "inspected_on": "2026-03-03",
        "housing": "own"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["housing"] == "own"
    assert selectors.living_conditions_act_list(actor=staff, person=person).get().number == "A-2"
    listed = api(staff).get("/api/v1/care/living-conditions-acts/", {"person": str(person.uid)}).data
    assert [row["number"] for row in listed] == ["A-2"]


def test_a_refused_act_through_the_api_changes_nothing() -> None:
    at = provider(HOME_CARE)
    staff = specialist(at)
    person = child(at, date(2020, 5, 1))
    before = _writes()
    other = provider(HOME_CARE)
    response = api(specialist(other)).post("/api/v1/care/living-conditions-acts/", {
        "person": str(person.uid), "provider": str(other.uid), "number": "A-3", "inspected_on": "2026-03-03",
        "housing": "own"}, format="json")
    assert response.status_code in (400, 404)
    response = api(staff).post("/api/v1/care/living-conditions-acts/", {
        "person": str(person.uid), "provider": str(other.uid), "number": "A-3", "inspected_on": "2026-03-03",
        "housing": "own"}, format="json")
    assert response.status_code in (400, 404)
    assert not selectors.living_conditions_act_list(actor=staff, person=person).exists()
    assert _writes() == before


# --- Caseload (API) ------------------------------------------------------------------------------------

def test_the_head_assigns_a_child_to_a_worker_and_ends_it_through_the_api() -> None:
    at = provider(HOME_CARE)
    boss, worker = head(at), specialist(at)
    person = child(at, date(2020, 5, 1))
    response = api(boss).post("/api/v1/care/caseload/", {
        "worker": worker.username, "person": str(person.uid), "start_on": "2026-03-01"}, format="json")
    assert response.status_code == 201, response.data
    [row] = selectors.caseload_list(actor=boss, provider=at, on=date(2026, 4, 1))
    assert (row.worker, row.children) == (worker, [person])
    response = api(boss).post(f"/api/v1/care/caseload/{response.data['uid']}/end/", {"end_on": "2026-05-01"},
                              format="json")
    assert response.status_code == 200, response.data
    assert response.data["end_on"] == "2026-05-01"
    assert selectors.caseload_list(actor=boss, provider=at, on=date(2026, 6, 1)) == []


def test_refused_caseload_calls_change_nothing() -> None:
    at = provider(HOME_CARE)
    boss, worker = head(at), specialist(at)
    person = child(at, date(2020, 5, 1))
    body = {"worker": worker.username, "person": str(person.uid), "start_on": "2026-03-01"}
    before = _writes()
    assert api(worker).post("/api/v1/care/caseload/", body, format="json").status_code == 403
    assert api(head(provider(HOME_CARE))).post("/api/v1/care/caseload/", body, format="json").status_code == 400
    assert selectors.caseload_list(actor=boss, provider=at, on=date(2026, 4, 1)) == []
    assert _writes() == before
    uid = api(boss).post("/api/v1/care/caseload/", body, format="json").data["uid"]
    before = _writes()
    response = api(boss).post(f"/api/v1/care/caseload/{uid}/end/", {"end_on": "2026-02-01"}, format="json")
    assert response.status_code == 400
    assert "end_on" in str(response.data)
    assert api(head(provider(HOME_CARE))).post(f"/api/v1/care/caseload/{uid}/end/", {"end_on": "2026-05-01"},
                                               format="json").status_code == 404
    assert len(selectors.caseload_list(actor=boss, provider=at, on=date(2026, 6, 1))) == 1
    assert _writes() == before


# --- Exit documents (API) --------------------------------------------------------------------------------

def test_an_exit_document_is_handed_over_through_the_api_and_a_repeat_changes_nothing() -> None:
    at = provider()
    staff, dossier = _dossier(at)
    url = f"/api/v1/care/dossiers/{dossier.uid}/exit-documents/"
    body = {"document": "special_regime_org.02", "issued_on": "2026-06-01"}
    assert api(specialist(provider())).post(url, body, format="json").status_code == 404
    response = api(staff).post(url, body, format="json")
    assert response.status_code == 201, response.data
    rows = selectors.exit_document_list(actor=staff, dossier=dossier, on=date(2026, 6, 1)).rows
    issued = {row.document.code: row.issued for row in rows}
    assert issued["special_regime_org.02"].issued_on == date(2026, 6, 1)
    before = _writes()
    assert api(staff).post(url, {**body, "issued_on": "2026-06-02"}, format="json").status_code == 400
    assert _writes() == before


# --- Monthly journal of home-care services (page) ---------------------------------------------------------

def test_the_monthly_journal_lists_the_services_provided_at_home_that_month(client) -> None:
    at = provider(HOME_CARE)
    staff = specialist(at)
    person = child(at, date(2020, 5, 1))
    for on, text, home in ((date(2026, 4, 3), "massage at home", True), (date(2026, 4, 4), "session at the centre", False),
                           (date(2026, 5, 10), "next month's visit", True)):
        services.service_delivery_record(actor=staff, person=person, provider=at, specialist=staff, delivered_on=on,
                                         description=text, at_home=home, recipient_remark="good" if home else "")
    client.force_login(staff)
    page = client.get(f"/en/care/persons/{person.uid}/home-care-journal/2026/4/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "massage at home" in html and "03.04" in html
    assert "session at the centre" not in html and "next month's visit" not in html
    client.force_login(specialist(provider(HOME_CARE)))
    assert client.get(f"/en/care/persons/{person.uid}/home-care-journal/2026/4/").status_code == 404
