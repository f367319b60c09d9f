"""Every API error is an RFC 9457 problem document with a translated title and Qamqor's members."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from qamqor.api.errors import TITLES

pytestmark = pytest.mark.django_db
MEMBERS = {"type", "title", "status", "detail", "code", "message", "fields", "source"}


def client_for(user, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def _problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert MEMBERS <= set(body) and body["status"] == status and body["detail"] == body["message"]
    assert body["type"] == f"urn:qamqor:problem:{body['code']}"
    return body


def test_validation_not_found_forbidden_method(world):
    client = client_for(world.user("leb"))
    invalid = _problem(client.post(reverse("person-register"), {}, format="json"), 400)
    assert invalid["code"] == "invalid" and {"iin", "surname"} <= set(invalid["fields"])
    assert invalid["title"] == str(TITLES[400])
    missing = _problem(client.get(reverse("person-detail", kwargs={"uid": world.other_person.uid})), 404)
    assert missing["code"] == "not_found" and missing["instance"].endswith(f"{world.other_person.uid}/")
    assert _problem(client.post(reverse("provider-register"), {}, format="json"), 403)["code"] == "permission_denied"
    assert _problem(APIClient().get(reverse("person-list")), 403)["code"] == "not_authenticated"


def test_an_unknown_api_url_is_a_problem_too(world):
    body = _problem(client_for(world.user("leb")).get("/api/v1/no-such-thing/"), 404)
    assert body["code"] == "not_found"


def test_the_title_is_translated(world):
    body = client_for(world.user("leb"), "ru").get(
        reverse("person-detail", kwargs={"uid": world.other_person.uid})).json()
    with translation.override("ru"):
        assert body["title"] == str(TITLES[404])
