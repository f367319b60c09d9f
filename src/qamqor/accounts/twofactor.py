"""Two-factor authentication with time-based one-time passwords (TOTP, RFC 6238, via ``pyotp``).

Required for the roles in ``QAMQOR_TWO_FACTOR_ROLES`` (all of them by default) while
``QAMQOR_TWO_FACTOR_REQUIRED`` is on (the default). After the password, a session is «half logged in»:
``SessionSecurityMiddleware`` lets it reach only the second-factor pages and log-out until a valid
code marks the session verified. A user without an authenticator enrols on first log-in; ten
one-time recovery codes (kept hashed) replace a lost authenticator; the administrator can reset it."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Any

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import has_perm, role_of
from qamqor.access.permissions import P
from qamqor.accounts import lockout
from qamqor.accounts.models import LoginAttempt, RecoveryCode, TwoFactorDevice, User
from qamqor.core.audit import audit_record
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.core.middleware import client_ip
from qamqor.core.models import AuditAction

SESSION_KEY = "qamqor_2fa"
ISSUER = "Qamqor"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

INVALID_CODE = _("The code is not valid. Check the time on your device and type the current code.")
ALREADY_ENROLLED = _("Two-factor authentication is already set up for this user.")


def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(b"qamqor.accounts.totp\x00" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(key: str) -> str:
    """The TOTP key as stored: encrypted (Fernet) with a key derived from SECRET_KEY."""
    return _fernet(settings.SECRET_KEY).encrypt(key.encode()).decode()


def device_key(device: TwoFactorDevice) -> str:
    """The device's TOTP key in clear (SECRET_KEY_FALLBACKS are tried after a key rotation)."""
    for secret_key in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())):
        try:
            return _fernet(secret_key).decrypt(device.secret.encode()).decode()
        except InvalidToken:
            continue
    raise ValueError("The authenticator key cannot be decrypted with SECRET_KEY or its fallbacks.")


def required_for(user: Any) -> bool:
    """Whether this user must pass a second factor (the setting is on and the role is listed)."""
    if not getattr(settings, "QAMQOR_TWO_FACTOR_REQUIRED", True):
        return False
    role = role_of(user)
    return bool(role) and role in settings.QAMQOR_TWO_FACTOR_ROLES


def is_verified(request: Any) -> bool:
    return request.session.get(SESSION_KEY) == request.user.pk


def mark_verified(request: Any) -> None:
    request.session[SESSION_KEY] = request.user.pk
    request.session.cycle_key()


def confirmed_device(user: Any) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def enrolment_device(user: User) -> TwoFactorDevice:
    """The user's authenticator being set up (a new secret, or the one shown before and not yet confirmed)."""
    if confirmed_device(user) is not None:
        raise DomainError("already_enrolled", ALREADY_ENROLLED)
    device, _created = TwoFactorDevice.objects.get_or_create(user=user,
                                                             defaults={"secret": seal(pyotp.random_base32(32))})
    return device


def provisioning_uri(device: TwoFactorDevice) -> str:
    return pyotp.TOTP(device_key(device)).provisioning_uri(name=device.user.username, issuer_name=ISSUER)


def _matching_step(device: TwoFactorDevice, code: str) -> int | None:
    """The time step whose code this is (the current one or one either side, for clock drift)."""
    if not code.isdigit() or len(code) != 6:
        return None
    try:
        totp = pyotp.TOTP(device_key(device))
    except ValueError:
        return None
    now = timezone.now()
    for drift in (0, -1, 1):
        moment = now + timedelta(seconds=drift * totp.interval)
        if secrets.compare_digest(totp.at(moment), code):
            return totp.timecode(moment)
    return None


def _accept_totp(device: TwoFactorDevice, code: str) -> bool:
    step = _matching_step(device, code)
    if step is None:
        return False
    # A code is accepted once: the update succeeds only if no later or equal step was accepted before.
    return TwoFactorDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step) == 1


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    codes = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_hash(c)) for c in codes])
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def _use_recovery_code(user: User, code: str) -> bool:
    return RecoveryCode.objects.filter(user=user, code_hash=_hash(code), used_at__isnull=True).update(
        used_at=timezone.now()) == 1


def _failed(request: Any, user: User) -> None:
    lockout.record_failure(user.username, client_ip(request), LoginAttempt.Step.SECOND_FACTOR)
    audit_record(actor=user, action=AuditAction.LOGIN_FAILED, obj=user, changes={"step": [None, "second_factor"]})


@transaction.atomic
def confirm_enrolment(request: Any, code: str) -> list[str]:
    """The first valid code confirms the authenticator: the session is verified and the recovery codes
    are returned (shown once)."""
    user = request.user
    device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        raise DomainError("already_enrolled", ALREADY_ENROLLED)
    if not _accept_totp(device, code):
        _failed(request, user)
        raise DomainError("invalid_code", INVALID_CODE, field="code")
    device.refresh_from_db()
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action=AuditAction.UPDATE, obj=user, changes={"two_factor": [None, "enrolled"]})
    mark_verified(request)
    lockout.clear(user.username)
    return codes


def verify(request: Any, code: str) -> str:
    """Check a code typed after the password: a TOTP code or an unused recovery code. Returns which one
    was used; a wrong code counts as a failed log-in (the lockout applies)."""
    user = request.user
    device = confirmed_device(user)
    used = ""
    if device is not None and _accept_totp(device, code):
        used = "totp"
    elif device is not None and len(code.replace("-", "")) == 10 and _use_recovery_code(user, code):
        used = "recovery_code"
    if not used:
        _failed(request, user)
        raise DomainError("invalid_code", INVALID_CODE, field="code")
    mark_verified(request)
    lockout.clear(user.username)
    audit_record(actor=user, action=AuditAction.LOGIN, obj=user, changes={"second_factor": [None, used]})
    return used


def regenerate_recovery_codes(request: Any) -> list[str]:
    """New recovery codes for the (verified) user; the old ones stop working."""
    user = request.user
    if confirmed_device(user) is None or not is_verified(request):
        raise PermissionRefused()
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit_record(actor=user, action=AuditAction.UPDATE, obj=user,
                     changes={"recovery_codes": [None, "regenerated"]})
    return codes


def unused_recovery_codes(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def reset(*, actor: Any, user: User) -> None:
    """The administrator removes a user's authenticator and recovery codes (lost device): the user
    enrols again at the next log-in, and every open session of the user ends."""
    if not has_perm(actor, P.USER_MANAGE):
        raise PermissionRefused()
    TwoFactorDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, changes={"two_factor": ["enrolled", None]})


@transaction.atomic
def logout_everywhere(*, actor: Any, user: User) -> None:
    """End every session of the user (their own request, or the administrator's): the session hash
    includes ``session_epoch``, so raising it invalidates each session at its next request."""
    if actor.pk != user.pk and not has_perm(actor, P.USER_MANAGE):
        raise PermissionRefused()
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, changes={"sessions": [None, "all ended"]})
