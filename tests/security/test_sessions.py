"""ASVS V3.3: a session ends after inactivity (30 minutes by default) and after an absolute lifetime;
«log out everywhere» ends every session of the user; a password change ends the others."""

from __future__ import annotations

import time

import pytest

from qamqor import settings as project_settings
from qamqor.accounts.middleware import LAST_SEEN_KEY
from qamqor.accounts.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _age_session(client, seconds: int) -> None:  # noqa: ANN001
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_defaults() -> None:
    assert project_settings.QAMQOR_SESSION_IDLE_TIMEOUT == 30 * 60
    assert project_settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_an_idle_session_is_logged_out(client) -> None:
    client.force_login(UserFactory(role=Role.INSPECTOR))
    assert client.get("/en/persons/").status_code == 200
    _age_session(client, 31 * 60)
    response = client.get("/en/persons/")
    assert response.status_code == 302
    assert response["Location"] == "/en/login/?next=%2Fen%2Fpersons%2F"
    assert "_auth_user_id" not in client.session
    assert "inactivity" in client.get("/en/login/").content.decode()


def test_an_idle_api_session_is_refused(client) -> None:
    client.force_login(UserFactory(role=Role.INSPECTOR))
    assert client.get("/api/v1/persons/").status_code == 200
    _age_session(client, 31 * 60)
    assert client.get("/api/v1/persons/").status_code in (401, 403)


def test_an_active_session_stays(client) -> None:
    client.force_login(UserFactory(role=Role.INSPECTOR))
    client.get("/en/persons/")
    _age_session(client, 29 * 60)
    assert client.get("/en/persons/").status_code == 200
    _age_session(client, 29 * 60)  # each request renews the idle limit
    assert client.get("/en/persons/").status_code == 200


def test_the_idle_limit_is_a_setting(client, settings) -> None:
    settings.QAMQOR_SESSION_IDLE_TIMEOUT = 60
    client.force_login(UserFactory(role=Role.INSPECTOR))
    client.get("/en/persons/")
    _age_session(client, 90)
    assert client.get("/en/persons/").status_code == 302


def test_log_out_everywhere_ends_every_session_of_the_user(client, django_user_model) -> None:
    user = UserFactory(role=Role.INSPECTOR)
    laptop, phone, colleague = client, client.__class__(), client.__class__()
    laptop.force_login(user)
    phone.force_login(user)
    colleague.force_login(UserFactory(role=Role.INSPECTOR))
    assert phone.get("/en/persons/").status_code == 200
    response = laptop.post("/en/account/logout-everywhere/")
    assert response["Location"] == "/en/login/"
    assert phone.get("/en/persons/")["Location"].startswith("/en/login/")
    assert laptop.get("/en/persons/")["Location"].startswith("/en/login/")
    assert colleague.get("/en/persons/").status_code == 200
    assert User.objects.get(pk=user.pk).session_epoch == 1
    laptop.force_login(User.objects.get(pk=user.pk))  # a new log-in works
    assert laptop.get("/en/persons/").status_code == 200


def test_log_out_everywhere_needs_a_post(client) -> None:
    client.force_login(UserFactory(role=Role.INSPECTOR))
    assert client.get("/en/account/logout-everywhere/").status_code == 405


def test_the_administrator_ends_a_users_sessions(client) -> None:
    user = UserFactory(role=Role.INSPECTOR)
    other = client.__class__()
    other.force_login(user)
    client.force_login(UserFactory(role=Role.ADMIN))
    client.post("/en/admin/accounts/user/", {"action": "end_sessions", "_selected_action": [user.pk]})
    assert other.get("/en/persons/")["Location"].startswith("/en/login/")


def test_a_password_change_ends_the_other_sessions(client) -> None:
    from qamqor.accounts import services

    user = UserFactory(role=Role.INSPECTOR)
    client.force_login(user)
    services.user_set_password(actor=UserFactory(role=Role.ADMIN), user=user, password="a-new-long-passphrase")
    assert client.get("/en/persons/")["Location"].startswith("/en/login/")


def test_the_security_page_lists_the_choices(client) -> None:
    client.force_login(UserFactory(role=Role.INSPECTOR))
    html = client.get("/en/account/security/").content.decode()
    assert "Log out everywhere" in html and "Set up two-factor authentication" in html
