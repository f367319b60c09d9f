"""Lockout of repeated failed log-ins, per account and per client address.

An account is refused for a while once ``QAMQOR_LOCKOUT_ACCOUNT_FAILURES`` failed log-ins (wrong
password or wrong second-factor code) happened within ``QAMQOR_LOCKOUT_WINDOW`` seconds; a client
address once ``QAMQOR_LOCKOUT_ADDRESS_FAILURES`` did, whatever user names it tried. The window slides:
the lock lifts when the oldest of those failures is older than the window. Attempts refused while
locked are not counted again (so a lock cannot be prolonged without end), but they are audited.

The refusal is the same for a user name that exists and one that does not (no enumeration)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from qamqor.accounts.models import LoginAttempt
from qamqor.core.context import current_request
from qamqor.core.models import AuditAction, AuditEvent


def _norm(username: str | None) -> str:
    return str(username or "").strip().casefold()[:150]


def _window() -> timedelta:
    return timedelta(seconds=settings.QAMQOR_LOCKOUT_WINDOW)


def _lock_end(qs: QuerySet[LoginAttempt], limit: int, now: datetime) -> datetime | None:
    if limit <= 0:
        return None
    times = list(qs.filter(at__gte=now - _window()).order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return None
    return times[limit - 1] + _window()


def locked_until(username: str | None, ip: str | None, *, now: datetime | None = None) -> datetime | None:
    """When the lock on this user name or this address ends, or None if neither is locked."""
    now = now or timezone.now()
    ends = []
    name = _norm(username)
    if name:
        ends.append(_lock_end(LoginAttempt.objects.filter(username=name), settings.QAMQOR_LOCKOUT_ACCOUNT_FAILURES,
                              now))
    if ip:
        ends.append(_lock_end(LoginAttempt.objects.filter(ip=ip), settings.QAMQOR_LOCKOUT_ADDRESS_FAILURES, now))
    ends = [e for e in ends if e is not None and e > now]
    return max(ends) if ends else None


def _audit(username: str, ip: str | None, changes: dict[str, Any]) -> None:
    info = current_request.get()
    AuditEvent.objects.create(
        actor=None, actor_username=username, action=AuditAction.LOGIN_FAILED, object_type="accounts.User",
        object_id=username[:64], object_repr=username, changes=changes,
        ip=ip or (info.ip if info else None), path=info.path if info else "")


def record_failure(username: str | None, ip: str | None,
                   step: str = LoginAttempt.Step.PASSWORD) -> datetime | None:
    """Count one failed log-in; return the end of the lock if this failure started one (it is audited)."""
    name = _norm(username)
    LoginAttempt.objects.create(username=name, ip=ip or None, step=step)
    until = locked_until(name, ip)
    if until is not None:
        _audit(name, ip, {"locked_until": [None, until.isoformat()], "step": [None, str(step)]})
    return until


def audit_refused(username: str | None, ip: str | None, until: datetime) -> None:
    """An attempt refused because of a lock: written to the audit trail, not counted."""
    _audit(_norm(username), ip, {"refused_until": [None, until.isoformat()]})


def clear(username: str | None, *, steps: tuple[str, ...] | None = None) -> int:
    """Forget an account's failures (after a successful log-in, or by the administrator)."""
    qs = LoginAttempt.objects.filter(username=_norm(username))
    if steps is not None:
        qs = qs.filter(step__in=steps)
    return qs.delete()[0]
