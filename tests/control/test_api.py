"""The control API: subjects by risk, findings (record, withdraw), complaints (register, decide), scores
(history, recompute) and preventive-control lists; scope and permissions."""

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from qamqor.accounts.models import Role
from qamqor.control.models import Finding
from tests.control.helpers import inspector, provider_subject, user
from tests.factories import RegionFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def api(actor) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(actor)
    return client


def test_record_a_finding_then_read_the_subject_its_score_and_withdraw():
    subject = provider_subject("stationary")
    client = api(inspector())
    r = client.post("/api/v1/control/findings/", {
        "subject": str(subject.uid), "criterion": 7, "source_group": 1, "found_on": "2026-10-01",
        "act_number": "17-02/45"}, format="json")
    assert r.status_code == 201, r.content
    finding_uid = r.json()["uid"]
    assert r.json()["severity"] == "gross"

    r = client.get(f"/api/v1/control/subjects/{subject.uid}/")
    body = r.json()
    assert body["score"]["score"] == "100.00" and body["score"]["degree"] == "high"
    assert "does not state it" in body["score"]["method_note"]
    assert [f["criterion"] for f in body["findings"]] == [7]

    rows = client.get("/api/v1/control/subjects/", {"degree": "high"}).json()
    assert [row["uid"] for row in rows] == [str(subject.uid)]

    r = client.post(f"/api/v1/control/findings/{finding_uid}/withdraw/", {"reason": "wrong subject"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    history = client.get(f"/api/v1/control/subjects/{subject.uid}/scores/").json()
    assert [h["score"] for h in history] == ["0.00", "100.00"]
    assert client.post(f"/api/v1/control/subjects/{subject.uid}/scores/").status_code == 201


def test_refusals_come_back_as_errors_with_the_field():
    subject = provider_subject("stationary")
    r = api(inspector()).post("/api/v1/control/findings/", {
        "subject": str(subject.uid), "criterion": 7, "source_group": 1, "found_on": "2026-10-01"}, format="json")
    assert r.status_code == 400
    assert Finding.objects.count() == 0


def test_complaints_through_the_api():
    subject = provider_subject("stationary")
    client = api(inspector())
    uids = []
    for n, day in (("Ж-1", "2026-09-01"), ("Ж-2", "2026-10-01")):
        r = client.post("/api/v1/control/complaints/", {"subject": str(subject.uid), "topic": 86, "number": n,
                                                         "received_on": day}, format="json")
        assert r.status_code == 201, r.content
        uids.append(r.json()["uid"])
    for uid in uids:
        r = client.post(f"/api/v1/control/complaints/{uid}/decide/", {"confirmed": True, "decided_on": "2026-10-20"},
                        format="json")
        assert r.status_code == 200 and r.json()["decision"] == "confirmed"
    assert [c["number"] for c in client.get("/api/v1/control/complaints/", {"decision": "confirmed"}).json()] == [
        "Ж-2", "Ж-1"]
    findings = client.get("/api/v1/control/findings/", {"subject": str(subject.uid)}).json()
    assert [(f["criterion"], f["origin"]) for f in findings] == [(86, "complaints")]


def test_lists_through_the_api():
    subject = provider_subject("stationary")
    client = api(inspector())
    client.post("/api/v1/control/findings/", {"subject": str(subject.uid), "criterion": 7, "source_group": 1,
                                              "found_on": "2026-10-01", "act_number": "A"}, format="json")
    r = client.post("/api/v1/control/lists/", {"year": 2027, "half": 1, "formed_on": "2026-11-25"}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["publish_by"] == "2026-12-25"
    entry = body["entries"][0]
    assert entry["subject"] == str(subject.uid) and entry["degree"] == "high"
    assert date.fromisoformat(entry["planned_visit_on"]) - date.fromisoformat(entry["notice_by"]) == timedelta(30)
    assert client.get(f"/api/v1/control/lists/{body['uid']}/").json()["entries"] == body["entries"]


def test_scope_and_permissions():
    subject = provider_subject("stationary")
    other_region = inspector(region=RegionFactory())
    assert api(other_region).get(f"/api/v1/control/subjects/{subject.uid}/").status_code == 404
    assert api(other_region).get("/api/v1/control/subjects/").json() == []
    analyst = api(user(Role.ANALYST))
    assert analyst.get(f"/api/v1/control/subjects/{subject.uid}/").status_code == 200
    assert analyst.post("/api/v1/control/findings/", {}, format="json").status_code == 403
    staff = api(user(Role.PROVIDER_HEAD, provider=subject.provider))
    assert staff.get("/api/v1/control/subjects/").status_code == 403


def test_register_an_accessibility_subject():
    region = RegionFactory()
    client = api(inspector())
    r = client.post("/api/v1/control/subjects/", {"kind": "accessibility", "region": region.code,
                                                  "name": "Вокзал", "bin_iin": "123456789012"}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "accessibility" and r.json()["latest_score"] is None
    refused = client.post("/api/v1/control/subjects/", {"kind": "provider", "region": region.code, "name": "x"},
                          format="json")
    assert refused.status_code == 400
    assert api(user(Role.LEB_OFFICER, region=region)).post(
        "/api/v1/control/subjects/", {"kind": "leb", "region": region.code, "name": "x"},
        format="json").status_code == 403


def test_dashboard_of_risk_by_region_and_by_criterion(client):
    here = RegionFactory()
    a = provider_subject("stationary", region=here)
    provider_subject("home_care", region=here)
    actor = inspector()
    api(actor).post("/api/v1/control/findings/", {"subject": str(a.uid), "criterion": 7, "source_group": 1,
                                                  "found_on": "2026-10-01", "act_number": "A"}, format="json")
    body = api(actor).get("/api/v1/control/dashboard/").json()
    row = next(r for r in body["regions"] if r["region"] == here.code)
    assert (row["high"], row["unscored"], row["total"]) == (1, 1, 2)
    assert body["criteria"] == [{"number": 7, "severity": "gross", "source_group": 1, "findings": 1, "subjects": 1}]
    client.force_login(actor)
    page = client.get("/en/control/dashboard/").content.decode()
    assert "Risk by region and by criterion" in page and str(here) in page
