"""Reads of journals, applications, events and placements, a case's derived state and a person's history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.journal.domain import lifecycle as L
from qamqor.journal.domain import stays as St
from qamqor.journal.models import (
    EventKind,
    Journal,
    JournalEvent,
    Placement,
    QueueApplication,
)
from qamqor.journal.queries import case_events, occupancy, to_ev
from qamqor.journal.selectors._common import parse_uid, require_provider
from qamqor.registry.models import Person, Provider, ProviderSetting

# --- lists and single rows -------------------------------------------------------------------------------

def journal_list(*, actor: Any, provider: Provider | None = None, setting: str = "") -> QuerySet[Journal]:
    """The journals the actor may see, newest first within a provider and setting."""
    if not has_perm(actor, P.JOURNAL_VIEW):
        return Journal.objects.none()
    qs = scope(actor, Journal.objects.select_related("provider"))
    if provider is not None:
        qs = qs.filter(provider=provider)
    if setting:
        qs = qs.filter(setting=setting)
    return qs


def application_list(*, actor: Any, provider: Provider | None = None, setting: str = "",
                     person: Person | None = None, status: str | None = None) -> QuerySet[QueueApplication]:
    """Queue applications the actor may see (e.g. a person's applications, or the offered ones)."""
    if not has_perm(actor, P.JOURNAL_VIEW):
        return QueueApplication.objects.none()
    qs = scope(actor, QueueApplication.objects.select_related("person", "provider", "applicant"))
    if provider is not None:
        qs = qs.filter(provider=provider)
    if setting:
        qs = qs.filter(setting=setting)
    if person is not None:
        qs = qs.filter(person=person)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_at", "-id")


def application_get(*, actor: Any, uid: UUID | str) -> QueueApplication:
    """One queue application by its public identifier; Http404 if missing or out of scope."""
    qs = application_list(actor=actor)
    try:
        return qs.get(uid=parse_uid(uid))
    except QueueApplication.DoesNotExist:
        raise Http404 from None


def event_get(*, actor: Any, uid: UUID | str) -> JournalEvent:
    """One journal event by its public identifier; Http404 if missing or out of scope."""
    if not has_perm(actor, P.JOURNAL_VIEW):
        raise Http404
    try:
        return scope(actor, JournalEvent.objects.select_related("journal__provider", "person")).get(uid=parse_uid(uid))
    except JournalEvent.DoesNotExist:
        raise Http404 from None


def placement_list(*, actor: Any, provider: Provider, setting: str, active: bool | None = True) -> QuerySet[Placement]:
    """The provider's placements in a setting (the present recipients by default)."""
    require_provider(actor, provider)
    qs = scope(actor, Placement.objects.filter(provider=provider, setting=setting).select_related("person"))
    return qs if active is None else qs.filter(active=active)


def transfers_incoming(*, actor: Any, provider: Provider) -> list[JournalEvent]:
    """Transfers to the provider that wait for the arrival to be recorded."""
    require_provider(actor, provider)
    out = JournalEvent.objects.filter(destination_provider=provider, kind=EventKind.TRANSFER_OUT)
    out = scope(actor, out).select_related("journal__provider", "person")
    arrived = set(JournalEvent.objects.filter(related__in=out, kind=EventKind.TRANSFER_ARRIVAL)
                  .values_list("related_id", flat=True))
    result = []
    for t in out:
        if t.pk in arrived:
            continue
        evs = [to_ev(e) for e in case_events(t.journal.provider_id, t.journal.setting, t.person_id)]
        if t.pk in {e.id for e in L.effective_events(evs)}:
            result.append(t)
    return result


# --- capacity, status, actions ----------------------------------------------------------------------------

def free_places(*, actor: Any, provider: Provider, setting: str) -> int:
    """Places neither taken by a present recipient (also one on leave or suspended) nor held by an offer."""
    require_provider(actor, provider)
    row = ProviderSetting.objects.filter(provider=provider, setting=setting).first()
    if row is None:
        return 0
    return occupancy(row, timezone.localdate()).free


def _evs(provider: Provider, setting: str, person: Person) -> list[L.Ev]:
    return [to_ev(e) for e in case_events(provider.pk, setting, person.pk)]


def case_state(*, actor: Any, person: Person, provider: Provider, setting: str) -> L.CaseState:
    """The derived state of a person's case in the provider's journal for a setting."""
    require_provider(actor, provider)
    return L.derive(_evs(provider, setting, person), L.journal_setting(setting))


def status_of(*, actor: Any, person: Person, provider: Provider, setting: str) -> L.Status:
    """The person's current status in the provider's journal (column 2), derived from the events."""
    return case_state(actor=actor, person=person, provider=provider, setting=setting).status


def allowed_actions(*, actor: Any, person: Person, provider: Provider, setting: str) -> frozenset[L.EventKind]:
    """The events the rules allow next for this person here (forms show only these); empty for an actor
    who may not record."""
    state = case_state(actor=actor, person=person, provider=provider, setting=setting)
    if not has_perm(actor, P.JOURNAL_RECORD):
        return frozenset()
    return L.allowed_kinds(state, L.journal_setting(setting))


def adult_transfer_due(*, actor: Any, provider: Provider, on: date | None = None) -> list[Placement]:
    """Present recipients of a children's institution who are 18 or over on ``on``: due for discharge or
    transfer to an adult institution (seed 002 Rule A p. 36)."""
    require_provider(actor, provider)
    on = on or timezone.localdate()
    age_max = provider.institution_type.age_max if provider.institution_type else None
    rows = scope(actor, Placement.objects.filter(provider=provider, active=True).select_related("person"))
    return [p for p in rows if St.needs_adult_transfer(p.person.birth_date, on, age_max)]


# --- history -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEntry:
    """One journal event as recorded, with what the corrections made of it."""

    event: JournalEvent
    effective: L.Ev | None
    voided: bool
    amended: bool
    correction: JournalEvent | None


def person_history(*, actor: Any, person: Person) -> list[HistoryEntry]:
    """Every journal event about the person that the actor may see, in recording order, each with its
    corrected (effective) values; voided events stay visible and are marked."""
    if not has_perm(actor, P.JOURNAL_VIEW):
        return []
    events = list(scope(actor, JournalEvent.objects.filter(person=person))
                  .select_related("journal__provider", "application", "destination_provider", "destination_region",
                                  "destination_district", "recorded_by", "corrects").order_by("id"))
    by_case: dict[tuple[int, str], list[JournalEvent]] = defaultdict(list)
    for e in events:
        by_case[(e.journal.provider_id, e.journal.setting)].append(e)
    effective: dict[int, L.Ev] = {}
    corrections: dict[int, JournalEvent] = {}
    for (provider_id, setting), evs in by_case.items():
        all_evs = [to_ev(e) for e in case_events(provider_id, setting, person.pk)]
        for e in L.effective_events(all_evs):
            effective[e.id] = e
        for e in evs:
            if e.corrects_id:
                corrections[e.corrects_id] = e
    return [HistoryEntry(event=e, effective=effective.get(e.pk),
                         voided=e.kind != EventKind.CORRECTION and e.pk not in effective,
                         amended=bool(effective.get(e.pk) and effective[e.pk].amended),
                         correction=corrections.get(e.pk)) for e in events]
