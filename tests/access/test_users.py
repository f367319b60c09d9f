"""User management: only the administrator, each role with its provider or region, every change audited
(never the password)."""

from __future__ import annotations

import pytest
from django.test import Client

from qamqor.accounts.models import Role, User
from qamqor.accounts.services import user_create, user_set_password, user_update
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.core.models import AuditAction, AuditEvent
from tests.factories import ProviderFactory, RegionFactory, UserFactory
from tests.registry.admin_helpers import admin_url, form_data

pytestmark = pytest.mark.django_db

PASSWORD = "long-enough-passphrase-42"


@pytest.fixture
def admin_user():
    return UserFactory(role=Role.ADMIN)


def test_create_a_provider_specialist(admin_user) -> None:
    provider = ProviderFactory()
    user = user_create(actor=admin_user, username="zhanar", password=PASSWORD, role=Role.PROVIDER_SPECIALIST,
                       provider=provider, first_name="Жанар")
    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get(object_type="accounts.User")
    assert event.action == AuditAction.CREATE
    assert "password" not in event.changes
    assert event.changes["role"] == [None, "provider_specialist"]


@pytest.mark.parametrize(("role", "scope", "code"), [
    (Role.PROVIDER_HEAD, {}, "provider_required"),
    (Role.LEB_OFFICER, {}, "region_required"),
    (Role.ANALYST, {"region": "region"}, "region_not_allowed"),
    (Role.INSPECTOR, {"provider": "provider"}, "provider_not_allowed"),
    ("janitor", {}, "unknown_role"),
])
def test_role_and_scope_must_match(admin_user, role, scope, code) -> None:
    values = {"region": RegionFactory(), "provider": ProviderFactory()}
    with pytest.raises(DomainError) as caught:
        user_create(actor=admin_user, username="x", password=PASSWORD, role=role,
                    **{k: values[v] for k, v in scope.items()})
    assert caught.value.code == code
    assert not User.objects.filter(username="x").exists()


def test_weak_password_and_duplicate_name_are_refused(admin_user) -> None:
    with pytest.raises(DomainError) as caught:
        user_create(actor=admin_user, username="a", password="123", role=Role.ANALYST)
    assert caught.value.code == "weak_password"
    with pytest.raises(DomainError) as caught:
        user_create(actor=admin_user, username=admin_user.username, password=PASSWORD, role=Role.ANALYST)
    assert caught.value.code == "duplicate_username"


@pytest.mark.parametrize("role", [Role.PROVIDER_HEAD, Role.LEB_OFFICER, Role.INSPECTOR, Role.ANALYST])
def test_only_the_administrator_manages_users(role) -> None:
    actor = UserFactory(role=role)
    with pytest.raises(PermissionRefused):
        user_create(actor=actor, username="x", password=PASSWORD, role=Role.ANALYST)
    with pytest.raises(PermissionRefused):
        user_update(actor=actor, user=actor, data={"role": Role.ADMIN})


def test_update_and_password_are_audited(admin_user) -> None:
    region = RegionFactory()
    user = UserFactory(role=Role.INSPECTOR)
    user_update(actor=admin_user, user=user, data={"region": region, "position": "бас инспектор"})
    user_set_password(actor=admin_user, user=user, password=PASSWORD)
    user.refresh_from_db()
    assert user.region == region and user.check_password(PASSWORD)
    events = list(AuditEvent.objects.filter(object_type="accounts.User").order_by("id"))
    assert events[0].changes["region"] == [None, region.pk]
    assert events[1].changes == {"password": ["***", "***"]}
    with pytest.raises(DomainError):
        user_update(actor=admin_user, user=user, data={"username": "renamed"})


def test_the_admin_adds_a_user_through_the_service(admin_user) -> None:
    client = Client()
    client.force_login(admin_user)
    region = RegionFactory()
    data = form_data(client.get(admin_url("accounts_user_add")))
    data.update({"username": "officer1", "password1": PASSWORD, "password2": PASSWORD, "role": Role.LEB_OFFICER,
                 "region": region.pk, "last_name": "Омарова"})
    response = client.post(admin_url("accounts_user_add"), data)
    assert response.status_code == 302
    user = User.objects.get(username="officer1")
    assert user.region == region and user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(object_type="accounts.User", action=AuditAction.CREATE).count() == 1


def test_the_admin_form_shows_a_role_scope_error(admin_user) -> None:
    client = Client()
    client.force_login(admin_user)
    data = form_data(client.get(admin_url("accounts_user_add")))
    data.update({"username": "officer2", "password1": PASSWORD, "password2": PASSWORD, "role": Role.LEB_OFFICER})
    response = client.post(admin_url("accounts_user_add"), data)
    assert response.status_code == 200
    assert "must have a region" in response.content.decode()
    assert not User.objects.filter(username="officer2").exists()


def test_the_admin_changes_a_role_and_sets_a_password(admin_user) -> None:
    user = UserFactory(role=Role.ANALYST)
    client = Client()
    client.force_login(admin_user)
    data = form_data(client.get(admin_url("accounts_user_change", user.pk)))
    data.update({"role": Role.INSPECTOR})
    assert client.post(admin_url("accounts_user_change", user.pk), data).status_code == 302
    user.refresh_from_db()
    assert user.role == Role.INSPECTOR
    response = client.post(admin_url("auth_user_password_change", user.pk),
                           {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    changes = [e.changes for e in AuditEvent.objects.filter(object_type="accounts.User").order_by("id")]
    assert changes == [{"role": ["analyst", "inspector"]}, {"password": ["***", "***"]}]


def test_other_roles_cannot_open_user_management() -> None:
    head = UserFactory(role=Role.PROVIDER_HEAD)
    client = Client()
    client.force_login(head)
    assert client.get(admin_url("accounts_user_changelist")).status_code == 403
    assert client.get(admin_url("accounts_user_change", head.pk)).status_code == 403
