"""Bulk registration of persons: each record as a single registration; all or nothing; idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.core.models import AuditEvent
from qamqor.registry.models import Person
from tests.web.scenario import new_iin

pytestmark = pytest.mark.django_db
URL = "/api/v1/persons/bulk/"


def client_for(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def record(world, **changes) -> dict:
    return {"iin": new_iin(), "surname": "Ахметов", "given_name": "Ерлан", "region": world.region.code, **changes}


def test_the_url():
    assert reverse("person-bulk-register") == URL


def test_a_valid_batch_is_written_whole_and_audited(world):
    batch = [record(world), record(world, surname="Омарова", given_name="Күләш"), record(world)]
    response = client_for(world.user("specialist")).post(URL, {"persons": batch}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] == 3 and [p["index"] for p in body["persons"]] == [0, 1, 2]
    assert set(Person.objects.filter(iin__in=[r["iin"] for r in batch]).values_list("iin", flat=True)) == {
        r["iin"] for r in batch}
    for p in body["persons"]:
        assert AuditEvent.objects.filter(action="create", object_id=p["uid"]).exists()


def test_one_bad_record_refuses_the_whole_batch_with_per_record_errors(world):
    good = record(world)
    twin = record(world)
    batch = [good, record(world, surname=""), record(world, iin=world.person.iin),
             record(world, iin=new_iin(date(2016, 5, 9))), twin, dict(twin)]
    before = (Person.objects.count(), AuditEvent.objects.count())
    response = client_for(world.user("leb")).post(URL, {"persons": batch}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "bulk_refused" and body["status"] == 400
    errors = body["errors"]
    assert set(errors) == {"1", "2", "3", "5"}
    assert "surname" in errors["1"]["fields"]
    assert errors["2"]["code"] == "duplicate_iin"
    assert errors["3"]["code"] == "representative_required"
    assert errors["5"]["code"] == "duplicate_iin"  # the same IIN twice in the batch
    assert (Person.objects.count(), AuditEvent.objects.count()) == before


def test_the_batch_is_idempotent_with_a_key(world):
    client = client_for(world.user("leb"))
    batch = {"persons": [record(world), record(world)]}
    first = client.post(URL, batch, format="json", HTTP_IDEMPOTENCY_KEY="batch-7")
    count = Person.objects.count()
    again = client.post(URL, batch, format="json", HTTP_IDEMPOTENCY_KEY="batch-7")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and Person.objects.count() == count


def test_rights_and_limits(world):
    assert client_for(world.user("inspector")).post(URL, {"persons": [record(world)]},
                                                    format="json").status_code == 403
    empty = client_for(world.user("leb")).post(URL, {"persons": []}, format="json")
    assert empty.status_code == 400 and "persons" in empty.json()["fields"]
    # A record outside the officer's region is refused like a single registration would be.
    outside = client_for(world.user("other_leb")).post(URL, {"persons": [record(world)]}, format="json")
    assert outside.status_code == 400 and outside.json()["errors"]["0"]["code"] == "out_of_scope"
