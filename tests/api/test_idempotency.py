"""Idempotency-Key on POST: a retry returns the first answer and changes nothing; another body with
the same key is 422; the key belongs to one user; keys expire."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qamqor.api.models import IdempotencyKey
from qamqor.core.models import AuditEvent
from qamqor.registry.models import Ground, Person
from tests.web.scenario import new_iin

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def payload(world, iin: str) -> dict:
    return {"iin": iin, "surname": "Ахметов", "given_name": "Ерлан", "region": world.region.code}


def test_a_retry_returns_the_first_answer_and_changes_nothing(world):
    client = client_for(world.user("leb"))
    body = payload(world, new_iin())
    first = client.post(reverse("person-register"), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    written = (Person.objects.count(), AuditEvent.objects.count())
    # The same body in another key order and spacing is the same request.
    again = client.generic("POST", reverse("person-register"),
                           json.dumps(dict(reversed(list(body.items()))), indent=2),
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert (Person.objects.count(), AuditEvent.objects.count()) == written


def test_the_same_key_with_another_body_is_422_and_changes_nothing(world):
    client = client_for(world.user("leb"))
    client.post(reverse("person-register"), payload(world, new_iin()), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    before = Person.objects.count()
    other = client.post(reverse("person-register"), payload(world, new_iin()), format="json",
                        HTTP_IDEMPOTENCY_KEY="k-2")
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency_key_reused" and other.json()["status"] == 422
    assert Person.objects.count() == before


def test_a_refusal_is_replayed_too(world):
    client = client_for(world.user("leb"))
    body = payload(world, world.person.iin)  # a duplicate IIN
    first = client.post(reverse("person-register"), body, format="json", HTTP_IDEMPOTENCY_KEY="dup")
    again = client.post(reverse("person-register"), body, format="json", HTTP_IDEMPOTENCY_KEY="dup")
    assert first.status_code == again.status_code == 400
    assert again.json() == first.json() and again["Content-Type"] == "application/problem+json"


def test_keys_belong_to_one_user(world):
    body = payload(world, new_iin())
    assert client_for(world.user("leb")).post(reverse("person-register"), body, format="json",
                                              HTTP_IDEMPOTENCY_KEY="shared").status_code == 201
    # Another user with the same key is a different request: it runs (and is refused: the IIN exists).
    other = client_for(world.user("admin")).post(reverse("person-register"), body, format="json",
                                                 HTTP_IDEMPOTENCY_KEY="shared")
    assert other.status_code == 400 and other.json()["code"] == "duplicate_iin"


def test_any_post_endpoint_is_covered(world):
    client = client_for(world.user("leb"))
    body = {"person": str(world.person.uid), "kind": "court_act", "number": "2-1/2026", "issued_on": "2026-02-10",
            "issuing_body": "Көкшетау қалалық соты"}
    for _ in range(3):
        response = client.post(reverse("ground-register"), body, format="json", HTTP_IDEMPOTENCY_KEY="g-1")
        assert response.status_code == 201
    assert Ground.objects.filter(person=world.person).count() == 1


def test_an_expired_key_may_be_used_again(world, settings):
    client = client_for(world.user("leb"))
    client.post(reverse("person-register"), payload(world, new_iin()), format="json", HTTP_IDEMPOTENCY_KEY="old")
    IdempotencyKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(reverse("person-register"), payload(world, new_iin()), format="json",
                           HTTP_IDEMPOTENCY_KEY="old")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    stored = IdempotencyKey.objects.get(key="old")
    assert stored.expires_at - stored.created_at == settings.API_IDEMPOTENCY_KEY_TTL == timedelta(hours=24)


def test_purge_command_deletes_expired_keys(world):
    client = client_for(world.user("leb"))
    client.post(reverse("person-register"), payload(world, new_iin()), format="json", HTTP_IDEMPOTENCY_KEY="a")
    client.post(reverse("person-register"), payload(world, new_iin()), format="json", HTTP_IDEMPOTENCY_KEY="b")
    IdempotencyKey.objects.filter(key="a").update(expires_at=timezone.now() - timedelta(seconds=1))
    call_command("purge_idempotency_keys", stdout=io.StringIO())
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["b"]


def test_a_malformed_key_is_400(world):
    response = client_for(world.user("leb")).post(reverse("person-register"), payload(world, new_iin()),
                                                  format="json", HTTP_IDEMPOTENCY_KEY="x" * 300)
    assert response.status_code == 400 and response.json()["code"] == "invalid_idempotency_key"


def test_anonymous_requests_are_refused_and_nothing_is_stored(world):
    response = APIClient().post(reverse("person-register"), payload(world, new_iin()), format="json",
                                HTTP_IDEMPOTENCY_KEY="anon")
    assert response.status_code == 403 and not IdempotencyKey.objects.exists()
