"""The care API: plans (lists, read, each action), dossiers and services delivered; the permission
matrix (approval only by the head of that provider, another provider's records are a 404) and
refusals that cite the rule and change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from qamqor.care import services
from qamqor.care.models import DossierDocument, IndividualWorkPlan, ServiceDelivery
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.rules.models import ServiceItem
from tests.care.helpers import (
    approved_plan,
    child,
    head,
    items,
    parent_of,
    provider,
    specialist,
    written_plan,
)

pytestmark = pytest.mark.usefixtures("care_catalog")


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def _writes() -> int:
    return AuditEvent.objects.exclude(action=AuditAction.VIEW).count()


def test_a_plan_is_opened_written_filled_and_approved_through_the_api() -> None:
    at = provider()
    staff, boss = specialist(at), head(at)
    person = child(at)
    response = api(staff).post("/api/v1/care/plans/", {
        "person": str(person.uid), "provider": str(at.uid), "basis_date": "2026-03-05"}, format="json")
    assert response.status_code == 201, response.data
    uid = response.data["uid"]
    assert response.data["due_on"] == "2026-03-19"
    assert response.data["timing"]["late"] is True  # today is long after the deadlines
    for item in items(response.data["standard"], 2):
        added = api(staff).post(f"/api/v1/care/plans/{uid}/items/", {
            "service_item": item.code, "schedule": "weekly", "expected_result": "progress"}, format="json")
        assert added.status_code == 201, added.data
    assert api(staff).post(f"/api/v1/care/plans/{uid}/fill/", {"filled_on": "2026-03-18"},
                           format="json").status_code == 200
    approved = api(boss).post(f"/api/v1/care/plans/{uid}/approve/", {"approved_on": "2026-03-20"}, format="json")
    assert approved.status_code == 200, approved.data
    assert approved.data["status"] == "approved" and approved.data["version"] == 1
    assert len(approved.data["items"]) == 2
    assert {row["service_type"] for row in approved.data["coverage"]}
    versions = api(staff).get(f"/api/v1/care/plans/{uid}/versions/")
    assert [v["number"] for v in versions.data] == [1]


@pytest.mark.parametrize(("who", "expected"), [
    ("head", 200), ("specialist", 403), ("head_elsewhere", 404), ("inspector", 403),
])
def test_approval_only_by_the_head_of_that_provider(who, expected) -> None:
    from qamqor.accounts.models import Role
    from tests.factories import UserFactory

    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at)
    services.plan_fill(actor=staff, plan=plan, filled_on=date(2026, 3, 18))
    actor = {"head": lambda: head(at), "specialist": lambda: specialist(at),
             "head_elsewhere": lambda: head(provider()),
             "inspector": lambda: UserFactory(role=Role.INSPECTOR, region=at.region)}[who]()
    response = api(actor).post(f"/api/v1/care/plans/{plan.uid}/approve/", {"approved_on": "2026-03-20"},
                               format="json")
    assert response.status_code == expected
    plan.refresh_from_db()
    assert (plan.status == IndividualWorkPlan.Status.APPROVED) is (expected == 200)


def test_another_providers_plan_and_dossier_are_a_404() -> None:
    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at)
    dossier = services.dossier_open(actor=staff, person=child(at, date(2013, 9, 1)), provider=at, funding="budget",
                                    opened_on=date(2026, 3, 2))
    other = api(specialist(provider()))
    assert other.get(f"/api/v1/care/plans/{plan.uid}/").status_code == 404
    assert other.post(f"/api/v1/care/plans/{plan.uid}/items/", {}, format="json").status_code == 404
    assert other.get(f"/api/v1/care/dossiers/{dossier.uid}/").status_code == 404
    assert other.get("/api/v1/care/plans/").data == []
    assert str(plan.uid) in {row["uid"] for row in api(staff).get("/api/v1/care/plans/").data}
    assert str(plan.uid) in {row["plan"]["uid"] for row in api(staff).get("/api/v1/care/plans/late/").data}


def test_an_item_of_another_standard_is_refused_with_the_rule_and_nothing_changes() -> None:
    at = provider()
    staff = specialist(at)
    plan = services.plan_open(actor=staff, person=child(at), provider=at, basis_date=date(2026, 3, 5))
    other = ServiceItem.objects.exclude(standard=plan.standard).order_by("code").first()
    before = _writes()
    response = api(staff).post(f"/api/v1/care/plans/{plan.uid}/items/", {
        "service_item": other.code, "schedule": "weekly", "expected_result": "x"}, format="json")
    assert response.status_code == 400
    assert response.data["code"] == "item_outside_standard"
    assert response.data["source"]
    assert plan.items.count() == 0
    assert _writes() == before


def test_monitoring_correction_and_acknowledgement() -> None:
    at = provider()
    person = child(at)
    representation = parent_of(person)
    plan = approved_plan(person, at)
    staff = api(specialist(at))
    assert staff.post(f"/api/v1/care/plans/{plan.uid}/monitoring/", {
        "recorded_on": "2026-05-10", "results": "progress"}, format="json").status_code == 201
    acknowledged = staff.post(f"/api/v1/care/plans/{plan.uid}/acknowledge/", {
        "representation": str(representation.uid), "acknowledged_on": "2026-03-21"}, format="json")
    assert acknowledged.status_code == 200, acknowledged.data
    assert acknowledged.data["acknowledged_on"] == "2026-03-21"
    corrected = staff.post(f"/api/v1/care/plans/{plan.uid}/correct/", {"reason": "new needs"}, format="json")
    assert corrected.data["status"] == "correcting"
    refused = staff.post(f"/api/v1/care/plans/{plan.uid}/correct/", {"reason": "again"}, format="json")
    assert refused.status_code == 400


def test_dossier_document_states_and_missing_documents() -> None:
    at = provider()
    staff = specialist(at)
    dossier = services.dossier_open(actor=staff, person=child(at, date(2013, 9, 1)), provider=at, funding="budget",
                                    opened_on=date(2026, 3, 2))
    client = api(staff)
    read = client.get(f"/api/v1/care/dossiers/{dossier.uid}/")
    assert len(read.data["documents"]) == 6
    missing_before = len(client.get("/api/v1/care/dossiers/missing-documents/").data)
    response = client.post(f"/api/v1/care/dossiers/{dossier.uid}/documents/2/", {
        "state": "requested", "on": "2026-03-03", "requested_from": "District akimat"}, format="json")
    assert response.status_code == 200, response.data
    response = client.post(f"/api/v1/care/dossiers/{dossier.uid}/documents/1/", {
        "state": "received", "on": "2026-03-03"}, format="json")
    assert len(client.get("/api/v1/care/dossiers/missing-documents/").data) == missing_before - 1
    required = dossier.documents.filter(document__if_any=False).exclude(document__number__in=[1, 2]).first()
    refused = client.post(f"/api/v1/care/dossiers/{dossier.uid}/documents/{required.document.number}/",
                          {"state": "not_applicable"}, format="json")
    assert refused.status_code == 400 and refused.data["source"]
    required.refresh_from_db()
    assert required.state == DossierDocument.State.PENDING


def test_services_delivered_are_recorded_and_listed_in_scope() -> None:
    at = provider()
    plan = approved_plan(child(at), at)
    staff = specialist(at)
    item = plan.items.first().service_item
    response = api(staff).post("/api/v1/care/services/", {
        "person": str(plan.person.uid), "provider": str(at.uid), "delivered_on": "2026-04-02",
        "service_item": item.code, "quantity": 2}, format="json")
    assert response.status_code == 201, response.data
    assert ServiceDelivery.objects.filter(person=plan.person, quantity=2).exists()
    assert len(api(staff).get("/api/v1/care/services/").data) == 1
    assert api(specialist(provider())).get("/api/v1/care/services/").data == []


def test_need_application_assessment_and_decision_with_their_default_deadlines() -> None:
    from qamqor.accounts.models import Role
    from tests.factories import PersonFactory, RegionFactory, UserFactory

    officer = UserFactory(role=Role.LEB_OFFICER, region=RegionFactory())
    person = PersonFactory(region=officer.region, born=date(2015, 1, 1))
    client = api(officer)
    created = client.post("/api/v1/care/need/", {"person": str(person.uid), "region": officer.region.code,
                                                "application_date": "2026-03-12"}, format="json")
    assert created.status_code == 201, created.data
    assert created.data["assessment_due"] == "2026-03-31"
    assert "set no deadline" in created.data["deadline_source"]
    uid = created.data["uid"]
    assessed = client.post(f"/api/v1/care/need/{uid}/assessment/", {"assessment_date": "2026-03-31",
                                                                   "outcome": "need"}, format="json")
    assert assessed.data["assessment_kept"] is True
    decided = client.post(f"/api/v1/care/need/{uid}/decision/", {"number": "12-3", "decision_date": "2026-04-20",
                                                                "outcome": "granted"}, format="json")
    assert decided.status_code == 201, decided.data
    assert decided.data["decision_kept"] is False
    assert api(specialist(provider())).post(f"/api/v1/care/need/{uid}/assessment/", {}).status_code == 403
    other_officer = UserFactory(role=Role.LEB_OFFICER, region=RegionFactory())
    assert api(other_officer).post(f"/api/v1/care/need/{uid}/decision/", {}, format="json").status_code == 404


def test_plan_execution_and_contracts_are_readable() -> None:
    at = provider()
    plan = approved_plan(child(at), at)
    staff = specialist(at)
    item = plan.items.first().service_item
    services.service_delivery_record(actor=staff, person=plan.person, provider=at, delivered_on=date(2026, 4, 2),
                                     service_item=item, quantity=3, specialist=staff)
    rows = api(staff).get(f"/api/v1/care/plans/{plan.uid}/execution/").data
    assert {r["service_item"]["code"]: r["delivered"] for r in rows}[item.code] == 3
    assert api(staff).get("/api/v1/care/contracts/").data == []


def test_a_contraindication_blocks_admission_through_the_api_citing_the_rule() -> None:
    from qamqor.rules.models import Contraindication

    at = provider()
    staff = specialist(at)
    dossier = services.dossier_open(actor=staff, person=child(at, date(2013, 9, 1)), provider=at, funding="budget",
                                    opened_on=date(2026, 3, 2))
    client = api(staff)
    for number, state in ((1, "received"), (6, "not_applicable")):
        client.post(f"/api/v1/care/dossiers/{dossier.uid}/documents/{number}/", {"state": state, "on": "2026-03-02"},
                    format="json")
    contraindication = Contraindication.objects.filter(institution_type=dossier.institution_type).first()
    assert client.post(f"/api/v1/care/dossiers/{dossier.uid}/medical-conclusion/", {
        "number": "17", "issued_on": "2026-03-02", "issued_by": "Polyclinic",
        "contraindications": [contraindication.code]}, format="json").status_code == 200
    refused = client.post(f"/api/v1/care/dossiers/{dossier.uid}/admission/", {"admission_date": "2026-03-03"},
                          format="json")
    assert refused.status_code == 400
    assert refused.data["code"] == "admission_refused"
    assert refused.data["source"]
    assert client.get(f"/api/v1/care/dossiers/{dossier.uid}/").data["admission_date"] is None
