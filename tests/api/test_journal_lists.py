"""The journal's large lists (events, applications, placements): scoped, filtered, cursor-paginated."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qamqor.accounts.models import Role
from qamqor.journal.models import EventKind
from tests.journal.support import admit, apply, at, days, person_at, provider_with, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_providers():
    mine, theirs = provider_with(capacity=3), provider_with(capacity=3)
    me, them = staff(mine, Role.PROVIDER_HEAD), staff(theirs, Role.PROVIDER_HEAD)
    placed = [person_at(mine, surname=f"Орындағы{i}") for i in range(3)]
    for i, person in enumerate(placed):
        admit(me, person, mine, on=days(-40 + i))
    admit(them, person_at(theirs, surname="Басқа"), theirs, on=days(-20))
    app = apply(me, person_at(mine, surname="Күтуші"), mine, at=at(10))
    return mine, theirs, me, placed, app


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_events_are_scoped_filtered_and_walked_by_cursor(two_providers):
    mine, _theirs, me, placed, _app = two_providers
    client = client_for(me)
    page = client.get("/api/v1/journal/events/", {"cursor": "", "page_size": 2}).json()
    seen = [e["uid"] for e in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [e["uid"] for e in page["results"]]
    events = client.get("/api/v1/journal/events/", {"page_size": 100}).json()
    assert len(seen) == len(set(seen)) == events["count"] >= 3
    assert {e["provider"]["uid"] for e in events["results"]} == {str(mine.uid)}
    admissions = client.get("/api/v1/journal/events/", {"kind": EventKind.ADMISSION,
                                                        "person": str(placed[0].uid)}).json()
    assert [e["person"]["uid"] for e in admissions["results"]] == [str(placed[0].uid)]
    recent = client.get("/api/v1/journal/events/", {"kind": EventKind.ADMISSION,
                                                    "date_from": days(-39).isoformat()}).json()
    assert recent["count"] == 2


def test_placements_and_applications(two_providers):
    mine, theirs, me, placed, app = two_providers
    client = client_for(me)
    present = client.get("/api/v1/journal/placements/", {"active": "true"}).json()
    assert {p["person"]["uid"] for p in present["results"]} == {str(p.uid) for p in placed}
    assert client.get("/api/v1/journal/placements/", {"provider": str(theirs.uid)}).json()["count"] == 0
    apps = client.get("/api/v1/journal/applications/", {"status": "pending"}).json()
    assert [a["uid"] for a in apps["results"]] == [str(app.uid)]


def test_roles_without_the_journal_are_refused():
    client = APIClient()
    assert client.get("/api/v1/journal/events/").status_code == 403
