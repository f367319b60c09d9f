"""Writes of the journal itself: opening and finishing a journal, and correcting an event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from qamqor.access.core import can
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import NotFound
from qamqor.core.models import AuditAction
from qamqor.journal.domain import sources as S
from qamqor.journal.domain.lifecycle import EventKind
from qamqor.journal.models import Journal, JournalEvent
from qamqor.journal.queries import occupancy
from qamqor.journal.services._common import (
    authorize,
    clean,
    correction_context,
    journal_setting,
    lock_person,
    lock_setting,
    open_journal,
    record,
    sync_case,
    today_or,
)
from qamqor.journal.services.messages import error
from qamqor.registry.models import Provider, ProviderSetting

AMEND_FIELDS = {"event_date": "on", "arrival_by": "arrival_by", "order_number": "order_number",
                "order_date": "order_date", "reason": "reason"}
"""What a correction may amend, by the event's field name (the domain's name on the right)."""


@transaction.atomic
def journal_open(*, actor: Any, provider: Provider, setting: str, started_on: date) -> Journal:
    """Open the provider's journal in a setting (one open journal per provider and setting; the services
    open one by themselves on the first event)."""
    authorize(actor, P.JOURNAL_RECORD, provider)
    journal_setting(setting)
    lock_setting(provider, setting)
    existing = Journal.objects.filter(provider=provider, setting=setting, finished_on__isnull=True).first()
    if existing is not None:
        return existing
    journal = open_journal(provider, setting, started_on)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=journal, changes=diff({}, snapshot(journal)))
    return journal


@transaction.atomic
def journal_finish(*, actor: Any, journal: Journal, finished_on: date) -> Journal:
    """Finish a journal on a date (the form's «аяқталды»); later events go into a new journal that the
    services open, and the cases carry on across journals."""
    authorize(actor, P.JOURNAL_RECORD, journal.provider)
    lock_setting(journal.provider, journal.setting)
    journal.refresh_from_db()
    if journal.finished_on is not None:
        return journal
    if finished_on < journal.started_on:
        raise error("event_before_last", field="finished_on", source=S.JOURNAL_FORM, last=journal.started_on)
    before = snapshot(journal)
    journal.finished_on = finished_on
    clean(journal)
    journal.save(update_fields=["finished_on", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=journal, changes=diff(before, snapshot(journal)))
    return journal


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def event_correct(*, actor: Any, event: JournalEvent, reason: str, void: bool = False,
                  amend: Mapping[str, Any] | None = None, today: date | None = None) -> JournalEvent:
    """Correct a journal event without editing it: a correcting event names it and either voids it or
    amends its date, order (decision) number and date, reason or arrival date. Refused when the journal
    would no longer be consistent (e.g. voiding an admission followed by a leave), for a correction of a
    correction, or for a second correction of the same event."""
    today = today_or(today)
    provider = event.journal.provider
    authorize(actor, P.JOURNAL_CORRECT, provider)
    if not can(actor, P.JOURNAL_VIEW, event):
        raise NotFound()
    if event.kind == EventKind.CORRECTION:
        raise error("correction_of_correction", source=S.JOURNAL_LOG)
    amend = dict(amend or {})
    unknown = set(amend) - set(AMEND_FIELDS)
    if void == bool(amend) or unknown:
        raise error("correction_fields", field="amend", source=S.JOURNAL_LOG)
    if not reason.strip():
        raise error("reason_required", field="reason", source=S.JOURNAL_LOG, kind=EventKind.CORRECTION)
    setting = event.journal.setting
    journal_setting(setting)
    person = lock_person(event.person)
    row = lock_setting(provider, setting)
    held_before = _held(row, today)
    if JournalEvent.objects.filter(corrects=event).exists():
        raise error("correction_twice", source=S.JOURNAL_LOG)
    data: dict[str, Any] = {"void": True} if void else {
        "amend": {AMEND_FIELDS[k]: _plain(v) for k, v in amend.items()}}
    for key, value in amend.items():
        is_date = key in ("event_date", "order_date", "arrival_by")
        if (is_date and not isinstance(value, date)) or (not is_date and not isinstance(value, str)):
            raise error("correction_fields", field=key, source=S.JOURNAL_LOG)
        if key in ("event_date", "order_date") and value > today:
            raise error("event_in_future", field=key, source=S.JOURNAL_LOG, on=value)
    with correction_context():
        correction = record(actor=actor, provider=provider, setting=setting, person=person,
                            kind=EventKind.CORRECTION, on=today, corrects=event, reason=reason.strip(), data=data)
        sync_case(provider, setting, person)
    held = _held(row, today)
    if held > held_before and held > row.capacity:
        # Voiding an exit, a no-show or a withdrawal takes a place again: only if one is free.
        raise error("no_free_place", source=S.JOURNAL_FORM)
    return correction


def _held(row: ProviderSetting, on: date) -> int:
    load = occupancy(row, on)
    return load.occupied + load.offered

