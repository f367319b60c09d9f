"""The journal API: reads (rows, queue, an application's position, history, case) and every action
recording its event; permissions per method and scope (provider staff of another provider get 404);
a refusal comes back with its rule's source."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qamqor.accounts.models import Role
from qamqor.journal import services as J
from qamqor.journal.models import EventKind, JournalEvent, QueueApplication
from qamqor.rules.choices import Setting
from tests.factories import DistrictFactory, RegionFactory, UserFactory
from tests.journal.support import TODAY, admit, apply, at, days, ground_for, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
ST = Setting.STATIONARY
BASE = "/api/v1/journal"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def scene():
    provider = provider_with(capacity=2, name_kk="Қамқор", name_ru="Забота")
    user = staff(provider, Role.PROVIDER_HEAD)
    placed = person_at(provider, surname="Орындағы")
    admit(user, placed, provider, on=days(-40))
    other_placed = person_at(provider, surname="Екінші")
    admit(user, other_placed, provider, on=days(-30))
    waiting = person_at(provider, surname="Күтуші")
    app = apply(user, waiting, provider, at=at(10))
    return provider, user, placed, waiting, app


def _case(provider, person, action=""):
    return f"{BASE}/providers/{provider.uid}/{ST}/persons/{person.uid}/" + (f"{action}/" if action else "")


def test_reads(api, scene):
    provider, user, placed, waiting, app = scene
    api.force_authenticate(user)
    rows = api.get(f"{BASE}/providers/{provider.uid}/{ST}/rows/", {"start": days(-60).isoformat()}).json()
    assert rows["header"]["name_kk"] == "Қамқор" and rows["header"]["started_on"] == days(-40).isoformat()
    assert len(rows["rows"]) == 3 and all(len(r["cells"]) == 14 for r in rows["rows"])
    queue = api.get(f"{BASE}/providers/{provider.uid}/{ST}/queue/").json()
    assert [(q["position"], q["ahead"], q["application"]["uid"]) for q in queue] == [(1, 0, str(app.uid))]
    detail = api.get(f"{BASE}/applications/{app.uid}/").json()
    assert (detail["position"], detail["ahead"]) == (1, 0) and detail["wait_method"]
    case = api.get(_case(provider, placed)).json()
    assert case["status"] == "placed" and "leave" in case["allowed_actions"] and "admission" not in case[
        "allowed_actions"]
    history = api.get(f"{BASE}/persons/{placed.uid}/history/").json()
    assert [h["event"]["kind"] for h in history] == ["admission"]


def test_permission_matrix(api, scene):
    provider, user, placed, waiting, app = scene
    other = provider_with()
    reads = [f"{BASE}/providers/{provider.uid}/{ST}/rows/", f"{BASE}/providers/{provider.uid}/{ST}/rows.xlsx",
             f"{BASE}/providers/{provider.uid}/{ST}/queue/", f"{BASE}/applications/{app.uid}/",
             f"{BASE}/persons/{placed.uid}/history/", _case(provider, placed)]
    writes = [(_case(provider, placed, "leave"), {"event_date": TODAY.isoformat(), "order_number": "L-1",
                                                  "order_date": TODAY.isoformat(), "reason": "holiday"}),
              (f"{BASE}/applications/{app.uid}/withdraw/", {"reason": "changed mind"})]
    for who, read, write in [(staff(other, Role.PROVIDER_HEAD), 404, 404), (staff(other), 404, 404),
                             (UserFactory(role=Role.ANALYST), 403, 403),
                             (UserFactory(role=Role.INSPECTOR, region=provider.region), 200, 403)]:
        api.force_authenticate(who)
        for url in reads:
            assert api.get(url).status_code == read, (who.role, url)
        for url, body in writes:
            assert api.post(url, body, format="json").status_code == write, (who.role, url)
    assert JournalEvent.objects.filter(kind__in=[EventKind.LEAVE, EventKind.WITHDRAWAL]).count() == 0
    api.force_authenticate(None)
    assert api.get(reads[0]).status_code in (401, 403)
    api.force_authenticate(staff(provider))
    assert api.get(f"{BASE}/providers/{provider.uid}/nowhere/rows/").status_code == 404


def test_stay_actions_record_events(api, scene):
    provider, user, placed, waiting, app = scene
    api.force_authenticate(user)
    day = days(-20)

    def post(action, **body):
        response = api.post(_case(provider, placed, action), body, format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    out = post("leave", event_date=day.isoformat(), order_number="L-1", order_date=day.isoformat(), reason="holiday")
    assert out["kind"] == "leave" and out["order_number"] == "L-1"
    post("return", event_date=days(-15).isoformat())
    district = DistrictFactory(region=provider.region)
    post("discharge", event_date=days(-10).isoformat(), order_number="D-1", order_date=days(-10).isoformat(),
         reason="moved", destination_region=district.region.code, destination_district=district.code,
         destination_city="Қонаев")
    ground = ground_for(placed, issued_on=days(-8))
    # While someone waits the place goes to the queue first: the waiting applicant withdraws.
    assert api.post(f"{BASE}/applications/{app.uid}/withdraw/", {}, format="json").status_code == 201
    out = post("readmit", event_date=days(-5).isoformat(), order_number="R-1", order_date=days(-5).isoformat(),
               ground=str(ground.uid))
    assert out["kind"] == "readmission"
    kinds = list(JournalEvent.objects.filter(person=placed).order_by("id").values_list("kind", flat=True))
    assert kinds == ["admission", "leave", "leave_return", "discharge", "readmission"]
    rows = api.get(f"{BASE}/providers/{provider.uid}/{ST}/rows/", {"start": days(-60).isoformat()}).json()["rows"]
    assert any(r["returned"] for r in rows)


def test_queue_actions_and_the_refused_postponement(api, scene):
    provider, user, placed, waiting, app = scene
    api.force_authenticate(user)
    offer_url = f"{BASE}/providers/{provider.uid}/{ST}/queue/offer/"
    refused = api.post(offer_url, {}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "no_free_place" and refused.json()["source"]
    J.discharge_record(actor=user, person=placed, provider=provider, setting=ST, event_date=TODAY,
                       order_number="D-1", order_date=TODAY, reason="family")
    offered = api.post(offer_url, {"arrival_by": days(5).isoformat()}, format="json")
    assert offered.status_code == 201 and offered.json()["status"] == "offered"
    postpone = f"{BASE}/applications/{app.uid}/postpone/"
    body = {"new_arrival_by": days(5 + 31).isoformat(), "ground": "illness", "notice_number": "N-1",
            "notice_date": TODAY.isoformat()}
    too_long = api.post(postpone, body, format="json")
    assert too_long.status_code == 400 and too_long.json()["code"] == "postponement_too_long"
    assert too_long.json()["source"]
    ok = api.post(postpone, {**body, "new_arrival_by": days(30).isoformat()}, format="json")
    assert ok.status_code == 201 and ok.json()["kind"] == "postponement"
    twice = api.post(postpone, {**body, "new_arrival_by": days(31).isoformat(), "notice_number": "N-2"},
                     format="json")
    assert twice.status_code == 400 and twice.json()["code"] == "postponement_twice"
    assert QueueApplication.objects.get(pk=app.pk).arrival_by == days(30)
    lapse = api.post(f"{BASE}/applications/{app.uid}/lapse/", format="json")
    assert lapse.status_code == 400 and lapse.json()["code"] == "lapse_not_due"
    withdrawn = api.post(f"{BASE}/applications/{app.uid}/withdraw/", {"reason": "changed mind"}, format="json")
    assert withdrawn.status_code == 201 and withdrawn.json()["kind"] == "withdrawal"


def test_file_application_transfer_and_correction(api, scene):
    provider, user, placed, waiting, app = scene
    api.force_authenticate(user)
    newcomer = person_at(provider, surname="Жаңа")
    filed = api.post(f"{BASE}/providers/{provider.uid}/applications/file/",
                     {"person": str(newcomer.uid), "setting": ST, "received_at": "2026-01-05T10:00:07Z",
                      "paper_number": "P-9"}, format="json")
    assert filed.status_code == 201, filed.json()
    assert QueueApplication.objects.get(uid=filed.json()["uid"]).paper_number == "P-9"
    destination = provider_with(region=RegionFactory())
    moved = api.post(_case(provider, placed, "transfer"), {
        "event_date": days(-3).isoformat(), "order_number": "T-1", "order_date": days(-3).isoformat(),
        "destination_provider": str(destination.uid),
        "agreement": {"origin_body": "A", "origin_number": "1", "origin_date": days(-6).isoformat(),
                      "destination_body": "B", "destination_number": "2", "destination_date": days(-5).isoformat()}},
        format="json")
    assert moved.status_code == 201, moved.json()
    transfer_uid = moved.json()["uid"]
    # The destination's staff record the arrival; the origin's correction needs JOURNAL_CORRECT.
    there = staff(destination, Role.PROVIDER_HEAD)
    api.force_authenticate(there)
    arrived = api.post(f"{BASE}/events/{transfer_uid}/arrival/", {
        "event_date": days(-2).isoformat(), "order_number": "A-1", "order_date": days(-2).isoformat()}, format="json")
    assert arrived.status_code == 201, arrived.json()
    assert arrived.json()["kind"] == "transfer_arrival"
    api.force_authenticate(staff(provider))  # a specialist may not correct
    event = JournalEvent.objects.get(person=waiting, kind=EventKind.APPLICATION)
    assert api.post(f"{BASE}/events/{event.uid}/correct/", {"reason": "x", "void": True},
                    format="json").status_code == 403
    api.force_authenticate(user)
    fixed = api.post(f"{BASE}/events/{event.uid}/correct/",
                     {"reason": "typo", "amend": {"reason": "paper application"}}, format="json")
    assert fixed.status_code == 201, fixed.json()
    assert fixed.json()["kind"] == "correction" and fixed.json()["corrects"] == str(event.uid)
