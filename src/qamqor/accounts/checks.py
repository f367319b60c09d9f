"""Deployment checks of authentication (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def authentication_hardening(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Production should keep the second factor, Argon2 and the lockout on."""
    issues = []
    if settings.PRODUCTION and not settings.QAMQOR_TWO_FACTOR_REQUIRED:
        issues.append(Warning("Two-factor authentication is off (QAMQOR_TWO_FACTOR_REQUIRED): staff log in with "
                              "a password alone.", id="qamqor.W101"))
    if not settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher"):
        issues.append(Warning("Passwords are not hashed with Argon2 first (PASSWORD_HASHERS).", id="qamqor.W102"))
    if settings.QAMQOR_LOCKOUT_ACCOUNT_FAILURES <= 0 or settings.QAMQOR_LOCKOUT_ADDRESS_FAILURES <= 0:
        issues.append(Warning("The lockout of repeated failed log-ins is off (QAMQOR_LOCKOUT_*).", id="qamqor.W103"))
    return issues
