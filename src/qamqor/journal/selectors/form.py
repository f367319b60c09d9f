"""The electronic journal form of seed 003 (Rules 379 App. 2): the header and the 14 columns for a period."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.utils import timezone

from qamqor.core.domain import age_on
from qamqor.journal.domain import lifecycle as L
from qamqor.journal.domain import queue as Qd
from qamqor.journal.models import (
    RETURNED_MARK,
    CaseStatus,
    Journal,
    JournalEvent,
    QueueApplication,
    SystemReason,
)
from qamqor.journal.queries import to_ev
from qamqor.journal.selectors._common import require_provider
from qamqor.registry.models import Person, Provider
from qamqor.rules.models import DischargeGround


@dataclass(frozen=True)
class Period:
    """A period of the journal, both ends inclusive."""

    start: date
    end: date


def _period(period: Period | tuple[date, date]) -> Period:
    return period if isinstance(period, Period) else Period(*period)


# --- the journal form (seed 003, App. 2) ----------------------------------------------------------------

@dataclass(frozen=True)
class JournalHeader:
    """The form's header: the official names in Kazakh and Russian, started and finished dates."""

    name_kk: str
    name_ru: str
    setting: str
    started_on: date | None
    finished_on: date | None
    period: Period


@dataclass(frozen=True)
class JournalRow:
    """One row of the electronic journal form (seed 003, Rules 379 App. 2), columns 1-14."""

    number: int                                  # 1 Р/с
    status: L.Status                             # 2 Мәртебесі
    full_name: str                               # 3 Тегі, аты, әкесінің аты
    birth_date: date                             # 4 Туған күні, жасы
    age: int
    sex: str                                     # 5 Жынысы
    address: str                                 # 6 Үйінің мекенжайы
    phone: str                                   # 7 Телефон номірі
    ipr_valid_until: date | None                 # 8 ОЖБ мерзімі
    arrival_date: date | None                    # 9 Түскен күні және бұйрықтың №
    arrival_order: str
    returned: bool                               # 9 «қайта оралды»
    leaves: tuple[tuple[date, str], ...]         # 10 Уақытша шығқан күні және бұйрықтың №
    exit_date: date | None                       # 11 Шыққан күні және бұйрықтың №
    exit_order: str
    exit_reason: str                             # 12 Шығу себебі
    transfer_date: date | None                   # 13 Ауыстырылған күні және бұйрықтың №
    transfer_order: str
    destination: str                             # 14 Қайда шықты (облыс, қала, аудан)
    person_uid: UUID
    application_uid: UUID | None = None

    @property
    def status_label(self) -> str:
        return str(CaseStatus(self.status.value).label)

    def cells(self) -> list[str]:
        """The 14 columns as text, in the form's order (for the page, XLSX and PDF)."""
        def dated(on: date | None, number: str) -> str:
            if on is None:
                return ""
            return f"{on:%d.%m.%Y}" + (f", № {number}" if number else "")

        arrival = dated(self.arrival_date, self.arrival_order)
        if self.returned and arrival:
            arrival = f"{RETURNED_MARK} {arrival}"
        return [
            str(self.number), self.status_label, self.full_name, f"{self.birth_date:%d.%m.%Y}, {self.age}",
            self.sex, self.address, self.phone, f"{self.ipr_valid_until:%d.%m.%Y}" if self.ipr_valid_until else "",
            arrival, "; ".join(dated(d, n) for d, n in self.leaves), dated(self.exit_date, self.exit_order),
            self.exit_reason, dated(self.transfer_date, self.transfer_order), self.destination,
        ]


def _reason_text(e: L.Ev, source: JournalEvent, grounds: dict[str, str]) -> str:
    code = source.reason_code
    label = grounds.get(code) or (str(SystemReason(code).label) if code in SystemReason.values else "")
    text = e.reason if e.reason and e.reason != code else ""
    return "; ".join(p for p in (label, text) if p)


def journal_form(*, actor: Any, provider: Provider, setting: str,
                 period: Period | tuple[date, date]) -> tuple[JournalHeader, list[JournalRow]]:
    """The journal form for a period: the header and one row per stay that overlaps the period, then
    one row per queue application open during the period, in queue order. Each row shows the status at
    the end of the period and the events up to it, corrections applied; a stay after an earlier exit
    carries the «қайта оралды» mark in column 9; suspension goes to column 10 and termination to column 11
    (extraction A-26)."""
    require_provider(actor, provider)
    js = L.journal_setting(setting)
    period = _period(period)
    journals = list(Journal.objects.filter(provider=provider, setting=setting).order_by("started_on"))
    header = JournalHeader(
        name_kk=provider.name_kk, name_ru=provider.name_ru, setting=setting,
        started_on=journals[0].started_on if journals else None,
        finished_on=journals[-1].finished_on if journals else None, period=period)
    events = list(JournalEvent.objects.filter(journal__provider=provider, journal__setting=setting)
                  .select_related("destination_provider", "destination_region", "destination_district")
                  .order_by("id"))
    # One Person per person, not one per event (a journal has several events per person: issue 8).
    persons = Person.objects.in_bulk({e.person_id for e in events})
    for e in events:
        e.person = persons[e.person_id]
    by_person: dict[int, list[JournalEvent]] = defaultdict(list)
    for e in sorted(events, key=lambda e: e.pk):
        by_person[e.person_id].append(e)
    grounds = {g.code: g.name for g in DischargeGround.objects.filter(
        code__in={e.reason_code for e in events if e.reason_code})}
    stay_rows: list[tuple[date, int, dict[str, Any]]] = []
    queue_rows: list[tuple[int, dict[str, Any]]] = []
    for person_events in by_person.values():
        person = person_events[0].person
        source = {e.pk: e for e in person_events}
        evs = [e for e in L.effective_events(to_ev(x) for x in person_events) if e.on <= period.end]
        for stay in L.stays(evs, js):
            if stay.start.on > period.end or (stay.exit is not None and stay.exit.on < period.start):
                continue
            stay_rows.append((stay.start.on, stay.start.id, _stay_cells(stay, source, grounds, js)))
            stay_rows[-1][2]["person"] = person
        apps = L.application_states(evs)
        for app_id, st in apps.items():
            if st.status == L.AppStatus.ADMITTED:
                continue
            closed = st.status not in (L.AppStatus.PENDING, L.AppStatus.OFFERED)
            if closed and st.changed_on is not None and st.changed_on < period.start:
                continue
            queue_rows.append((app_id, {"person": person, "app_id": app_id, "status": _app_row_status(st.status)}))
    rows: list[JournalRow] = []
    end = period.end
    for stay_row in sorted(stay_rows, key=lambda r: (r[0], r[1])):
        rows.append(_row(len(rows) + 1, stay_row[2], end))
    apps_by_id = {a.pk: a for a in QueueApplication.objects.filter(
        pk__in=[app_id for app_id, _c in queue_rows])}
    ordered = Qd.queue_order(Qd.QueueEntry(application_id=c["app_id"], received_at=apps_by_id[c["app_id"]].received_at,
                                           out_of_turn=apps_by_id[c["app_id"]].out_of_turn,
                                           tiebreak=apps_by_id[c["app_id"]].tiebreak) for _a, c in queue_rows)
    cells_by_app = dict(queue_rows)
    for entry in ordered:
        cells = dict(cells_by_app[entry.application_id])
        cells["application_uid"] = apps_by_id[entry.application_id].uid
        rows.append(_row(len(rows) + 1, cells, end))
    return header, rows


def journal_rows(*, actor: Any, provider: Provider, setting: str, period: Period | tuple[date, date]) -> list[JournalRow]:
    """The rows of the journal form (columns 1-14 of seed 003 App. 2) for a period; see ``journal_form``."""
    return journal_form(actor=actor, provider=provider, setting=setting, period=period)[1]


def _app_row_status(status: L.AppStatus) -> L.Status:
    return {L.AppStatus.PENDING: L.Status.QUEUED, L.AppStatus.OFFERED: L.Status.OFFERED,
            L.AppStatus.WITHDRAWN: L.Status.WITHDRAWN, L.AppStatus.LAPSED: L.Status.LAPSED,
            L.AppStatus.CLOSED: L.Status.CLOSED}.get(status, L.Status.QUEUED)


def _stay_cells(stay: L.Stay, source: dict[int, JournalEvent], grounds: dict[str, str],
                js: L.JournalSetting) -> dict[str, Any]:
    cells: dict[str, Any] = {"status": stay.status, "arrival_date": stay.start.on,
                             "arrival_order": stay.start.order_number, "returned": stay.returned,
                             "leaves": tuple((a.start.on, a.start.order_number) for a in stay.absences)}
    exit_ = stay.exit
    if exit_ is None:
        return cells
    if exit_.kind == L.EventKind.TRANSFER_OUT:
        cells.update(transfer_date=exit_.on, transfer_order=exit_.order_number, destination=exit_.destination,
                     exit_reason=_reason_text(exit_, source[exit_.id], grounds))
    else:
        cells.update(exit_date=exit_.on, exit_order=exit_.order_number, destination=exit_.destination,
                     exit_reason=_reason_text(exit_, source[exit_.id], grounds))
    return cells


def _row(number: int, cells: dict[str, Any], end: date) -> JournalRow:
    person: Person = cells["person"]
    on = min(end, timezone.localdate())
    return JournalRow(
        number=number, status=cells["status"], full_name=person.full_name, birth_date=person.birth_date,
        age=age_on(person.birth_date, on), sex=str(person.get_sex_display()), address=person.address,
        phone=person.phone, ipr_valid_until=person.ipr_valid_until, arrival_date=cells.get("arrival_date"),
        arrival_order=cells.get("arrival_order", ""), returned=cells.get("returned", False),
        leaves=cells.get("leaves", ()), exit_date=cells.get("exit_date"), exit_order=cells.get("exit_order", ""),
        exit_reason=cells.get("exit_reason", ""), transfer_date=cells.get("transfer_date"),
        transfer_order=cells.get("transfer_order", ""), destination=cells.get("destination", ""),
        person_uid=person.uid, application_uid=cells.get("application_uid"))
