"""Optimistic concurrency: an ``ETag`` on the read of a record that can be changed, and ``If-Match``
on its change (``412`` when the record changed meanwhile).

The version of a record is its ``updated_at`` (every change through a service saves the row), so the
ETag is the same in every language and for every reader. Routes are registered by URL name: the
detail route gets the ETag, the change route checks If-Match. Another app registers its own with
``register_versioned``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Model
from rest_framework.permissions import BasePermission

from qamqor.access.core import scope
from qamqor.api.exceptions import PreconditionFailed, PreconditionRequired


@dataclass(frozen=True)
class Versioned:
    model: str  # "app_label.Model"
    kwarg: str = "uid"  # the URL keyword naming the record
    field: str = "uid"  # the model field it matches

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)


# URL name → the record it reads (GET: ETag) or changes (PUT/PATCH: If-Match).
VERSIONED: dict[str, Versioned] = {
    "person-detail": Versioned("registry.Person"),
    "person-update": Versioned("registry.Person"),
    "provider-detail": Versioned("registry.Provider"),
    "provider-update": Versioned("registry.Provider"),
}


def register_versioned(url_name: str, model: str, kwarg: str = "uid", field: str = "uid") -> None:
    VERSIONED[url_name] = Versioned(model, kwarg, field)


def etag_for(model: type[Model], pk: Any, updated_at: Any) -> str:
    digest = hashlib.sha256(f"{model._meta.label}|{pk}|{updated_at.isoformat()}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def versioned_route(request: Any) -> tuple[Versioned, Any] | None:
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return None
    spec = VERSIONED.get(match.url_name)
    if spec is None or spec.kwarg not in match.kwargs:
        return None
    return spec, match.kwargs[spec.kwarg]


def current_etag(spec: Versioned, value: Any, *, queryset: Any = None, lock: bool = False) -> str | None:
    """The record's ETag (None if it is not in ``queryset``); with ``lock`` inside a transaction the
    row is locked first (by primary key alone: a scope's joins cannot be locked)."""
    model = spec.model_class()
    qs = queryset if queryset is not None else model._default_manager.all()
    pk = qs.filter(**{spec.field: value}).values_list("pk", flat=True).first()
    if pk is None:
        return None
    rows = model._default_manager.filter(pk=pk)
    if lock and connection.in_atomic_block:
        rows = rows.select_for_update()
    updated_at = rows.values_list("updated_at", flat=True).first()
    return etag_for(model, pk, updated_at) if updated_at is not None else None


def parse_etags(header: str) -> list[str]:
    return [part.strip() for part in header.split(",") if part.strip()]


class IfMatchPrecondition(BasePermission):
    """Checked after ``RequiredPermission``: on PUT/PATCH of a versioned record that the actor may see,
    a stale ``If-Match`` is answered 412 (and a missing one 428 when ``API_REQUIRE_IF_MATCH`` is on).
    A record outside the actor's scope is left to the view (404, as if it did not exist). The row is
    locked for the rest of the request (the middleware runs PUT/PATCH in one transaction), so two
    changes sent with the same ETag cannot both pass."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method not in ("PUT", "PATCH"):
            return True
        route = versioned_route(request._request)
        if route is None:
            return True
        spec, value = route
        header = request.headers.get("If-Match", "")
        visible = scope(request.user, spec.model_class()._default_manager.all())
        etag = current_etag(spec, value, queryset=visible, lock=True)
        if etag is None:
            return True
        if not header:
            if getattr(settings, "API_REQUIRE_IF_MATCH", False):
                raise PreconditionRequired()
            return True
        tags = parse_etags(header)
        if "*" in tags or etag in tags:
            return True
        raise PreconditionFailed()
