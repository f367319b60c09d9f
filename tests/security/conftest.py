"""Helpers for the security tests: a user, the password the factory gives, a current TOTP code."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone

from qamqor.accounts import twofactor
from qamqor.accounts.models import TwoFactorDevice

PASSWORD = "correct-horse-battery"


def code_for(device: TwoFactorDevice, steps_ahead: int = 0) -> str:
    """The code of the current time step (or one step later: the server accepts one step of drift,
    which lets a test use a fresh code after one was accepted in the same 30 seconds)."""
    totp = pyotp.TOTP(twofactor.device_key(device))
    return totp.at(timezone.now() + timedelta(seconds=30 * steps_ahead))


def enrolled(user) -> TwoFactorDevice:
    return TwoFactorDevice.objects.create(user=user, secret=twofactor.seal(pyotp.random_base32(32)),
                                          confirmed_at=timezone.now())


@pytest.fixture
def real_hashers(settings):
    from qamqor import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
