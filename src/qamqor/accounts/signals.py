"""Log-ins and failed log-ins are written to the audit trail (who, when, from which address)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from qamqor.core.audit import audit_record
from qamqor.core.context import current_request
from qamqor.core.models import AuditAction, AuditEvent


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditAction.LOGIN, obj=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The password never reaches the trail: only the user name that was tried.
    info = current_request.get()
    username = str(credentials.get("username", ""))[:150]
    AuditEvent.objects.create(
        actor=None, actor_username=username, action=AuditAction.LOGIN_FAILED,
        object_type="accounts.User", object_id=username[:64], object_repr=username,
        ip=info.ip if info else None, path=info.path if info else "",
    )
