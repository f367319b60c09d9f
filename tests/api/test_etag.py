"""Optimistic concurrency: ETag on the read of a person or provider, If-Match on its change, 412
when the record changed since it was read, and no leak of records outside the actor's scope."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_a_stale_if_match_is_412_and_changes_nothing(world):
    alice, bob = client_for(world.user("head")), client_for(world.user("leb"))
    detail = reverse("person-detail", kwargs={"uid": world.person.uid})
    update = reverse("person-update", kwargs={"uid": world.person.uid})
    etag = alice.get(detail)["ETag"]
    assert etag and etag == bob.get(detail)["ETag"]  # the same version for every reader

    changed = bob.patch(update, {"phone": "+7 701 111 11 11"}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag

    stale = alice.patch(update, {"phone": "+7 702 222 22 22"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json" and stale.json()["code"] == "stale_version"
    world.person.refresh_from_db()
    assert world.person.phone == "+7 701 111 11 11"

    fresh = alice.get(detail)["ETag"]
    assert fresh == changed["ETag"]
    assert alice.patch(update, {"phone": "+7 702 222 22 22"}, format="json",
                       HTTP_IF_MATCH=fresh).status_code == 200


def test_etag_is_the_same_in_every_language(world):
    detail = reverse("person-detail", kwargs={"uid": world.person.uid})
    tags = set()
    for language in ("kk", "ru", "en"):
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        client.force_authenticate(world.user("admin"))
        tags.add(client.get(detail)["ETag"])
    assert len(tags) == 1


def test_if_none_match_gives_304(world):
    client = client_for(world.user("admin"))
    detail = reverse("provider-detail", kwargs={"uid": world.provider.uid})
    etag = client.get(detail)["ETag"]
    assert client.get(detail, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_providers_too(world):
    client = client_for(world.user("head"))
    detail = reverse("provider-detail", kwargs={"uid": world.provider.uid})
    update = reverse("provider-update", kwargs={"uid": world.provider.uid})
    etag = client.get(detail)["ETag"]
    assert client.patch(update, {"phone": "1"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert client.patch(update, {"phone": "2"}, format="json", HTTP_IF_MATCH=etag).status_code == 412
    assert client.patch(update, {"phone": "3"}, format="json", HTTP_IF_MATCH="*").status_code == 200


def test_without_if_match_the_change_is_accepted_unless_required(world, settings):
    client = client_for(world.user("head"))
    update = reverse("person-update", kwargs={"uid": world.person.uid})
    assert client.patch(update, {"phone": "1"}, format="json").status_code == 200
    settings.API_REQUIRE_IF_MATCH = True
    required = client.patch(update, {"phone": "2"}, format="json")
    assert required.status_code == 428 and required.json()["code"] == "if_match_required"


def test_outside_scope_is_404_whatever_the_if_match(world):
    client = client_for(world.user("other_leb"))
    update = reverse("person-update", kwargs={"uid": world.person.uid})
    response = client.patch(update, {"phone": "1"}, format="json", HTTP_IF_MATCH='"stale"')
    assert response.status_code == 404


def test_a_role_without_the_right_is_403_whatever_the_if_match(world):
    client = client_for(world.user("inspector"))
    update = reverse("person-update", kwargs={"uid": world.person.uid})
    assert client.patch(update, {"phone": "1"}, format="json", HTTP_IF_MATCH='"stale"').status_code == 403
