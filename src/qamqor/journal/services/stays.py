"""Writes of a stay: admission and re-admission, temporary leave and return, transfer out and arrival,
discharge, and the suspension, resumption and termination of services (seed 003 p. 11, 21, 26, 35;
seed 000 p. 4-6; seed 002 Rule A p. 33-40, Rule B p. 14-15, Rule C p. 30)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from qamqor.access.permissions import P
from qamqor.core.domain import age_on
from qamqor.journal.domain import lifecycle as L
from qamqor.journal.domain import sources as S
from qamqor.journal.domain import stays as St
from qamqor.journal.domain.lifecycle import EventKind, JournalSetting
from qamqor.journal.domain.queue import check_direct_admission
from qamqor.journal.models import (
    ActType,
    ApplicationStatus,
    JournalEvent,
    Placement,
    QueueApplication,
    SystemReason,
)
from qamqor.journal.queries import case_events, occupancy, to_ev
from qamqor.journal.services._common import (
    attach,
    authorize,
    case_state,
    domain_call,
    journal_setting,
    lock_person,
    lock_setting,
    lock_settings,
    record,
    sync_case,
    today_or,
    visible_person,
)
from qamqor.journal.services.messages import error
from qamqor.registry.models import District, Ground, Person, Provider, Region
from qamqor.rules.models import AdmissionDocument, DischargeGround


def _institution(provider: Provider) -> tuple[str | None, int | None, int | None]:
    kind = provider.institution_type
    return (kind.code, kind.age_min, kind.age_max) if kind else (None, None, None)


def _other_pending(person: Person, setting: str, *, exclude: QueueApplication | None = None) -> list[QueueApplication]:
    qs = QueueApplication.objects.filter(person=person, setting=setting,
                                         status__in=[ApplicationStatus.PENDING, ApplicationStatus.OFFERED])
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs.select_related("provider", "person"))


def _close_pending(*, actor: Any, apps: Sequence[QueueApplication], provider: Provider, on: date) -> None:
    """On placement, the person's other pending applications in the setting are closed, each with a
    recorded event that names where the person was placed."""
    for app in apps:
        state = case_state(app.provider_id, app.setting, app.person_id)
        record(actor=actor, provider=app.provider, setting=app.setting, person=app.person,
               kind=EventKind.APPLICATION_CLOSED, on=max(on, state.last_on or on), application=app,
               reason=f"placed at {provider.name_kk} on {on:%d.%m.%Y}", reason_code=SystemReason.PLACED_ELSEWHERE,
               data={"placed_at": str(provider.uid)})
        sync_case(app.provider, app.setting, app.person)


def _check_stationary_elsewhere(person: Person, provider: Provider, js: JournalSetting) -> None:
    if js == JournalSetting.STATIONARY and Placement.objects.filter(
            person=person, setting=js.value, active=True).exclude(provider=provider).exists():
        raise error("already_placed", source=S.JOURNAL_STATIONARY)


def _check_age(person: Person, provider: Provider, on: date) -> None:
    kind = provider.institution_type
    if kind is None:
        return
    age = age_on(person.birth_date, on)
    if (kind.age_min is not None and age < kind.age_min) or (kind.age_max is not None and age >= kind.age_max):
        raise error("age_outside", source=kind.source, age=age)


@transaction.atomic
def admission_record(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date,
                     order_number: str, order_date: date, ground: Ground | None,
                     missing_documents: Sequence[AdmissionDocument] = (), documents_requested_from: str = "",
                     registration_card: str = "", examined_and_treated: bool = False, note: str = "",
                     today: date | None = None) -> JournalEvent:
    """Record the arrival of a person: on the place offered to them, or directly when a place is free
    and nobody in the queue waits for it. Needs a ground of a kind the institution type admits on (a
    court act for a special-regime organisation), within capacity (counted under a lock on the
    provider's setting), and no other active stationary placement. A person who left this organisation
    before is re-admitted with the «қайта оралды» mark. The person's other pending applications in the
    setting are closed. Documents 2)-5) of a special-regime organisation may follow (seed 000 p. 5):
    the request to the competent bodies is recorded with the admission. A temporary-stay organisation
    registers after the medical examination and sanitary treatment, with the registration card's number
    (seed 003 p. 35, 1))."""
    return _admit(actor=actor, person=person, provider=provider, setting=setting, event_date=event_date,
                  order_number=order_number, order_date=order_date, ground=ground,
                  missing_documents=missing_documents, documents_requested_from=documents_requested_from,
                  registration_card=registration_card, examined_and_treated=examined_and_treated,
                  note=note, today=today, readmission_only=False)


@transaction.atomic
def readmission_record(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date,
                       order_number: str, order_date: date, ground: Ground | None, registration_card: str = "",
                       examined_and_treated: bool = False, note: str = "", today: date | None = None) -> JournalEvent:
    """Re-admit a person who left this organisation before: recorded with the «қайта оралды» mark in the
    date-of-arrival column (seed 003, Rules 379 p. 11, 1) paragraph 4); otherwise as an admission."""
    return _admit(actor=actor, person=person, provider=provider, setting=setting, event_date=event_date,
                  order_number=order_number, order_date=order_date, ground=ground, missing_documents=(),
                  documents_requested_from="", registration_card=registration_card,
                  examined_and_treated=examined_and_treated, note=note, today=today, readmission_only=True)


def _admit(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date, order_number: str,
           order_date: date, ground: Ground | None, missing_documents: Sequence[AdmissionDocument],
           documents_requested_from: str, registration_card: str, examined_and_treated: bool, note: str,
           today: date | None, readmission_only: bool) -> JournalEvent:
    today = today_or(today)
    authorize(actor, P.JOURNAL_RECORD, provider)
    visible_person(actor, person)
    js = journal_setting(setting)
    person = lock_person(person)
    others = _other_pending(person, setting)
    rows = lock_settings([(provider.pk, setting), *((a.provider_id, a.setting) for a in others)])
    row = rows.get((provider.pk, setting))
    if row is None:
        raise error("setting_not_served", field="setting")
    state = case_state(provider.pk, setting, person.pk)
    kind = EventKind.READMISSION if state.has_left else EventKind.ADMISSION
    if readmission_only and not state.has_left:
        raise error("no_earlier_stay", source=S.RETURNED_MARK, kind=EventKind.READMISSION, status=state.status)
    domain_call(L.check_transition, state, kind, js)
    domain_call(L.check_event_date, event_date, today, state.last_on, field="event_date")
    domain_call(L.check_record, kind, order_number=order_number, order_date=order_date, reason="",
                on=event_date, today=today, field="order_number")
    application = None
    if state.status == L.Status.OFFERED:
        application = QueueApplication.objects.get(pk=state.application_id)
    else:
        load = occupancy(row, today)
        domain_call(check_direct_admission, js, load.free, load.waiting)
    code, _, _ = _institution(provider)
    facts = None if ground is None else St.GroundFacts(
        kind=ground.kind, issued_on=ground.issued_on, same_person=ground.person_id == person.pk,
        provider_matches=ground.provider_id in (None, provider.pk), setting_matches=ground.setting in ("", setting))
    domain_call(St.check_ground, facts, institution_code=code, sector=provider.sector, setting=js,
                admitted_on=event_date, field="ground")
    _check_age(person, provider, event_date)
    domain_call(St.check_temporary_stay_registration, js, card_number=registration_card,
                examined=examined_and_treated, field="registration_card")
    documents = list(missing_documents)
    kind_id = provider.institution_type_id
    domain_call(St.check_missing_documents, institution_code=code,
                missing_may_follow=[d.may_be_missing_at_admission and d.institution_type_id == kind_id
                                    for d in documents],
                requested_from=documents_requested_from, field="missing_documents")
    _check_stationary_elsewhere(person, provider, js)
    _close_pending(actor=actor, apps=[a for a in others if application is None or a.pk != application.pk],
                   provider=provider, on=event_date)
    data: dict[str, Any] = {}
    if documents:
        data["missing_documents"] = [{"code": d.code, "name_kk": d.name_kk, "name_ru": d.name_ru,
                                      "name_en": d.name_en} for d in documents]
        data["documents_requested_from"] = documents_requested_from.strip()
        data["documents_requested_on"] = event_date.isoformat()
    if registration_card.strip():
        data["registration_card"] = registration_card.strip()
        data["examined_and_treated"] = examined_and_treated
    if note.strip():
        data["note"] = note.strip()
    event = record(actor=actor, provider=provider, setting=setting, person=person, kind=kind, on=event_date,
                   application=application, ground=ground, act_type=_act(js), order_number=order_number.strip(),
                   order_date=order_date, data=data)
    sync_case(provider, setting, person)
    attach(actor, person, provider, event_date)
    return event


def _act(js: JournalSetting) -> str:
    """Home care records decisions; the other organisations orders (extraction A-20)."""
    return ActType.DECISION if js == JournalSetting.HOME_CARE else ActType.ORDER


def _simple(*, actor: Any, person: Person, provider: Provider, setting: str, kind: EventKind, event_date: date,
            order_number: str, order_date: date | None, reason: str, today: date | None,
            extra: dict[str, Any] | None = None, **fields: Any) -> JournalEvent:
    """One event of a placed person's case, after the transition, date and record checks."""
    today = today_or(today)
    authorize(actor, P.JOURNAL_RECORD, provider)
    visible_person(actor, person)
    js = journal_setting(setting)
    person = lock_person(person)
    lock_setting(provider, setting)
    state = case_state(provider.pk, setting, person.pk)
    domain_call(L.check_transition, state, kind, js)
    domain_call(L.check_event_date, event_date, today, state.last_on, field="event_date")
    domain_call(L.check_record, kind, order_number=order_number, order_date=order_date,
                reason=reason or fields.get("reason_code", ""), on=event_date, today=today, field="order_number")
    event = record(actor=actor, provider=provider, setting=setting, person=person, kind=kind, on=event_date,
                   act_type=_act(js) if order_number.strip() else "", order_number=order_number.strip(),
                   order_date=order_date, reason=reason.strip(), data=extra or {}, **fields)
    sync_case(provider, setting, person)
    return event


@transaction.atomic
def leave_start(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date,
                order_number: str, order_date: date, reason: str, expected_return: date | None = None,
                parent_application: str = "", doctor_conclusion: str = "",
                today: date | None = None) -> JournalEvent:
    """Record a temporary leave on the head's order, with its reason (seed 003 p. 11, 1); seed 002
    Rule A p. 34, 40); a child in a children's institution leaves on the parent's application with the
    doctor's conclusion that leave is possible."""
    _, _, age_max = _institution(provider)
    domain_call(St.check_child_leave, children_institution=St.is_children_institution(age_max),
                parent_application=parent_application, doctor_conclusion=doctor_conclusion,
                field="parent_application")
    extra = {k: v for k, v in {"expected_return": expected_return.isoformat() if expected_return else "",
                                "parent_application": parent_application.strip(),
                                "doctor_conclusion": doctor_conclusion.strip()}.items() if v}
    return _simple(actor=actor, person=person, provider=provider, setting=setting, kind=EventKind.LEAVE,
                   event_date=event_date, order_number=order_number, order_date=order_date, reason=reason,
                   today=today, extra=extra)


@transaction.atomic
def leave_return(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date,
                 order_number: str = "", order_date: date | None = None, today: date | None = None) -> JournalEvent:
    """Record the return from a temporary leave."""
    return _simple(actor=actor, person=person, provider=provider, setting=setting, kind=EventKind.LEAVE_RETURN,
                   event_date=event_date, order_number=order_number, order_date=order_date, reason="", today=today)


@transaction.atomic
def discharge_record(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date,
                     order_number: str, order_date: date, reason: str = "",
                     discharge_ground: DischargeGround | None = None, destination_region: Region | None = None,
                     destination_district: District | None = None, destination_city: str = "",
                     documents_issued: Sequence[str] = (), today: date | None = None) -> JournalEvent:
    """Record a discharge (expulsion) on the head's order with its reason — a discharge ground of the
    institution type where the catalog has one — and where the person went (region, city, district),
    with the documents handed over on exit (seed 003 p. 11, 1), App. 2 columns 11, 12, 14; seed 000 p. 6;
    seed 002 Rule A p. 33, 40-41)."""
    if discharge_ground is not None and discharge_ground.institution_type_id not in (
            None, provider.institution_type_id):
        raise error("discharge_ground_other", field="discharge_ground", source=discharge_ground.source)
    if destination_district is not None and destination_region is not None and (
            destination_district.region_id != destination_region.pk):
        raise error("transfer_destination_required", field="destination_district")
    extra = {"documents_issued": [str(d) for d in documents_issued]} if documents_issued else {}
    return _simple(actor=actor, person=person, provider=provider, setting=setting, kind=EventKind.DISCHARGE,
                   event_date=event_date, order_number=order_number, order_date=order_date, reason=reason,
                   today=today, extra=extra, reason_code=discharge_ground.code if discharge_ground else "",
                   destination_region=destination_region, destination_district=destination_district,
                   destination_city=destination_city.strip())


@transaction.atomic
def services_suspend(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date,
                     decision_number: str, decision_date: date, reason: str,
                     today: date | None = None) -> JournalEvent:
    """Suspend services (semi-stationary, home care) with the decision (order) number, date and reason,
    e.g. while the child receives stationary or semi-stationary care (seed 003 p. 21, 1), 26, 1);
    seed 002 Rule B p. 15)."""
    return _simple(actor=actor, person=person, provider=provider, setting=setting, kind=EventKind.SUSPENSION,
                   event_date=event_date, order_number=decision_number, order_date=decision_date, reason=reason,
                   today=today)


@transaction.atomic
def services_resume(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date,
                    decision_number: str, decision_date: date, reason: str = "",
                    today: date | None = None) -> JournalEvent:
    """Resume suspended services on a decision, without new documents (seed 002 Rule B p. 15)."""
    return _simple(actor=actor, person=person, provider=provider, setting=setting, kind=EventKind.RESUMPTION,
                   event_date=event_date, order_number=decision_number, order_date=decision_date, reason=reason,
                   today=today)


@transaction.atomic
def services_terminate(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date,
                       decision_number: str, decision_date: date, reason: str = "",
                       discharge_ground: DischargeGround | None = None,
                       today: date | None = None) -> JournalEvent:
    """Terminate services (semi-stationary, home care) with the decision (order) number, date and reason
    (seed 003 p. 21, 1), 26, 1); seed 002 Rule B p. 14, Rule C p. 30)."""
    if discharge_ground is not None and discharge_ground.institution_type_id not in (
            None, provider.institution_type_id):
        raise error("discharge_ground_other", field="discharge_ground", source=discharge_ground.source)
    return _simple(actor=actor, person=person, provider=provider, setting=setting, kind=EventKind.TERMINATION,
                   event_date=event_date, order_number=decision_number, order_date=decision_date, reason=reason,
                   today=today, reason_code=discharge_ground.code if discharge_ground else "")


@transaction.atomic
def transfer_out(*, actor: Any, person: Person, provider: Provider, setting: str, event_date: date,
                 order_number: str, order_date: date, destination_provider: Provider | None = None,
                 destination_region: Region | None = None, destination_district: District | None = None,
                 destination_city: str = "", reason: str = "", agreement: St.TransferAgreement | None = None,
                 today: date | None = None) -> JournalEvent:
    """Record a transfer to another organisation of the same type on the head's order (journal columns
    13-14); between regions only with the recorded agreement of both regions' authorised bodies (seed 003
    p. 11, 1); seed 002 Rule A p. 38, 40). The destination records the arrival (``transfer_arrive``)."""
    if destination_provider is not None:
        destination_region = destination_provider.region
        destination_district = destination_provider.district or destination_district
        serves: bool | None = destination_provider.settings.filter(setting=setting).exists()
    else:
        serves = None
    domain_call(St.check_transfer, same_provider=destination_provider is not None
                and destination_provider.pk == provider.pk, destination_serves_setting=serves,
                origin_region=provider.region_id, destination_region=destination_region.pk
                if destination_region else None, agreement=agreement, on=event_date, field="destination_provider")
    extra: dict[str, Any] = {}
    if agreement is not None:
        extra["agreement"] = {"origin_body": agreement.origin_body, "origin_number": agreement.origin_number,
                              "origin_date": agreement.origin_date.isoformat(),
                              "destination_body": agreement.destination_body,
                              "destination_number": agreement.destination_number,
                              "destination_date": agreement.destination_date.isoformat()}
    return _simple(actor=actor, person=person, provider=provider, setting=setting, kind=EventKind.TRANSFER_OUT,
                   event_date=event_date, order_number=order_number, order_date=order_date, reason=reason,
                   today=today, extra=extra, destination_provider=destination_provider,
                   destination_region=destination_region, destination_district=destination_district,
                   destination_city=destination_city.strip())


def _pending_transfer(transfer: JournalEvent) -> bool:
    """The transfer is in force (not voided by a correction) and no arrival completes it yet."""
    if transfer.kind != EventKind.TRANSFER_OUT or transfer.destination_provider_id is None:
        return False
    evs = [to_ev(e) for e in case_events(transfer.journal.provider_id, transfer.journal.setting, transfer.person_id)]
    if transfer.pk not in {e.id for e in L.effective_events(evs)}:
        return False
    arrivals = JournalEvent.objects.filter(related=transfer, kind=EventKind.TRANSFER_ARRIVAL)
    for arrival in arrivals:
        dest = [to_ev(e) for e in case_events(arrival.journal.provider_id, arrival.journal.setting,
                                              arrival.person_id)]
        if arrival.pk in {e.id for e in L.effective_events(dest)}:
            return False
    return True


@transaction.atomic
def transfer_arrive(*, actor: Any, transfer: JournalEvent, event_date: date, order_number: str,
                    order_date: date, today: date | None = None) -> JournalEvent:
    """Record, at the destination, the arrival of a person transferred to it: within its capacity
    (under the lock), no earlier than the transfer; the person's pending applications in the setting are
    closed. A person who left the destination before arrives with the «қайта оралды» mark."""
    today = today_or(today)
    provider = transfer.destination_provider
    if provider is None:
        raise error("transfer_not_pending", field="transfer")
    authorize(actor, P.JOURNAL_RECORD, provider)
    setting = transfer.journal.setting
    js = journal_setting(setting)
    person = lock_person(transfer.person)
    others = _other_pending(person, setting)
    rows = lock_settings([(provider.pk, setting), *((a.provider_id, a.setting) for a in others)])
    row = rows.get((provider.pk, setting))
    if row is None:
        raise error("transfer_other_setting", field="transfer", source=S.JOURNAL_STATIONARY)
    if not _pending_transfer(transfer):
        raise error("transfer_not_pending", field="transfer")
    if event_date < transfer.event_date:
        raise error("event_before_last", field="event_date", source=S.JOURNAL_LOG, last=transfer.event_date)
    if occupancy(row, today).free <= 0:
        raise error("no_free_place", source=S.JOURNAL_FORM)
    _check_age(person, provider, event_date)
    _check_stationary_elsewhere(person, provider, js)
    _close_pending(actor=actor, apps=others, provider=provider, on=event_date)
    state = case_state(provider.pk, setting, person.pk)
    domain_call(L.check_transition, state, EventKind.TRANSFER_ARRIVAL, js)
    domain_call(L.check_event_date, event_date, today, state.last_on, field="event_date")
    domain_call(L.check_record, EventKind.TRANSFER_ARRIVAL, order_number=order_number, order_date=order_date,
                reason="", on=event_date, today=today, field="order_number")
    event = record(actor=actor, provider=provider, setting=setting, person=person,
                   kind=EventKind.TRANSFER_ARRIVAL, on=event_date, act_type=_act(js),
                   order_number=order_number.strip(), order_date=order_date, related=transfer,
                   data={"from_provider": str(transfer.journal.provider.uid)})
    sync_case(provider, setting, person)
    attach(actor, person, provider, event_date)
    return event
