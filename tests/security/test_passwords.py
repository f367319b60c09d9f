"""ASVS V2.4: passwords are stored with Argon2id; older PBKDF2 hashes are upgraded at the next log-in."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from qamqor import settings as project_settings
from qamqor.accounts.models import User
from tests.factories import UserFactory
from tests.security.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_argon2_is_the_first_hasher_of_the_project() -> None:
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_new_password_is_stored_as_argon2id(real_hashers) -> None:
    user = UserFactory()
    user.set_password("a-long-enough-passphrase")
    user.save()
    assert User.objects.get(pk=user.pk).password.startswith("argon2$argon2id$")


def test_an_old_pbkdf2_hash_is_upgraded_at_log_in(client, real_hashers) -> None:
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    response = client.post("/en/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).password.startswith("argon2$")
