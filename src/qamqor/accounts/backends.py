"""The authentication backend: Django's user name and password check behind the lockout
(``qamqor.accounts.lockout``). Every log-in goes through it: the pages' log-in, the admin's log-in and
any API or command that calls ``django.contrib.auth.authenticate``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from qamqor.accounts import lockout
from qamqor.accounts.models import LoginAttempt
from qamqor.core.middleware import client_ip

LOCK_ATTRIBUTE = "qamqor_locked_until"


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        ip = client_ip(request) if request is not None else None
        until = lockout.locked_until(username, ip)
        if until is not None:
            if request is not None:
                setattr(request, LOCK_ATTRIBUTE, until)
            lockout.audit_refused(username, ip, until)
            # PermissionDenied stops Django trying other backends; the password is not even checked.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            until = lockout.record_failure(username, ip)
            if until is not None and request is not None:
                setattr(request, LOCK_ATTRIBUTE, until)
            return None
        # The second factor's failures stay counted until the second factor succeeds too.
        lockout.clear(username, steps=(LoginAttempt.Step.PASSWORD,))
        return user
