"""The inspection API under /api/v1/control/inspections/: appoint, read, fill items, complete (findings
and the new risk degree), cancel, print; refusals as problem documents that change nothing; who may
read and write."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from qamqor.accounts.models import Role
from qamqor.control.models import Finding, Inspection, RiskScore
from tests.control.test_inspections import appoint, inspector, make_subject
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")

BASE = "/api/v1/control/inspections/"


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def _appoint_body(subject, **overrides) -> dict:
    body = {"subject": str(subject.uid), "act_number": "45", "act_date": timezone.localdate().isoformat(),
            "appointing_body": "Department of the Committee", "officials": "Chief inspector E. Zhumabayev"}
    body.update(overrides)
    return body


def test_an_inspection_is_appointed_filled_and_completed_through_the_api():
    subject = make_subject(setting="temporary_stay")
    client = api(inspector(region=subject.region))
    response = client.post(BASE, _appoint_body(subject), format="json")
    assert response.status_code == 201, response.data
    uid = response.data["uid"]
    assert response.data["checklist"]["appendix"] == 5
    assert [i["number"] for i in response.data["items"]] == list(range(1, 19))
    assert response.data["items"][4] == {
        "number": 5, "requirement": response.data["items"][4]["requirement"], "criterion": 39,
        "severity": Inspection.objects.get(uid=uid).checklist.requirements.get(number=5).severity,
        "required": True, "compliant": None, "evidence_note": ""}

    items = [{"number": n, "required": True, "compliant": n != 4,
              "evidence_note": "Documents of suspension missing" if n == 4 else ""} for n in range(1, 19)]
    response = client.post(f"{BASE}{uid}/items/", {"items": items}, format="json")
    assert response.status_code == 200, response.data
    assert [i["compliant"] for i in response.data["items"]][:5] == [True, True, True, False, True]

    response = client.post(f"{BASE}{uid}/complete/", {"finished_on": timezone.localdate().isoformat()},
                           format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "completed"
    assert [(f["number"], f["criterion"], f["severity"], f["source_group"]) for f in response.data["findings"]] == [
        (4, 6, "significant", 1)]
    score = RiskScore.objects.filter(subject=subject).latest("computed_at")
    assert score.trigger == "inspection" and score.breakdown["severity_counts"]["significant"] == 1

    listed = client.get(BASE, {"status": "completed"})
    assert [row["uid"] for row in listed.data] == [uid]
    assert client.get(f"{BASE}{uid}/").data["findings"][0]["criterion"] == 6


def test_refusals_are_problem_documents_and_change_nothing():
    subject = make_subject()
    actor = inspector()
    client = api(actor)
    response = client.post(BASE, _appoint_body(subject, checklist=4), format="json")
    assert response.status_code == 400
    assert response.data["code"] == "checklist_mismatch" and "checklist" in response.data["fields"]
    assert not Inspection.objects.exists()

    inspection = appoint(actor, subject)
    response = client.post(f"{BASE}{inspection.uid}/items/", {"items": [
        {"number": 1, "required": False, "compliant": True}]}, format="json")
    assert response.status_code == 400
    assert response.data["code"] == "invalid_items" and "item_1_compliant" in response.data["fields"]

    response = client.post(f"{BASE}{inspection.uid}/complete/", {"finished_on": "2026-03-06"}, format="json")
    assert response.status_code == 400
    assert response.data["code"] == "items_unfilled" and response.data["source"]
    assert Inspection.objects.get(pk=inspection.pk).status == "draft"
    assert not Finding.objects.exists()

    response = client.post(f"{BASE}{inspection.uid}/cancel/", {"reason": "Act revoked"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "cancelled"


@pytest.mark.parametrize("role", [Role.LEB_OFFICER, Role.ANALYST])
def test_readers_read_but_only_inspectors_write(role):
    subject = make_subject()
    inspection = appoint(inspector(), subject)
    client = api(UserFactory(role=role, region=subject.region if role == Role.LEB_OFFICER else None))
    assert client.get(BASE).status_code == 200
    assert client.get(f"{BASE}{inspection.uid}/").status_code == 200
    assert client.post(BASE, _appoint_body(subject, act_number="46"), format="json").status_code == 403
    assert client.post(f"{BASE}{inspection.uid}/complete/", {"finished_on": "2026-03-06"},
                       format="json").status_code == 403
    assert Inspection.objects.count() == 1


def test_other_regions_and_provider_staff_see_nothing():
    subject = make_subject()
    inspection = appoint(inspector(), subject)
    stranger = api(inspector(region=RegionFactory()))
    assert stranger.get(BASE).data == []
    assert stranger.get(f"{BASE}{inspection.uid}/").status_code == 404
    assert stranger.post(f"{BASE}{inspection.uid}/cancel/", {"reason": "x"}, format="json").status_code == 404
    # A subject outside the inspector's region cannot be named either.
    response = stranger.post(BASE, _appoint_body(subject, act_number="47"), format="json")
    assert response.status_code == 400 and "subject" in response.data["fields"]
    assert api(UserFactory(role=Role.PROVIDER_SPECIALIST)).get(BASE).status_code == 403


def test_the_checklist_prints_through_the_api():
    subject = make_subject(kind="leb", name="Әкімдіктің жұмыспен қамту бөлімі")
    actor = inspector()
    inspection = appoint(actor, subject, act_date=date(2026, 3, 2))
    response = api(actor).get(f"{BASE}{inspection.uid}/print/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Әкімдіктіңжұмыспенқамтубөлімі" in text and "2-қосымша" in text


def test_a_visit_of_the_preventive_control_list_names_its_entry():
    from decimal import Decimal

    from qamqor.control.models import PreventiveControlEntry, PreventiveControlList

    subject, other = make_subject(), make_subject()
    control_list = PreventiveControlList.objects.create(
        year=2026, half=1, formed_on=date(2025, 12, 20), publish_by=date(2025, 12, 25),
        period_start=date(2026, 1, 1), period_end=date(2026, 6, 30))
    entry, other_entry = (PreventiveControlEntry.objects.create(
        control_list=control_list, subject=s, score=Decimal("100"), degree="high", order=n)
        for n, s in ((1, subject), (2, other)))
    client = api(inspector())
    response = client.post(BASE, _appoint_body(subject, list_entry=other_entry.pk), format="json")
    assert response.status_code == 400 and response.data["code"] == "other_subject_entry"
    response = client.post(BASE, _appoint_body(subject, list_entry=entry.pk), format="json")
    assert response.status_code == 201 and response.data["list_entry"] == entry.pk
    assert entry.inspections.get().act_number == "45"
