"""The API's permission class: each view declares ``required = {"GET": P.X, "POST": P.Y}``."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from qamqor.access.core import has_perm


class RequiredPermission(BasePermission):
    """Allows a request when the actor's role holds the permission the view names for the method;
    object scope is applied by the view's queryset through ``access.scope`` (404 outside it)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        required = getattr(view, "required", None)
        if not request.user or not request.user.is_authenticated:
            return False
        if required is None:
            return False
        perm = required.get(request.method) or (required.get("GET") if request.method in ("HEAD", "OPTIONS") else None)
        return perm is not None and has_perm(request.user, perm)
