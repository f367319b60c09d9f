"""Which rows each actor may see, as a filter per model.

A scope function takes the actor and returns a Q to filter that model's rows, or None for
"no limit". Region-scoped roles see their region; provider roles their provider; an inspector
without a region is national."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q

from qamqor.accounts.models import PROVIDER_ROLES, Role

NOTHING = Q(pk__in=[])

ScopeFn = Callable[[Any], Q | None]
SCOPES: dict[type[Model], ScopeFn] = {}


def scope_for(model: type[Model]) -> Callable[[ScopeFn], ScopeFn]:
    def register(fn: ScopeFn) -> ScopeFn:
        SCOPES[model] = fn
        return fn
    return register


def is_national(actor: Any) -> bool:
    """Administrators, analysts and inspectors without a region see the whole country."""
    return actor.is_superuser or actor.role in (Role.ADMIN, Role.ANALYST) or (
        actor.role == Role.INSPECTOR and actor.region_id is None)


def is_provider_staff(actor: Any) -> bool:
    return actor.role in PROVIDER_ROLES and actor.provider_id is not None


def region_of(actor: Any) -> int | None:
    return actor.region_id if actor.role in (Role.LEB_OFFICER, Role.INSPECTOR) else None


def _register_registry_scopes() -> None:
    from qamqor.accounts.models import User
    from qamqor.core.models import AuditEvent
    from qamqor.registry.models import (
        Ground,
        Licence,
        Person,
        Provider,
        ProviderPerson,
        ProviderSetting,
        Representation,
    )

    def persons_q(actor: Any, prefix: str = "") -> Q | None:
        if is_national(actor):
            return None
        if is_provider_staff(actor):
            linked = ProviderPerson.objects.filter(provider_id=actor.provider_id).values("person_id")
            represented = Representation.objects.filter(
                person__provider_links__provider_id=actor.provider_id).values("representative_id")
            return Q(**{f"{prefix}pk__in": linked}) | Q(**{f"{prefix}pk__in": represented})
        region = region_of(actor)
        if region is not None:
            linked = ProviderPerson.objects.filter(provider__region_id=region).values("person_id")
            return Q(**{f"{prefix}region_id": region}) | Q(**{f"{prefix}pk__in": linked})
        return NOTHING

    def providers_q(actor: Any, prefix: str = "") -> Q | None:
        if is_national(actor):
            return None
        if is_provider_staff(actor):
            return Q(**{f"{prefix}pk": actor.provider_id})
        region = region_of(actor)
        if region is not None:
            return Q(**{f"{prefix}region_id": region})
        return NOTHING

    def _nest(fn: Callable[[Any, str], Q | None], prefix: str) -> ScopeFn:
        return lambda actor: fn(actor, prefix)

    SCOPES[Person] = _nest(persons_q, "")
    SCOPES[Provider] = _nest(providers_q, "")
    SCOPES[ProviderSetting] = _nest(providers_q, "provider__")
    SCOPES[Licence] = _nest(providers_q, "provider__")
    SCOPES[Representation] = _nest(persons_q, "person__")
    SCOPES[ProviderPerson] = _nest(providers_q, "provider__")

    def grounds_q(actor: Any) -> Q | None:
        if is_national(actor):
            return None
        if is_provider_staff(actor):
            return Q(provider_id=actor.provider_id) | (persons_q(actor, "person__") or Q())
        region = region_of(actor)
        return Q(region_id=region) if region is not None else NOTHING

    SCOPES[Ground] = grounds_q

    def audit_q(actor: Any) -> Q | None:
        return None if actor.is_superuser or actor.role == Role.ADMIN else NOTHING

    SCOPES[AuditEvent] = audit_q

    def users_q(actor: Any) -> Q | None:
        if actor.is_superuser or actor.role == Role.ADMIN:
            return None
        return Q(pk=actor.pk)

    SCOPES[User] = users_q


_registered = False


def scope_q(actor: Any, model: type[Model]) -> Q | None:
    """The filter limiting ``model`` to what ``actor`` may see; None = no limit.

    A model without a scope function is refused (NOTHING) unless it is reference data."""
    global _registered
    if not _registered:
        _register_registry_scopes()
        _registered = True
    fn = SCOPES.get(model)
    if fn is None:
        return None if getattr(model._meta, "app_label", "") == "rules" or model.__name__ in {
            "Region", "District"} else NOTHING
    return fn(actor)
