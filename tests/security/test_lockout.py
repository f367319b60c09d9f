"""ASVS V2.2.1: repeated failed log-ins lock the account (5 in 15 minutes) and the client address
(20 in 15 minutes), on the pages' log-in, the admin's log-in and any call of ``authenticate``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from qamqor.accounts import lockout
from qamqor.accounts.models import LoginAttempt, Role
from qamqor.core.models import AuditAction, AuditEvent
from tests.factories import UserFactory
from tests.security.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username: str, password: str, *, ip: str = "10.0.0.1", url: str = "/en/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client) -> None:
    user = UserFactory()
    for _ in range(4):
        response = _login(client, user.username, "wrong-password")
        assert response.status_code == 200
        assert "Too many failed log-ins" not in response.content.decode()
    response = _login(client, user.username, "wrong-password")
    assert "Too many failed log-ins" in response.content.decode()
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # from another address too: the account itself is locked
    assert "Too many failed log-ins" in _login(client, user.username, PASSWORD, ip="10.9.9.9").content.decode()


def test_the_lock_and_the_refusals_are_audited(client) -> None:
    user = UserFactory()
    for _ in range(5):
        _login(client, user.username, "wrong-password")
    _login(client, user.username, PASSWORD)
    events = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, actor_username=user.username)
    assert any("locked_until" in e.changes for e in events)
    assert any("refused_until" in e.changes for e in events)
    assert all("password" not in str(e.changes) or "wrong-password" not in str(e.changes) for e in events)


def test_the_lock_lifts_after_the_window(client) -> None:
    user = UserFactory()
    for _ in range(5):
        _login(client, user.username, "wrong-password")
    assert lockout.locked_until(user.username, None) is not None
    LoginAttempt.objects.all().update(at=timezone.now() - timedelta(minutes=16))
    assert lockout.locked_until(user.username, None) is None
    assert _login(client, user.username, PASSWORD).status_code == 302


def test_a_successful_log_in_resets_the_account_count(client) -> None:
    user = UserFactory()
    for _ in range(4):
        _login(client, user.username, "wrong-password")
    assert _login(client, user.username, PASSWORD).status_code == 302
    client.post("/en/logout/")
    for _ in range(4):
        _login(client, user.username, "wrong-password")
    assert _login(client, user.username, PASSWORD).status_code == 302


def test_an_unknown_user_name_is_locked_the_same_way(client) -> None:
    for _ in range(5):
        _login(client, "nobody-here", "wrong-password")
    assert "Too many failed log-ins" in _login(client, "nobody-here", "x").content.decode()


def test_twenty_failures_from_one_address_lock_that_address_for_every_account(client) -> None:
    user = UserFactory()
    for n in range(20):
        _login(client, f"guess{n}", "wrong-password", ip="192.0.2.7")
    response = _login(client, user.username, PASSWORD, ip="192.0.2.7")
    assert "Too many failed log-ins" in response.content.decode()
    assert _login(client, user.username, PASSWORD, ip="192.0.2.8").status_code == 302


def test_the_admin_log_in_is_locked_too(client) -> None:
    user = UserFactory(role=Role.ADMIN)
    for _ in range(5):
        _login(client, user.username, "wrong-password", url="/en/admin/login/")
    response = _login(client, user.username, PASSWORD, url="/en/admin/login/?next=/en/admin/")
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    assert client.get("/en/admin/").status_code == 302


def test_every_authenticate_call_goes_through_the_lockout() -> None:
    """The API has no log-in of its own (it uses the session of the pages); any code path that calls
    ``authenticate`` — a future API log-in or token exchange included — meets the same lock."""
    user = UserFactory()
    request = RequestFactory().post("/api/whatever", REMOTE_ADDR="10.1.1.1")
    for _ in range(5):
        assert authenticate(request, username=user.username, password="nope") is None
    assert authenticate(request, username=user.username, password=PASSWORD) is None
    assert getattr(request, "qamqor_locked_until", None) is not None
    LoginAttempt.objects.all().delete()
    assert authenticate(RequestFactory().post("/"), username=user.username, password=PASSWORD) == user


def test_thresholds_come_from_the_settings(client, settings) -> None:
    settings.QAMQOR_LOCKOUT_ACCOUNT_FAILURES = 2
    user = UserFactory()
    _login(client, user.username, "wrong-password")
    _login(client, user.username, "wrong-password")
    assert "Too many failed log-ins" in _login(client, user.username, PASSWORD).content.decode()


def test_the_administrator_lifts_a_lock(client) -> None:
    admin = UserFactory(role=Role.ADMIN)
    user = UserFactory()
    for _ in range(5):
        _login(client, user.username, "wrong-password", ip="10.2.2.2")
    client.force_login(admin)
    response = client.post("/en/admin/accounts/user/", {"action": "clear_failed_logins",
                                                        "_selected_action": [user.pk]})
    assert response.status_code == 302
    assert lockout.locked_until(user.username, None) is None


def test_a_forged_forwarded_for_entry_does_not_dodge_the_address_lock(client, settings) -> None:
    """Behind the proxy, only the last X-Forwarded-For entry (added by the proxy) is the address."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for n in range(20):
        client.post("/en/login/", {"username": f"guess{n}", "password": "x"},
                    HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9")
    assert LoginAttempt.objects.filter(ip="203.0.113.9").count() == 20
    user = UserFactory()
    response = client.post("/en/login/", {"username": user.username, "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.9")
    assert "Too many failed log-ins" in response.content.decode()
