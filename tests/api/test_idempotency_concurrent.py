"""Two requests with the same Idempotency-Key at the same moment: one runs, the other is 409 (real
threads and real transactions: PostgreSQL only)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.registry import services
from qamqor.registry.models import Person
from tests.web.scenario import build_world, new_iin

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (concurrent transactions)")
def test_concurrent_requests_with_one_key_run_once(monkeypatch):
    world = build_world()
    user = world.user("leb")
    body = {"iin": new_iin(), "surname": "Ахметов", "given_name": "Ерлан", "region": world.region.code}
    inside = threading.Event()
    release = threading.Event()
    real = services.person_register

    def slow_register(**kwargs):
        inside.set()
        assert release.wait(20)
        return real(**kwargs)

    monkeypatch.setattr(services, "person_register", slow_register)
    results: dict[str, int] = {}

    def send(name: str) -> None:
        try:
            client = APIClient()
            client.force_authenticate(user)
            response = client.post(reverse("person-register"), body, format="json", HTTP_IDEMPOTENCY_KEY="same")
            results[name] = response.status_code
            if name == "second":
                results["second_code"] = response.json()["code"]
        finally:
            connection.close()

    first = threading.Thread(target=send, args=("first",))
    first.start()
    assert inside.wait(20)  # the first request is inside the service, its key stored "in progress"
    second = threading.Thread(target=send, args=("second",))
    second.start()
    second.join(20)
    release.set()
    first.join(20)
    assert results == {"first": 201, "second": 409, "second_code": "idempotency_key_in_use"}
    assert Person.objects.filter(iin=body["iin"]).count() == 1

    # Once the first has finished, a retry gets its answer.
    client = APIClient()
    client.force_authenticate(user)
    replay = client.post(reverse("person-register"), body, format="json", HTTP_IDEMPOTENCY_KEY="same")
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
