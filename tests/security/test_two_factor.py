"""ASVS V2.7/V2.8: a second factor (TOTP) for every staff role; the session is half open until it is
given; codes are single-use; recovery codes are hashed and single-use; wrong codes lock the account;
the administrator resets a lost authenticator. Enforcement is on in these tests (``two_factor``)."""

from __future__ import annotations

import re

import pyotp
import pytest

from qamqor import settings as project_settings
from qamqor.accounts import twofactor
from qamqor.accounts.models import RecoveryCode, Role, TwoFactorDevice, User
from qamqor.core.models import AuditAction, AuditEvent
from tests.factories import UserFactory
from tests.security.conftest import PASSWORD, code_for, enrolled

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

STAFF = [Role.PROVIDER_SPECIALIST, Role.PROVIDER_HEAD, Role.LEB_OFFICER, Role.INSPECTOR, Role.ANALYST, Role.ADMIN]


def test_the_setting_is_on_by_default_for_every_staff_role() -> None:
    assert project_settings.QAMQOR_TWO_FACTOR_REQUIRED is True
    assert set(project_settings.QAMQOR_TWO_FACTOR_ROLES) == {str(r) for r in STAFF}


@pytest.mark.parametrize("role", STAFF)
def test_a_password_alone_opens_nothing(client, role) -> None:
    user = UserFactory(role=role)
    assert twofactor.required_for(user)
    response = client.post("/en/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/en/persons/")
    assert page.status_code == 302
    assert page["Location"].startswith("/en/account/two-factor/enrol/?next=")
    assert client.get("/en/admin/").status_code == 302
    api = client.get("/api/v1/persons/")
    assert api.status_code == 403
    assert api.json()["code"] == "two_factor_required"


def test_enrolment_shows_the_key_as_text_and_as_an_otpauth_address_then_gives_recovery_codes(client) -> None:
    user = UserFactory(role=Role.PROVIDER_SPECIALIST)
    client.force_login(user)
    page = client.get("/en/account/two-factor/enrol/?next=/en/persons/")
    html = page.content.decode()
    device = TwoFactorDevice.objects.get(user=user)
    assert device.confirmed_at is None
    key = twofactor.device_key(device)
    assert key not in device.secret  # stored encrypted
    assert " ".join(key[i:i + 4] for i in range(0, 32, 4)) in html
    assert "otpauth://totp/Qamqor:" in html and f"secret={key}" in html
    assert "<svg" in html  # the QR code, drawn without script

    wrong = client.post("/en/account/two-factor/enrol/", {"code": "000000", "next": "/en/persons/"})
    assert "The code is not valid" in wrong.content.decode()
    assert client.get("/en/persons/").status_code == 302

    done = client.post("/en/account/two-factor/enrol/", {"code": code_for(device), "next": "/en/persons/"})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.content.decode())
    assert len(codes) == 10
    assert RecoveryCode.objects.filter(user=user).count() == 10
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not any(c.replace("-", "") in h for c in codes for h in stored)  # only hashes are kept
    assert client.get("/en/persons/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(user.pk),
                                     changes__two_factor=[None, "enrolled"]).exists()


def test_log_in_then_code_then_the_page_asked_for(client) -> None:
    user = UserFactory(role=Role.INSPECTOR)
    device = enrolled(user)
    response = client.post("/en/login/?next=/en/persons/",
                           {"username": user.username, "password": PASSWORD, "next": "/en/persons/"})
    assert response["Location"] == "/en/persons/"
    response = client.get("/en/persons/")
    assert response["Location"] == "/en/account/two-factor/?next=%2Fen%2Fpersons%2F"
    response = client.post("/en/account/two-factor/", {"code": code_for(device), "next": "/en/persons/"})
    assert response["Location"] == "/en/persons/"
    assert client.get("/en/persons/").status_code == 200
    assert client.get("/api/v1/persons/").status_code == 200


def test_the_code_page_does_not_redirect_elsewhere(client) -> None:
    user = UserFactory(role=Role.INSPECTOR)
    device = enrolled(user)
    client.force_login(user)
    response = client.post("/en/account/two-factor/", {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/en/"


def test_a_code_is_accepted_only_once(client) -> None:
    user = UserFactory(role=Role.LEB_OFFICER)
    device = enrolled(user)
    code = code_for(device)
    client.force_login(user)
    assert client.post("/en/account/two-factor/", {"code": code}).status_code == 302
    client.logout()
    client.force_login(user)
    again = client.post("/en/account/two-factor/", {"code": code})
    assert again.status_code == 200
    assert "The code is not valid" in again.content.decode()


def test_a_recovery_code_replaces_the_authenticator_once(client) -> None:
    user = UserFactory(role=Role.PROVIDER_HEAD)
    enrolled(user)
    codes = twofactor._new_recovery_codes(user)
    client.force_login(user)
    response = client.post("/en/account/two-factor/", {"code": codes[0].upper()}, follow=True)
    assert response.status_code == 200
    assert "Unused recovery codes left: 9." in response.content.decode()
    client.logout()
    client.force_login(user)
    assert client.post("/en/account/two-factor/", {"code": codes[0]}).status_code == 200  # used
    assert client.post("/en/account/two-factor/", {"code": codes[1]}).status_code == 302


def test_wrong_codes_lock_the_account_and_end_the_half_open_session(client) -> None:
    user = UserFactory(role=Role.ANALYST)
    enrolled(user)
    client.post("/en/login/", {"username": user.username, "password": PASSWORD})
    for _ in range(4):
        assert client.post("/en/account/two-factor/", {"code": "123456"}).status_code == 200
    response = client.post("/en/account/two-factor/", {"code": "123456"})
    assert response["Location"] == "/en/login/"
    assert "_auth_user_id" not in client.session
    # and the password alone no longer opens even the half session
    again = client.post("/en/login/", {"username": user.username, "password": PASSWORD})
    assert "Too many failed log-ins" in again.content.decode()


def test_a_password_log_in_does_not_reset_the_second_factor_failures(client) -> None:
    user = UserFactory(role=Role.ANALYST)
    enrolled(user)
    for _ in range(5):
        client.post("/en/login/", {"username": user.username, "password": PASSWORD})
        client.post("/en/account/two-factor/", {"code": "123456"})
        client.post("/en/logout/")
    assert "Too many failed log-ins" in client.post(
        "/en/login/", {"username": user.username, "password": PASSWORD}).content.decode()


def test_the_administrator_resets_a_lost_authenticator(client) -> None:
    admin = UserFactory(role=Role.ADMIN)
    user = UserFactory(role=Role.INSPECTOR)
    device = enrolled(user)
    other = client.__class__()
    other.force_login(user)
    other.post("/en/account/two-factor/", {"code": code_for(device)})
    assert other.get("/en/persons/").status_code == 200

    client.force_login(admin)
    client.post("/en/account/two-factor/", {"code": code_for(enrolled(admin))})
    response = client.post("/en/admin/accounts/user/", {"action": "reset_two_factor",
                                                        "_selected_action": [user.pk]})
    assert response.status_code == 302
    assert not TwoFactorDevice.objects.filter(user=user).exists()
    assert other.get("/en/persons/")["Location"].startswith("/en/login/")  # the user's sessions ended
    other.force_login(User.objects.get(pk=user.pk))
    assert other.get("/en/persons/")["Location"].startswith("/en/account/two-factor/enrol/")


def test_only_the_administrator_resets() -> None:
    from qamqor.core.errors import PermissionRefused

    head = UserFactory(role=Role.PROVIDER_HEAD)
    user = UserFactory(role=Role.PROVIDER_SPECIALIST)
    enrolled(user)
    with pytest.raises(PermissionRefused):
        twofactor.reset(actor=head, user=user)


def test_log_out_and_language_stay_reachable_before_the_code(client) -> None:
    user = UserFactory(role=Role.INSPECTOR)
    enrolled(user)
    client.force_login(user)
    assert client.post("/i18n/setlang/", {"language": "ru", "next": "/ru/"}).status_code == 302
    assert client.post("/en/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_enforcement_follows_the_setting(client, settings) -> None:
    settings.QAMQOR_TWO_FACTOR_REQUIRED = False
    client.force_login(UserFactory(role=Role.INSPECTOR))
    assert client.get("/en/persons/").status_code == 200


def test_roles_can_be_listed(client, settings) -> None:
    settings.QAMQOR_TWO_FACTOR_ROLES = ["admin"]
    client.force_login(UserFactory(role=Role.INSPECTOR))
    assert client.get("/en/persons/").status_code == 200


def test_the_otpauth_address_works_with_a_standard_authenticator() -> None:
    user = UserFactory(role=Role.INSPECTOR)
    device = twofactor.enrolment_device(user)
    parsed = pyotp.parse_uri(twofactor.provisioning_uri(device))
    assert parsed.secret == twofactor.device_key(device) and parsed.issuer == "Qamqor"
    assert parsed.now() == code_for(device)


def test_the_key_is_stored_encrypted_and_survives_a_secret_key_rotation(settings) -> None:
    user = UserFactory(role=Role.INSPECTOR)
    device = enrolled(user)
    key = twofactor.device_key(device)
    assert len(key) == 32 and key not in device.secret
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50
    settings.SECRET_KEY_FALLBACKS = [old]
    assert twofactor.device_key(device) == key
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError):
        twofactor.device_key(device)


def _every_route() -> list[tuple[str, str]]:
    """(path, view name) of every URL pattern, with sample values for its parameters."""
    from django.urls import URLPattern, URLResolver, get_resolver

    samples = {"uuid": "00000000-0000-4000-8000-000000000000", "int": "1", "str": "x", "slug": "x", "path": "x"}
    routes: list[tuple[str, str]] = []

    def walk(resolver, prefix: str, namespace: str) -> None:  # noqa: ANN001
        for pattern in resolver.url_patterns:
            text = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
                walk(pattern, prefix + text, ns)
            elif isinstance(pattern, URLPattern):
                if text.startswith("^"):  # admin's regex routes
                    continue
                path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples.get(m.group(1) or "str", "x"), prefix + text)
                routes.append(("/" + path, f"{namespace}:{pattern.name}" if namespace else str(pattern.name)))

    walk(get_resolver(), "", "")
    return routes


def test_no_route_opens_to_a_password_alone(client) -> None:
    """Generated from the URL map: a half-open session (password, no code) gets nothing from any page
    or endpoint except the second-factor pages, log-out and the language switch."""
    from django.utils import translation

    from qamqor.accounts.middleware import EXEMPT_VIEWS

    user = UserFactory(role=Role.ADMIN)
    enrolled(user)
    client.force_login(user)
    with translation.override("en"):
        routes = _every_route()
    assert len(routes) > 50
    opened = []
    for path, name in routes:
        if name in EXEMPT_VIEWS:
            continue
        path = path.replace("/kk/", "/en/").replace("/ru/", "/en/")
        response = client.get(path)
        if response.status_code == 404:
            continue
        location = response.get("Location", "")
        blocked = (response.status_code == 302 and "/account/two-factor/" in location) or (
            response.status_code == 403 and path.startswith("/api/"))
        if not blocked:
            opened.append((path, response.status_code, location))
    assert opened == []
