"""Reads from the registries. Every selector starts from ``qamqor.access.core.scope(actor, ...)``:
an actor sees only the rows of their provider or region, and nothing their role does not allow."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from qamqor.access.core import get_for_actor, has_perm, scope
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry.domain import looks_like_identifier_prefix, normalize_name
from qamqor.registry.models import (
    District,
    Ground,
    Person,
    Provider,
    ProviderPerson,
    Region,
    Representation,
)


def _uuid(uid: UUID | str) -> UUID:
    """A malformed identifier in a URL is a missing record, not a server error."""
    try:
        return uid if isinstance(uid, UUID) else UUID(str(uid))
    except ValueError:
        raise Http404 from None


def person_list(*, actor: Any, query: str = "", region: Region | int | None = None,
                provider: Provider | int | None = None) -> QuerySet[Person]:
    """The persons the actor may see, optionally by IIN prefix or name prefix (of the surname or of
    any later word; case and Kazakh letters do not matter), region of residence or provider."""
    if not has_perm(actor, P.PERSON_VIEW):
        return Person.objects.none()
    qs = scope(actor, Person.objects.all())
    query = (query or "").strip()
    if query:
        if looks_like_identifier_prefix(query):
            qs = qs.filter(iin__startswith=query)
        else:
            key = normalize_name(query)
            qs = qs.filter(Q(search_name__startswith=key) | Q(search_name__contains=f" {key}"))
    if region is not None:
        qs = qs.filter(region=region)
    if provider is not None:
        qs = qs.filter(provider_links__provider=provider)
    return qs.select_related("region", "district").prefetch_related("categories")


def person_get(*, actor: Any, uid: UUID | str, perm: P = P.PERSON_VIEW) -> Person:
    """One person's record, if the actor may ``perm`` it (Http404 when missing or out of scope); the
    view is written to the audit trail."""
    qs = Person.objects.select_related("region", "district").prefetch_related(
        "categories",
        Prefetch("representations", queryset=Representation.objects.select_related("representative")),
        Prefetch("represents", queryset=Representation.objects.select_related("person")),
        Prefetch("provider_links", queryset=ProviderPerson.objects.select_related("provider")),
        Prefetch("grounds", queryset=Ground.objects.select_related("region", "provider")),
    )
    person = get_for_actor(actor, perm, qs, uid=_uuid(uid))
    audit_record(actor=actor, action=AuditAction.VIEW, obj=person, subject_person=str(person.uid))
    return person


def person_by_iin(*, actor: Any, iin: str) -> Person | None:
    """The person with this IIN if the actor may see them (to pick an existing representative), else None."""
    if not has_perm(actor, P.PERSON_VIEW):
        return None
    return scope(actor, Person.objects.all()).filter(iin=(iin or "").strip()).first()


def person_audit_trail(*, actor: Any, person: Person) -> QuerySet[AuditEvent]:
    """Every audit event concerning the person, newest first; only for roles that may read the trail."""
    if not has_perm(actor, P.AUDIT_VIEW):
        return AuditEvent.objects.none()
    return scope(actor, AuditEvent.objects.filter(subject_person=str(person.uid))).select_related("actor")


def provider_list(*, actor: Any, query: str = "", region: Region | int | None = None,
                  setting: str | None = None) -> QuerySet[Provider]:
    """The providers the actor may see, optionally by BIN prefix or part of the Kazakh or Russian
    name, region, or a setting they serve in."""
    if not has_perm(actor, P.PROVIDER_VIEW):
        return Provider.objects.none()
    qs = scope(actor, Provider.objects.all())
    query = (query or "").strip()
    if query:
        if looks_like_identifier_prefix(query):
            qs = qs.filter(bin__startswith=query)
        else:
            qs = qs.filter(search_name__contains=normalize_name(query))
    if region is not None:
        qs = qs.filter(region=region)
    if setting:
        qs = qs.filter(settings__setting=setting)
    return qs.select_related("region", "district", "institution_type").prefetch_related("settings")


def provider_get(*, actor: Any, uid: UUID | str, perm: P = P.PROVIDER_VIEW) -> Provider:
    """One provider's card, if the actor may ``perm`` it (Http404 when missing or out of scope)."""
    qs = Provider.objects.select_related("region", "district", "institution_type").prefetch_related(
        "settings", "licences")
    return get_for_actor(actor, perm, qs, uid=_uuid(uid))


def ground_list(*, actor: Any, person: Person | None = None) -> QuerySet[Ground]:
    """The grounds for services the actor may see, optionally those concerning one person."""
    if not has_perm(actor, P.GROUND_VIEW):
        return Ground.objects.none()
    qs = scope(actor, Ground.objects.all())
    if person is not None:
        qs = qs.filter(person=person)
    return qs.select_related("person", "region", "provider")


def region_list() -> QuerySet[Region]:
    """All regions (17 oblasts and 3 cities of republican significance) with their districts."""
    return Region.objects.prefetch_related("districts")


def district_list(*, region: Region | int | None = None) -> QuerySet[District]:
    """Districts, optionally of one region."""
    qs = District.objects.select_related("region")
    return qs if region is None else qs.filter(region=region)
