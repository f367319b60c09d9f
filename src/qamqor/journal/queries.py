"""Reads of the journal shared by the services (under their locks) and the selectors: a case's events in
the domain's terms, a queue's pending entries, a setting's occupancy, and dated parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qamqor.core.errors import DomainError
from qamqor.journal.domain import queue as Qd
from qamqor.journal.domain.lifecycle import Ev, EventKind
from qamqor.journal.models import ApplicationStatus, JournalEvent, Placement, QueueApplication
from qamqor.registry.models import ProviderSetting
from qamqor.rules.selectors import parameter_list, parameter_value


@dataclass(frozen=True)
class Occupancy:
    capacity: int
    occupied: int
    offered: int
    waiting: int

    @property
    def free(self) -> int:
        return Qd.free_places(self.capacity, self.occupied, self.offered)


def pending_entries(provider_id: int, setting: str) -> list[Qd.QueueEntry]:
    """The pending (queued or offered) applications of a queue, as the ordering sees them."""
    rows = (QueueApplication.objects.filter(provider_id=provider_id, setting=setting,
                                            status__in=[ApplicationStatus.PENDING, ApplicationStatus.OFFERED])
            .select_related("person").only("pk", "received_at", "out_of_turn", "place_of_id", "status",
                                           "person__ipr_valid_until"))
    return [Qd.QueueEntry(application_id=a.pk, received_at=a.received_at, out_of_turn=a.out_of_turn,
                          tiebreak=a.place_of_id or a.pk, offered=a.status == ApplicationStatus.OFFERED,
                          ipr_valid_until=a.person.ipr_valid_until) for a in rows]


def occupancy(row: ProviderSetting, on: date) -> Occupancy:
    """Places taken, offers outstanding, and applicants who could be offered a place now (read under
    the row's lock)."""
    occupied = Placement.objects.filter(provider_id=row.provider_id, setting=row.setting, active=True).count()
    entries = pending_entries(row.provider_id, row.setting)
    offered = sum(1 for e in entries if e.offered)
    waiting = sum(1 for e in entries if not e.offered and not Qd.awaiting_recertification(e, on))
    return Occupancy(capacity=row.capacity, occupied=occupied, offered=offered, waiting=waiting)


# --- parameters ------------------------------------------------------------------------------------------

def parameter(default: Qd.Default, on: date) -> Any:
    """A dated parameter as of ``on``; the domain's default (with its source) only if no row of the
    parameter is loaded at all."""
    try:
        return parameter_value(default.code, on)
    except DomainError as exc:
        if exc.code != "parameter_missing" or parameter_list().filter(code=default.code).exists():
            raise
        return default.value


# --- events ---------------------------------------------------------------------------------------------

def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else value or None


def _amend(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in (data or {}).items():
        out[key] = _date(value) if key in ("on", "arrival_by", "order_date") else value
    return out


def to_ev(e: JournalEvent) -> Ev:
    """The domain's view of a journal event."""
    data = e.data or {}
    return Ev(id=e.pk, kind=EventKind(e.kind), on=e.event_date, application_id=e.application_id,
              arrival_by=e.arrival_by, order_number=e.order_number, order_date=e.order_date,
              reason=e.reason or e.reason_code, destination=e.destination_text, corrects_id=e.corrects_id,
              void=bool(data.get("void")), amend=_amend(data.get("amend") or {}))


def case_events(provider_id: int, setting: str, person_id: int) -> list[JournalEvent]:
    """All the events of one case (every journal of the provider in the setting), in recording order."""
    return list(JournalEvent.objects.filter(journal__provider_id=provider_id, journal__setting=setting,
                                            person_id=person_id)
                .select_related("destination_provider", "destination_region", "destination_district")
                .order_by("id"))
