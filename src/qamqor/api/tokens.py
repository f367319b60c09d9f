"""API tokens: create (the secret is returned once), revoke, and authenticate a presented token.

A token is ``qmq_<prefix>.<secret>``: the prefix (12 hex digits, stored as is) finds the row, the
SHA-256 digest of the whole token (stored) proves it. The secret has 256 bits of entropy, so a plain
digest is enough (no slow password hash is needed: there is nothing to guess)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import has_perm, role_of
from qamqor.access.permissions import P
from qamqor.accounts.models import User
from qamqor.accounts.services import user_role_scope_check
from qamqor.api.models import ApiToken
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.core.models import AuditAction

TOKEN_PREFIX = "qmq_"
# ``last_used_at`` is written at most this often per token (every request would be a write).
LAST_USED_RESOLUTION = timedelta(minutes=1)

USER_WITHOUT_ROLE = _("The user has no role (or is inactive): a token acting as them could do nothing.")
ALREADY_REVOKED = _("This token is already revoked.")
DUPLICATE_USERNAME = _("A user with this name already exists.")


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _require(actor: Any) -> None:
    """``actor=None`` is the command line (the operator of the server); otherwise the role must manage users."""
    if actor is not None and not has_perm(actor, P.USER_MANAGE):
        raise PermissionRefused()


def _token_snapshot(token: ApiToken) -> dict[str, Any]:
    return {k: v for k, v in snapshot(token).items() if k != "digest"}


@transaction.atomic
def service_user_create(*, actor: Any, username: str, role: str, provider: Any = None, region: Any = None,
                        full_name: str = "") -> User:
    """A dedicated user for a system: it holds the role and the provider or region, has no password
    (it cannot log in to the pages) and appears by name in the audit trail."""
    _require(actor)
    user_role_scope_check(role=role, provider=provider, region=region)
    username = (username or "").strip()
    if User.objects.filter(username=username).exists():
        raise DomainError("duplicate_username", DUPLICATE_USERNAME, field="username")
    user = User(username=username, role=role, provider=provider, region=region, first_name=full_name[:150],
                position="API")
    user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        fields = {k: list(v) for k, v in exc.message_dict.items()}
        field = next(iter(fields))
        raise DomainError("invalid", fields[field][0], field=field, fields=fields) from None
    user.save()
    changes = {k: v for k, v in snapshot(user).items() if k != "password"}
    audit_record(actor=actor, action=AuditAction.CREATE, obj=user, changes=diff({}, changes))
    return user


@transaction.atomic
def token_create(*, actor: Any, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token acting as ``user``; returns the row and the token text, which is never shown again."""
    _require(actor)
    if not role_of(user):
        raise DomainError("user_without_role", USER_WITHOUT_ROLE, field="user")
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        name=name.strip()[:200] or user.username, user=user, prefix=prefix, digest=digest_of(raw),
        created_by=getattr(actor, "username", "") or "system", expires_at=expires_at)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=token, changes=diff({}, _token_snapshot(token)))
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token at once: the next request with it is refused."""
    _require(actor)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError("already_revoked", ALREADY_REVOKED)
    before = _token_snapshot(token)
    token.revoked_at = timezone.now()
    token.revoked_by = getattr(actor, "username", "") or "system"
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=token, changes=diff(before, _token_snapshot(token)))
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token this text is, or None (unknown, wrong secret, revoked, expired, user inactive)."""
    raw = (raw or "").strip()
    if not raw.startswith(TOKEN_PREFIX) or "." not in raw:
        return None
    prefix = raw[len(TOKEN_PREFIX):].split(".", 1)[0]
    token = ApiToken.objects.active().select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(raw)):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
