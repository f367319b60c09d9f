"""Writes to the user accounts: the administrator creates users, gives each a role and the provider or
region the role is scoped to, and resets passwords. Every change is audited (never the password)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import has_perm
from qamqor.access.permissions import P
from qamqor.accounts.models import PROVIDER_ROLES, Role, User
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.core.models import AuditAction

PROVIDER_REQUIRED = _("A provider specialist or head of provider must belong to a provider.")
PROVIDER_NOT_ALLOWED = _("Only provider staff belong to a provider.")
REGION_REQUIRED = _("A local executive body officer must have a region.")
REGION_NOT_ALLOWED = _("Only local executive body officers and inspectors are scoped to a region.")
DUPLICATE_USERNAME = _("A user with this user name already exists.")
UNKNOWN_ROLE = _("Unknown role.")
NOT_EDITABLE = _("This field cannot be changed here.")

USER_EDITABLE = frozenset({
    "first_name", "last_name", "email", "role", "provider", "region", "iin", "position", "is_active",
})
# The audit trail never holds a password hash.
_SECRET = {"password"}


def _require(actor: Any) -> None:
    if not has_perm(actor, P.USER_MANAGE):
        raise PermissionRefused()


def user_role_scope_check(*, role: str, provider: Any, region: Any) -> None:
    """A provider role belongs to one provider; a local executive body officer to one region; an
    inspector to a region or none (national); other roles to neither."""
    if role not in Role.values:
        raise DomainError("unknown_role", UNKNOWN_ROLE, field="role")
    if role in PROVIDER_ROLES and provider is None:
        raise DomainError("provider_required", PROVIDER_REQUIRED, field="provider")
    if role not in PROVIDER_ROLES and provider is not None:
        raise DomainError("provider_not_allowed", PROVIDER_NOT_ALLOWED, field="provider")
    if role == Role.LEB_OFFICER and region is None:
        raise DomainError("region_required", REGION_REQUIRED, field="region")
    if role not in (Role.LEB_OFFICER, Role.INSPECTOR) and region is not None:
        raise DomainError("region_not_allowed", REGION_NOT_ALLOWED, field="region")


def _snapshot(user: User) -> dict[str, Any]:
    return {k: v for k, v in snapshot(user).items() if k not in _SECRET}


def _clean(user: User, *, validate_unique: bool = True) -> None:
    try:
        user.full_clean(exclude=["password"], validate_unique=validate_unique)
    except ValidationError as exc:
        fields = {k: list(v) for k, v in exc.message_dict.items()}
        field = next(iter(fields))
        raise DomainError("invalid", fields[field][0], field=field, fields=fields) from None


def _password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("weak_password", exc.messages[0], field="password",
                          fields={"password": list(exc.messages)}) from None


@transaction.atomic
def user_create(*, actor: Any, username: str, password: str, role: str, provider: Any = None, region: Any = None,
                first_name: str = "", last_name: str = "", email: str = "", iin: str = "", position: str = "",
                is_active: bool = True) -> User:
    """Create a user with a role and the provider or region the role is scoped to."""
    _require(actor)
    user_role_scope_check(role=role, provider=provider, region=region)
    username = (username or "").strip()
    if User.objects.filter(username=username).exists():
        raise DomainError("duplicate_username", DUPLICATE_USERNAME, field="username")
    user = User(username=username, role=role, provider=provider, region=region, first_name=first_name,
                last_name=last_name, email=email, iin=iin, position=position, is_active=is_active)
    _password(password, user)
    user.set_password(password)
    _clean(user, validate_unique=False)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise DomainError("duplicate_username", DUPLICATE_USERNAME, field="username") from None
    audit_record(actor=actor, action=AuditAction.CREATE, obj=user, changes=diff({}, _snapshot(user)))
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, data: Mapping[str, Any]) -> User:
    """Change a user's particulars, role or scope (the user name and password are changed elsewhere)."""
    _require(actor)
    for key in data:
        if key not in USER_EDITABLE:
            raise DomainError("not_editable", NOT_EDITABLE, field=key)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _snapshot(user)
    for key, value in data.items():
        setattr(user, key, value)
    user_role_scope_check(role=user.role, provider=user.provider, region=user.region)
    _clean(user)
    if data:
        user.save(update_fields=list(data.keys()))
    changes = diff(before, _snapshot(user))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, changes=changes)
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """Set a user's password (the trail records that it changed, never the value)."""
    _require(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    _password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, changes={"password": ["***", "***"]})
    return user
