"""The care actions that had no page or no endpoint: a home-care contract concluded, a child put on and
taken off a care worker's caseload, an admission dossier opened and closed with its exit documents
handed over, a plan opened and a draft item removed. Each works from its page and from the API, is
refused to a role without the permission, and a refusal changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from qamqor.care import selectors, services
from qamqor.care.models import AdmissionDossier, CareAssignment, IndividualWorkPlan, PlanItem, ServiceContract
from qamqor.core.models import AuditAction, AuditEvent
from tests.care.helpers import (
    HOME_CARE,
    PSYCHONEURO,
    approved_plan,
    child,
    head,
    parent_of,
    provider,
    specialist,
    written_plan,
)

pytestmark = pytest.mark.usefixtures("care_catalog")

TERMS = ["services", "assigned_worker", "termination", "responsibilities", "term"]


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def _writes() -> int:
    return AuditEvent.objects.exclude(action=AuditAction.VIEW).count()


# --- Contract concluded ---------------------------------------------------------------------------------

def _contract_post(representation, **extra):
    data = {"representation": representation.pk, "number": "12", "setting": "home_care", "funding": "guaranteed",
            "signed_on": "2026-03-01", "valid_from": "2026-03-01", "valid_until": "2026-12-31", "terms": TERMS,
            "services": "massage twice a week", "copies": "2", "copy_given_to_parent": "on"}
    data.update(extra)
    return data


def test_the_head_concludes_a_contract_on_the_persons_page(client) -> None:
    at = provider(HOME_CARE)
    boss = head(at)
    person = child(at, date(2020, 5, 1))
    representation = parent_of(person)
    client.force_login(boss)
    page = client.get(f"/en/persons/{person.uid}/").content.decode()
    assert f"/en/care/persons/{person.uid}/contract/" in page
    form = client.get(f"/en/care/persons/{person.uid}/contract/")
    assert form.status_code == 200 and "Conclude the contract" in form.content.decode()
    response = client.post(f"/en/care/persons/{person.uid}/contract/", _contract_post(representation))
    assert response.status_code == 302
    contract = ServiceContract.objects.get(person=person)
    assert response["Location"].endswith(f"/care/contracts/{contract.uid}/")
    assert (contract.number, contract.valid_until, contract.copy_given_to_parent) == ("12", date(2026, 12, 31), True)
    assert sorted(contract.terms) == sorted(TERMS)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(contract.uid), actor=boss).exists()


def test_a_contract_lacking_mandatory_content_is_refused_beside_its_field_citing_the_rule(client) -> None:
    at = provider(HOME_CARE)
    person = child(at, date(2020, 5, 1))
    client.force_login(head(at))
    before = _writes()
    response = client.post(f"/en/care/persons/{person.uid}/contract/",
                           _contract_post(parent_of(person), terms=["services", "term"]))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_terms_error"' in html and "002, Appendix 2, п. 9" in html
    assert not ServiceContract.objects.exists()
    assert _writes() == before


def test_a_specialist_gets_no_contract_form(client) -> None:
    at = provider(HOME_CARE)
    person = child(at, date(2020, 5, 1))
    client.force_login(specialist(at))
    assert f"/care/persons/{person.uid}/contract/" not in client.get(f"/en/persons/{person.uid}/").content.decode()
    assert client.get(f"/en/care/persons/{person.uid}/contract/").status_code == 403
    assert client.post(f"/en/care/persons/{person.uid}/contract/",
                       _contract_post(parent_of(person))).status_code == 403
    assert not ServiceContract.objects.exists()


def test_the_head_concludes_a_contract_through_the_api() -> None:
    at = provider(HOME_CARE)
    boss = head(at)
    worker = specialist(at)
    person = child(at, date(2020, 5, 1))
    representation = parent_of(person)
    body = {"person": str(person.uid), "provider": str(at.uid), "representation": str(representation.uid),
            "setting": "home_care", "funding": "guaranteed", "number": "A-1", "signed_on": "2026-03-01",
            "valid_from": "2026-03-01", "valid_until": "2026-12-31", "terms": TERMS,
            "assigned_worker": worker.username}
    response = api(boss).post("/api/v1/care/contracts/", body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["number"] == "A-1" and response.data["missing_terms"] == []
    contract = ServiceContract.objects.get(uid=response.data["uid"])
    assert contract.assigned_worker == worker
    # the same number again is refused; a specialist may not conclude at all
    assert api(boss).post("/api/v1/care/contracts/", body, format="json").status_code == 400
    assert api(worker).post("/api/v1/care/contracts/", {**body, "number": "A-2"}, format="json").status_code == 403
    incomplete = api(boss).post("/api/v1/care/contracts/", {**body, "number": "A-3", "terms": ["services"]},
                                format="json")
    assert incomplete.status_code == 400
    assert ServiceContract.objects.count() == 1


# --- Caseload --------------------------------------------------------------------------------------------

def test_the_head_assigns_and_ends_a_caseload_on_its_page_with_the_flag(client) -> None:
    at = provider(HOME_CARE)
    boss, worker = head(at), specialist(at)
    person = child(at, date(2020, 5, 1))
    client.force_login(boss)
    page = client.get("/en/care/caseload/").content.decode()
    assert "assign-form" in page
    response = client.post("/en/care/caseload/", {"person_iin": person.iin, "worker": worker.pk,
                                                   "start_on": "2026-01-10"})
    assert response.status_code == 302
    assignment = CareAssignment.objects.get(person=person)
    page = client.get("/en/care/caseload/").content.decode()
    assert person.full_name in page and "fewer than the norm" in page  # one child: under 4
    # the same child again: refused beside its field, nothing written
    before = _writes()
    again = client.post("/en/care/caseload/", {"person_iin": person.iin, "worker": worker.pk,
                                               "start_on": "2026-01-11"})
    assert again.status_code == 400 and _writes() == before
    response = client.post(f"/en/care/caseload/{assignment.uid}/end/",
                           {f"end-{assignment.uid}-end_on": "2026-02-01"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_on == date(2026, 2, 1)


def test_a_specialist_sees_the_caseload_but_cannot_assign(client) -> None:
    at = provider(HOME_CARE)
    worker = specialist(at)
    person = child(at, date(2020, 5, 1))
    client.force_login(worker)
    page = client.get("/en/care/caseload/")
    assert page.status_code == 200 and "assign-form" not in page.content.decode()
    assert client.post("/en/care/caseload/", {"person_iin": person.iin, "worker": worker.pk,
                                              "start_on": "2026-01-10"}).status_code == 403
    assert not CareAssignment.objects.exists()


def test_the_caseload_and_visit_flags_are_read_through_the_api() -> None:
    at = provider(HOME_CARE)
    boss, worker = head(at), specialist(at)
    children = [child(at, date(2020, 5, 1)) for _ in range(7)]
    for person in children:
        services.caseload_assign(actor=boss, worker=worker, person=person, start_on=date(2026, 3, 2))
    rows = api(worker).get("/api/v1/care/caseload/", {"on": "2026-03-10"}).data
    assert [(r["worker"], r["count"], r["flag"], r["minimum"], r["maximum"]) for r in rows] == [
        (worker.username, 7, "over", 4, 6)]
    services.service_delivery_record(actor=worker, person=children[0], provider=at, delivered_on=date(2026, 3, 3),
                                     description="home visit", at_home=True)
    visits = api(worker).get("/api/v1/care/visits/", {"date_from": "2026-03-02", "date_to": "2026-03-08"}).data
    first = next(r for r in visits if r["person"]["uid"] == str(children[0].uid))
    assert first["weeks"] == [{"week": "2026-03-02", "visits": 1, "enough": False}]
    assert first["short_weeks"] == first["weeks"]


# --- Dossier opened, closed, exit documents handed over ---------------------------------------------------

def test_a_dossier_is_opened_from_the_persons_page_and_through_the_api(client) -> None:
    at = provider()
    staff = specialist(at)
    person = child(at, date(2013, 9, 1))
    client.force_login(staff)
    assert f"/en/care/persons/{person.uid}/dossier/" in client.get(f"/en/persons/{person.uid}/").content.decode()
    response = client.post(f"/en/care/persons/{person.uid}/dossier/", {"funding": "budget",
                                                                        "opened_on": "2026-03-02"})
    assert response.status_code == 302
    dossier = AdmissionDossier.objects.get(person=person)
    assert dossier.documents.count() == 6  # the special-regime organisation's list
    # a second open dossier at the same provider is refused, beside the form, nothing written
    before = _writes()
    again = client.post(f"/en/care/persons/{person.uid}/dossier/", {"funding": "budget", "opened_on": "2026-03-03"})
    assert again.status_code == 400 and _writes() == before
    other = child(at, date(2012, 1, 1))
    created = api(staff).post("/api/v1/care/dossiers/", {"person": str(other.uid), "provider": str(at.uid),
                                                         "funding": "budget", "opened_on": "2026-03-02"},
                              format="json")
    assert created.status_code == 201, created.data
    assert len(created.data["documents"]) == 6
    listed = api(staff).get("/api/v1/care/dossiers/", {"open_only": "true"}).data
    assert {r["person"]["uid"] for r in listed} == {str(person.uid), str(other.uid)}


def test_exit_documents_are_handed_over_and_the_dossier_closed_on_its_page(client) -> None:
    at = provider()
    staff = specialist(at)
    person = child(at, date(2013, 9, 1))
    dossier = services.dossier_open(actor=staff, person=person, provider=at, funding="budget",
                                    opened_on=date(2026, 3, 2))
    client.force_login(staff)
    page = client.get(f"/en/care/dossiers/{dossier.uid}/").content.decode()
    assert "close-form" in page
    rows = selectors.exit_document_list(actor=staff, dossier=dossier, on=date(2026, 3, 2)).rows
    assert rows
    code = rows[0].document.code
    assert f"/en/care/dossiers/{dossier.uid}/exit-documents/{code}/" in page
    response = client.post(f"/en/care/dossiers/{dossier.uid}/exit-documents/{code}/",
                           {f"x-{code}-issued_on": "2026-06-01", f"x-{code}-note": "by hand"})
    assert response.status_code == 302
    issued = dossier.exit_documents.get()
    assert (issued.document.code, issued.issued_on, issued.note) == (code, date(2026, 6, 1), "by hand")
    assert "issued on 01.06.2026" in client.get(f"/en/care/dossiers/{dossier.uid}/").content.decode()
    # closing before the dossier was opened is refused beside its field
    before = _writes()
    refused = client.post(f"/en/care/dossiers/{dossier.uid}/close/", {"closed_on": "2026-01-01"})
    assert refused.status_code == 400 and 'id="id_closed_on_error"' in refused.content.decode()
    assert _writes() == before
    assert client.post(f"/en/care/dossiers/{dossier.uid}/close/", {"closed_on": "2026-06-01"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.closed_on == date(2026, 6, 1)
    assert "close-form" not in client.get(f"/en/care/dossiers/{dossier.uid}/").content.decode()


def test_another_providers_staff_cannot_close_or_hand_over(client) -> None:
    at = provider()
    dossier = services.dossier_open(actor=specialist(at), person=child(at), provider=at, funding="budget",
                                    opened_on=date(2026, 3, 2))
    client.force_login(specialist(provider()))
    assert client.post(f"/en/care/dossiers/{dossier.uid}/close/", {"closed_on": "2026-06-01"}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.closed_on is None


# --- Plan opened, draft item removed ----------------------------------------------------------------------

def test_a_plan_is_opened_from_the_persons_page_with_its_deadlines(client) -> None:
    at = provider()
    staff = specialist(at)
    person = child(at)
    client.force_login(staff)
    assert f"/en/care/persons/{person.uid}/plan/" in client.get(f"/en/persons/{person.uid}/").content.decode()
    response = client.post(f"/en/care/persons/{person.uid}/plan/", {"basis_date": "2026-03-05",
                                                                     "coordinator": staff.pk})
    assert response.status_code == 302
    plan = IndividualWorkPlan.objects.get(person=person)
    assert response["Location"].endswith(f"/care/plans/{plan.uid}/")
    assert (plan.due_on, plan.standard, plan.coordinator) == (date(2026, 3, 19), "000", staff)
    before = _writes()
    again = client.post(f"/en/care/persons/{person.uid}/plan/", {"basis_date": "2026-03-06"})
    assert again.status_code == 400 and _writes() == before


def test_a_plan_at_a_provider_without_a_catalog_standard_is_opened_with_a_named_standard(client) -> None:
    at = provider(PSYCHONEURO)
    person = child(at)
    client.force_login(specialist(at))
    refused = client.post(f"/en/care/persons/{person.uid}/plan/", {"basis_date": "2026-03-05"})
    assert refused.status_code == 400
    assert not IndividualWorkPlan.objects.exists()
    response = client.post(f"/en/care/persons/{person.uid}/plan/", {"basis_date": "2026-03-05",
                                                                     "standard": "001-app1"})
    assert response.status_code == 302
    assert IndividualWorkPlan.objects.get(person=person).standard == "001-app1"


def test_a_draft_item_is_removed_on_the_plan_page_but_not_from_an_approved_plan(client) -> None:
    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at, n_items=2)
    item = plan.items.first()
    client.force_login(staff)
    page = client.get(f"/en/care/plans/{plan.uid}/").content.decode()
    assert f"/en/care/plans/{plan.uid}/items/{item.uid}/remove/" in page
    assert client.post(f"/en/care/plans/{plan.uid}/items/{item.uid}/remove/").status_code == 302
    assert plan.items.count() == 1 and not PlanItem.objects.filter(pk=item.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE).exists()
    approved = approved_plan(child(at), at)
    kept = approved.items.first()
    assert "/remove/" not in client.get(f"/en/care/plans/{approved.uid}/").content.decode()
    before = _writes()
    assert client.post(f"/en/care/plans/{approved.uid}/items/{kept.uid}/remove/").status_code == 400
    assert PlanItem.objects.filter(pk=kept.pk).exists() and _writes() == before


def test_a_draft_item_is_removed_through_the_api() -> None:
    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at, n_items=2)
    item = plan.items.first()
    response = api(staff).delete(f"/api/v1/care/plans/{plan.uid}/items/{item.uid}/")
    assert response.status_code == 200, response.data
    assert len(response.data["items"]) == 1
    assert api(staff).delete(f"/api/v1/care/plans/{plan.uid}/items/{item.uid}/").status_code == 404
    assert api(specialist(provider())).delete(
        f"/api/v1/care/plans/{plan.uid}/items/{plan.items.first().uid}/").status_code == 404
    assert plan.items.count() == 1


def test_the_new_care_pages_pass_the_structural_accessibility_checks(client) -> None:
    from qamqor.accounts.models import Role
    from tests.factories import PersonFactory, UserFactory
    from tests.web.test_accessibility import problems

    at = provider(PSYCHONEURO)
    boss = head(at)
    person = child(at, date(2015, 1, 1))
    dossier = services.dossier_open(actor=boss, person=person, provider=at, funding="budget",
                                    opened_on=date(2026, 3, 2))
    group = services.group_create(actor=boss, provider=at, name="A", age_band="9-13", formed_on=date(2026, 3, 1))
    plan = services.plan_open(actor=boss, person=child(at), provider=at, basis_date=date(2026, 3, 5), standard="000")
    from qamqor.rules.models import Contraindication

    services.dossier_medical_conclusion_record(
        actor=boss, dossier=dossier, number="M", issued_on=date(2026, 3, 3), issued_by="P",
        contraindications=list(Contraindication.objects.filter(institution_type=at.institution_type)[:1]))
    home = provider(HOME_CARE)
    home_worker = specialist(home)
    visited = child(home, date(2020, 5, 1))
    services.service_delivery_record(actor=home_worker, person=visited, provider=home, delivered_on=date(2026, 3, 3),
                                     description="massage", at_home=True)
    services.group_member_add(actor=boss, group=group, person=person, skill=6, joined_on=date(2026, 3, 1))
    officer = UserFactory(role=Role.LEB_OFFICER, region=at.region)
    carer = PersonFactory(region=at.region, born=date(1980, 1, 1))
    family = services.foster_family_record(actor=officer, region=at.region, carer=carer, kind="guardian",
                                           ground="leb_decision", ground_number="1", ground_date=date(2026, 2, 1),
                                           living_area_m2=20, family_members=2, wards=1)
    failures = {}
    for actor, method, url, data in [
        (boss, "get", f"/en/care/persons/{person.uid}/contract/", None),
        (boss, "post", f"/en/care/persons/{person.uid}/contract/", {"number": ""}),
        (boss, "get", f"/en/care/persons/{person.uid}/dossier/", None),
        (boss, "get", f"/en/care/persons/{person.uid}/plan/", None),
        (boss, "post", f"/en/care/persons/{person.uid}/plan/", {"basis_date": "2026-03-05"}),
        (boss, "get", f"/en/care/dossiers/{dossier.uid}/", None),
        (boss, "post", f"/en/care/dossiers/{dossier.uid}/close/", {"closed_on": "2020-01-01"}),
        (boss, "get", f"/en/care/plans/{plan.uid}/", None),
        (boss, "post", f"/en/care/plans/{plan.uid}/close/", {"closed_on": "2000-01-01"}),
        (home_worker, "get", f"/en/care/persons/{visited.uid}/home-care-journal/2026/3/", None),
        (boss, "get", "/en/care/caseload/", None),
        (boss, "post", "/en/care/caseload/", {"person_iin": "1"}),
        (boss, "get", "/en/care/groups/", None),
        (boss, "post", "/en/care/groups/", {"name": ""}),
        (boss, "get", f"/en/care/groups/{group.uid}/", None),
        (boss, "post", f"/en/care/groups/{group.uid}/members/", {"person_iin": "1"}),
        (officer, "get", "/en/care/foster-families/", None),
        (officer, "post", "/en/care/foster-families/", {"person_iin": "1"}),
        (officer, "get", f"/en/care/foster-families/{family.uid}/", None),
        (officer, "post", f"/en/care/foster-families/{family.uid}/", {"wards": "0"}),
    ]:
        client.force_login(actor)
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code in (200, 400), url
        found = problems(response.content.decode())
        if found:
            failures[f"{method} {url}"] = found
    assert failures == {}


# --- Plan details, reopen, renew, close; contraindication resolved; the parent's remark -------------------

def test_the_plans_form_fields_are_written_on_the_page_and_print(client) -> None:
    import io

    from pypdf import PdfReader

    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at)
    client.force_login(staff)
    assert "header-form" in client.get(f"/en/care/plans/{plan.uid}/").content.decode()
    response = client.post(f"/en/care/plans/{plan.uid}/details/", {
        "diagnosis": "F71", "attendance": "daily", "coordinator": staff.pk, "implementation_summary": "",
        "review_date": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.diagnosis, plan.attendance, plan.coordinator) == ("F71", "daily", staff)
    pdf = client.get(f"/en/care/plans/{plan.uid}/print/")
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Diagnosis:F71" in text and "Frequencyanddurationofattendance:daily" in text
    # once approved only the summary and the review date remain: the header fields are not offered
    approved = approved_plan(child(at), at)
    html = client.get(f"/en/care/plans/{approved.uid}/").content.decode()
    assert "header-form" in html and 'name="diagnosis"' not in html
    assert client.post(f"/en/care/plans/{approved.uid}/details/", {
        "implementation_summary": "goals met", "review_date": "2027-03-01"}).status_code == 302
    approved.refresh_from_db()
    assert (approved.implementation_summary, approved.review_date) == ("goals met", date(2027, 3, 1))


def test_a_filled_plan_is_reopened_an_approved_one_renewed_and_closed_on_the_page(client) -> None:
    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at)
    services.plan_fill(actor=staff, plan=plan, filled_on=date(2026, 3, 18))
    client.force_login(staff)
    assert client.post(f"/en/care/plans/{plan.uid}/reopen/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft"
    approved = approved_plan(child(at), at)
    response = client.post(f"/en/care/plans/{approved.uid}/renew/")
    assert response.status_code == 302
    following = IndividualWorkPlan.objects.get(previous=approved)
    assert response["Location"].endswith(f"/care/plans/{following.uid}/")
    assert following.basis_date == approved.period_end
    before = _writes()
    assert client.post(f"/en/care/plans/{approved.uid}/renew/").status_code == 400  # already renewed
    assert _writes() == before
    assert client.post(f"/en/care/plans/{approved.uid}/close/", {"closed_on": "2027-03-20"}).status_code == 302
    approved.refresh_from_db()
    assert (approved.status, approved.closed_on) == ("closed", date(2027, 3, 20))


def test_plan_details_reopen_and_renew_through_the_api() -> None:
    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at)
    response = api(staff).post(f"/api/v1/care/plans/{plan.uid}/details/", {"diagnosis": "F72",
                                                                           "coordinator": staff.username},
                               format="json")
    assert response.status_code == 200, response.data
    plan.refresh_from_db()
    assert (plan.diagnosis, plan.coordinator) == ("F72", staff)
    services.plan_fill(actor=staff, plan=plan, filled_on=date(2026, 3, 18))
    assert api(staff).post(f"/api/v1/care/plans/{plan.uid}/reopen/").data["status"] == "draft"
    approved = approved_plan(child(at), at)
    renewed = api(staff).post(f"/api/v1/care/plans/{approved.uid}/renew/")
    assert renewed.status_code == 201, renewed.data
    assert renewed.data["basis_date"] == approved.period_end.isoformat()
    assert api(staff).post(f"/api/v1/care/plans/{approved.uid}/renew/").status_code == 400
    assert api(staff).post(f"/api/v1/care/plans/{approved.uid}/details/", {"diagnosis": "X"},
                           format="json").status_code == 400  # header frozen once approved


def test_a_contraindication_resolved_on_the_page_and_through_the_api_unblocks_admission(client) -> None:
    from qamqor.rules.models import Contraindication

    at = provider(PSYCHONEURO)
    staff = specialist(at)
    dossier = services.dossier_open(actor=staff, person=child(at, date(2013, 9, 1)), provider=at, funding="budget",
                                    opened_on=date(2026, 3, 2))
    codes = list(Contraindication.objects.filter(institution_type=at.institution_type).values_list("code",
                                                                                                  flat=True)[:2])
    services.dossier_medical_conclusion_record(actor=staff, dossier=dossier, number="M-1", issued_on=date(2026, 3, 3),
                                               issued_by="Polyclinic 4", contraindications=codes)
    first, second = dossier.contraindications.order_by("id")
    client.force_login(staff)
    assert f"/contraindications/{first.uid}/resolve/" in client.get(f"/en/care/dossiers/{dossier.uid}/").content.decode()
    before = _writes()
    refused = client.post(f"/en/care/dossiers/{dossier.uid}/contraindications/{first.uid}/resolve/",
                          {f"c-{first.uid}-resolved_on": "2026-03-01"})  # before it was found
    assert refused.status_code == 400 and _writes() == before
    assert client.post(f"/en/care/dossiers/{dossier.uid}/contraindications/{first.uid}/resolve/",
                       {f"c-{first.uid}-resolved_on": "2026-04-01"}).status_code == 302
    response = api(staff).post(f"/api/v1/care/dossiers/{dossier.uid}/contraindications/{second.uid}/resolve/",
                               {"resolved_on": "2026-04-02", "note": "new conclusion"}, format="json")
    assert response.status_code == 200, response.data
    assert not dossier.contraindications.filter(resolved_on__isnull=True).exists()
    assert not [r for r in selectors.admission_refusals(person=dossier.person, provider=at, on=date(2026, 4, 3))
                if r.code.startswith("contra")]


def test_the_parents_remark_is_written_in_the_monthly_journal_and_through_the_api(client) -> None:
    at = provider(HOME_CARE)
    worker = specialist(at)
    person = child(at, date(2020, 5, 1))
    visit = services.service_delivery_record(actor=worker, person=person, provider=at,
                                             delivered_on=date(2026, 3, 3), description="massage", at_home=True)
    client.force_login(worker)
    page = client.get(f"/en/care/persons/{person.uid}/home-care-journal/2026/3/").content.decode()
    assert f"/en/care/services/{visit.uid}/remark/" in page
    assert client.post(f"/en/care/services/{visit.uid}/remark/",
                       {f"r-{visit.uid}-recipient_remark": "on time"}).status_code == 302
    visit.refresh_from_db()
    assert visit.recipient_remark == "on time"
    response = api(worker).patch(f"/api/v1/care/services/{visit.uid}/", {"quantity": 2, "note": "long"},
                                 format="json")
    assert response.status_code == 200, response.data
    assert (response.data["quantity"], response.data["note"]) == (2, "long")
    assert api(specialist(provider(HOME_CARE))).patch(f"/api/v1/care/services/{visit.uid}/", {"quantity": 3},
                                                      format="json").status_code == 404
