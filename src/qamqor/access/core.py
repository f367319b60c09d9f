"""The one answer to "may user U do action A on object O", and "which rows may U see"."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

from qamqor.access.permissions import P
from qamqor.access.roles import permissions_of
from qamqor.access.scopes import scope_q
from qamqor.accounts.models import Role

M = TypeVar("M", bound=Model)


def role_of(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return ""
    return Role.ADMIN if actor.is_superuser else actor.role


def has_perm(actor: Any, perm: P) -> bool:
    """Whether the actor's role holds the permission at all (no object considered)."""
    return perm in permissions_of(role_of(actor))


def scope(actor: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """The rows of ``queryset`` the actor may see (none for an anonymous or inactive actor)."""
    if not role_of(actor):
        return queryset.none()
    q = scope_q(actor, queryset.model)
    return queryset if q is None else queryset.filter(q)


def can(actor: Any, perm: P, obj: Model | None = None) -> bool:
    """Whether the actor may do ``perm`` (to ``obj``, when given: it must also be in scope)."""
    if not has_perm(actor, perm):
        return False
    if obj is None:
        return True
    q = scope_q(actor, type(obj))
    if q is None:
        return True
    return type(obj)._default_manager.filter(q, pk=obj.pk).exists()


def get_for_actor(actor: Any, perm: P, queryset: QuerySet[M], **lookup: Any) -> M:
    """The object matching ``lookup`` if the actor may ``perm`` it; Http404 when it is missing,
    outside the actor's scope, or the role lacks the permission — the three look the same."""
    if not has_perm(actor, perm):
        raise Http404
    try:
        return scope(actor, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
