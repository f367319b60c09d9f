"""The page-view decorator: a page names the permission it needs per HTTP method."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from qamqor.access.core import has_perm
from qamqor.access.permissions import P


def require(perms: P | dict[str, P]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Log-in required; then the role must hold the permission for the request's method."""
    table = perms if isinstance(perms, dict) else {"GET": perms, "HEAD": perms, "POST": perms}

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            perm = table.get(request.method) or (table.get("GET") if request.method == "HEAD" else None)
            if perm is None or not has_perm(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        wrapper.qamqor_permissions = table  # type: ignore[attr-defined]  # read by the URL access matrix test
        return wrapper
    return decorator
