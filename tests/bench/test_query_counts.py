"""List endpoints issue the same number of SQL queries whatever the number of rows on the page (no
query per row): the persons list, the journal rows and the queue, each read with few rows and with many.
Runs on SQLite and PostgreSQL (issue 8: «every list endpoint issues a constant number of queries»)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from qamqor.accounts.models import Role
from qamqor.journal import services as J
from qamqor.rules.choices import Setting
from tests.factories import UserFactory
from tests.journal.support import admit, apply, at, days, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
ST = Setting.STATIONARY


def _queries(client: APIClient, path: str, **params: str) -> tuple[int, dict | list]:
    client.get(path, params)  # the first request of a session may do one-off work (session, log-in)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize("role", [Role.LEB_OFFICER, Role.PROVIDER_SPECIALIST])
def test_persons_list_constant_queries(role):
    provider = provider_with(capacity=5)
    user = UserFactory(role=role, region=provider.region) if role == Role.LEB_OFFICER else staff(provider)
    client = APIClient()
    client.force_login(user)
    for _ in range(2):
        person_at(provider)
    few, body = _queries(client, "/api/v1/persons/")
    assert body["count"] == 2
    for _ in range(30):
        person_at(provider)
    many, body = _queries(client, "/api/v1/persons/")
    assert body["count"] == 32 and len(body["results"]) == 32
    assert few == many
    # A search reads the same way.
    person_at(provider, surname="Ахметова")
    searched, body = _queries(client, "/api/v1/persons/", q="ахм")
    assert body["count"] == 1 and searched == many


def test_journal_rows_constant_queries():
    provider = provider_with(capacity=40)
    user = staff(provider, Role.PROVIDER_HEAD)
    client = APIClient()
    client.force_login(user)
    path = f"/api/v1/journal/providers/{provider.uid}/{ST}/rows/"
    for i in range(2):
        admit(user, person_at(provider), provider, on=days(-50 + i))
    few, body = _queries(client, path, start=days(-60).isoformat())
    assert len(body["rows"]) == 2
    for i in range(12):
        event = admit(user, person_at(provider), provider, on=days(-40 + i))
        if i % 3 == 0:
            J.leave_start(actor=user, person=event.person, provider=provider, setting=ST, event_date=days(-20 + i),
                          order_number=f"L-{i}", order_date=days(-20 + i), reason="home leave")
    many, body = _queries(client, path, start=days(-60).isoformat())
    assert len(body["rows"]) == 14
    assert few == many


def test_queue_constant_queries():
    provider = provider_with(capacity=1)
    user = staff(provider, Role.PROVIDER_HEAD)
    admit(user, person_at(provider), provider, on=days(-90))
    client = APIClient()
    client.force_login(user)
    path = f"/api/v1/journal/providers/{provider.uid}/{ST}/queue/"
    for i in range(2):
        apply(user, person_at(provider), provider, at=at(30, i))
    few, body = _queries(client, path)
    assert len(body) == 2
    for i in range(10):
        apply(user, person_at(provider), provider, at=at(20, i))
    many, body = _queries(client, path)
    assert [q["position"] for q in body] == list(range(1, 13))
    assert few == many
