"""API tokens: a system acts as its (service) user, with the same permissions, scopes and 404 outside
scope as that user's pages; tokens are stored hashed, shown once, revocable, audited."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qamqor.accounts.models import Role
from qamqor.api import tokens
from qamqor.api.models import ApiToken
from qamqor.core.models import AuditEvent
from qamqor.registry.models import Person
from tests.web.scenario import new_iin

pytestmark = pytest.mark.django_db


def bearer(raw: str, **kwargs) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en", **kwargs)


@pytest.fixture
def centre(world):
    """A dedicated service user of the world's provider (a specialist's role) and its token."""
    user = tokens.service_user_create(actor=None, username="svc-centre", role=Role.PROVIDER_SPECIALIST,
                                      provider=world.provider, full_name="Centre's own tool")
    token, raw = tokens.token_create(actor=None, user=user, name="Centre's own tool")
    return user, token, raw


def test_the_token_is_stored_only_as_a_digest(centre):
    user, token, raw = centre
    assert raw.startswith(f"qmq_{token.prefix}.") and len(raw) > 50
    row = ApiToken.objects.get(pk=token.pk)
    assert row.digest == tokens.digest_of(raw) and raw not in str(row.__dict__.values())
    assert not user.has_usable_password()  # the service user cannot log in to the pages


def test_a_token_sees_what_its_user_sees_and_404_outside(world, centre):
    _, token, raw = centre
    client = bearer(raw)
    listed = client.get(reverse("person-list")).json()
    assert [p["uid"] for p in listed["results"]] == [str(world.person.uid)]
    assert client.get(reverse("person-detail", kwargs={"uid": world.person.uid})).status_code == 200
    outside = client.get(reverse("person-detail", kwargs={"uid": world.other_person.uid}))
    assert outside.status_code == 404 and outside.json()["code"] == "not_found"
    assert client.get(reverse("provider-detail", kwargs={"uid": world.other_provider.uid})).status_code == 404
    # The role decides what it may do: a specialist may not register a provider.
    refused = client.post(reverse("provider-register"), {"bin": "100140011059"}, format="json")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_reading_a_record_with_a_token_is_audited_as_the_service_user(world, centre):
    user, _, raw = centre
    bearer(raw).get(reverse("person-detail", kwargs={"uid": world.person.uid}))
    event = AuditEvent.objects.get(action="view", object_id=str(world.person.uid))
    assert event.actor == user and event.actor_username == "svc-centre"
    assert event.path == f"/api/v1/persons/{world.person.uid}/"


def test_a_token_writes_without_csrf_and_the_write_is_audited(world, centre):
    user, _, raw = centre
    iin = new_iin()
    response = bearer(raw, enforce_csrf_checks=True).post(
        reverse("person-register"),
        {"iin": iin, "surname": "Ахметов", "given_name": "Ерлан", "region": world.region.code}, format="json")
    assert response.status_code == 201, response.content
    person = Person.objects.get(iin=iin)
    assert person.provider_links.get().provider == world.provider  # the service user's provider
    assert AuditEvent.objects.filter(action="create", object_id=str(person.uid), actor=user).exists()


@pytest.mark.parametrize("spoil", ["revoked", "expired", "wrong_secret", "unknown", "inactive_user", "garbled"])
def test_a_bad_token_is_401_with_the_bearer_challenge(world, centre, spoil):
    user, token, raw = centre
    if spoil == "revoked":
        tokens.token_revoke(actor=None, token=token)
    elif spoil == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif spoil == "wrong_secret":
        raw = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")
    elif spoil == "unknown":
        raw = "qmq_000000000000.nothing"
    elif spoil == "inactive_user":
        user.is_active = False
        user.save()
    elif spoil == "garbled":
        raw = "two words"
    response = bearer(raw).get(reverse("person-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_token"


def test_without_credentials_it_stays_403(world):
    assert APIClient().get(reverse("person-list")).status_code == 403


def test_creation_and_revocation_are_audited(world, centre):
    _, token, _raw = centre
    created = AuditEvent.objects.get(object_type="api.ApiToken", object_id=str(token.uid), action="create")
    assert "digest" not in created.changes and created.changes["prefix"] == [None, token.prefix]
    admin = world.user("admin")
    tokens.token_revoke(actor=admin, token=token)
    revoked = AuditEvent.objects.get(object_type="api.ApiToken", object_id=str(token.uid), action="update")
    assert revoked.actor == admin and "revoked_at" in revoked.changes


def test_only_user_managers_create_or_revoke(world, centre):
    _, token, _raw = centre
    with pytest.raises(tokens.PermissionRefused):
        tokens.token_create(actor=world.user("head"), user=world.user("specialist"), name="x")
    with pytest.raises(tokens.PermissionRefused):
        tokens.token_revoke(actor=world.user("head"), token=token)
    _t, raw = tokens.token_create(actor=world.user("admin"), user=world.user("leb"), name="LEB tool")
    assert bearer(raw).get(reverse("person-list")).status_code == 200


def test_bound_to_an_existing_user_the_token_has_that_users_scope(world):
    _t, raw = tokens.token_create(actor=None, user=world.user("other_leb"), name="Abai LEB tool")
    client = bearer(raw)
    assert client.get(reverse("person-detail", kwargs={"uid": world.person.uid})).status_code == 404
    assert client.get(reverse("person-detail", kwargs={"uid": world.other_person.uid})).status_code == 200


def test_management_command_creates_lists_and_revokes(world):
    out = io.StringIO()
    call_command("api_token", "create", "--name", "E-sobes", "--service-user", "svc-esobes",
                 "--role", "leb_officer", "--region", world.region.code, "--days", "30", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get(user__username="svc-esobes")
    assert raw.startswith(f"qmq_{token.prefix}.") and token.expires_at is not None
    assert bearer(raw).get(reverse("person-detail", kwargs={"uid": world.person.uid})).status_code == 200

    out = io.StringIO()
    call_command("api_token", "list", stdout=out)
    assert token.prefix in out.getvalue() and raw not in out.getvalue() and "active" in out.getvalue()

    call_command("api_token", "revoke", token.prefix, stdout=io.StringIO())
    assert bearer(raw).get(reverse("person-list")).status_code == 401

    out = io.StringIO()
    call_command("api_token", "create", "--name", "Mine", "--user", "inspector", stdout=out)
    assert ApiToken.objects.filter(user__username="inspector", name="Mine").exists()


def test_service_user_role_and_scope_are_checked(world):
    from qamqor.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        tokens.service_user_create(actor=None, username="svc-x", role=Role.PROVIDER_SPECIALIST)
    assert exc.value.code == "provider_required"


def test_admin_page_creates_a_token_shown_once_and_revokes(world):
    from django.test import Client

    client = Client()
    client.force_login(world.user("admin"))
    url = "/en/admin/api/apitoken/"
    assert client.get(url).status_code == 200
    response = client.post(url + "add/", {"name": "Portal", "user": world.user("analyst").pk,
                                          "expires_at_0": "", "expires_at_1": ""}, follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Portal")
    shown = [str(m) for m in response.context["messages"]]
    assert any(f"qmq_{token.prefix}." in m for m in shown)
    client.post(url, {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    token.refresh_from_db()
    assert token.revoked_at is not None

    other = Client()
    other.force_login(world.user("head"))
    assert other.get(url).status_code in (302, 403)
