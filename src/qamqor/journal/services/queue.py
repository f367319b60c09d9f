"""Writes of the queue: filing and withdrawing an application, offering a free place, postponing
arrival, and the no-show (seed 003, Rules 379 p. 11, 1); p. 21, 1); p. 26, 1))."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.core.domain import age_on
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.journal.domain import lifecycle as L
from qamqor.journal.domain import queue as Qd
from qamqor.journal.domain import sources as S
from qamqor.journal.domain import stays as St
from qamqor.journal.domain.lifecycle import EventKind
from qamqor.journal.models import ActType, ApplicationStatus, JournalEvent, QueueApplication, SystemReason
from qamqor.journal.queries import occupancy, parameter, pending_entries
from qamqor.journal.services._common import (
    SYSTEM,
    attach,
    audit_created,
    authorize,
    authorize_any,
    case_state,
    check_signer,
    clean,
    domain_call,
    journal_setting,
    lock_person,
    lock_setting,
    lock_settings,
    open_journal,
    record,
    sync_case,
    today_or,
    visible_person,
)
from qamqor.journal.services.messages import error
from qamqor.registry.models import Person, Provider

NO_SHOW_CLOSES = Qd.Default("no_show_closes_application", 1, S.NO_SHOW_CLOSES_DEFAULT)


def _serves_adults(provider: Provider) -> bool:
    kind = provider.institution_type
    return kind is None or not St.is_children_institution(kind.age_max)


def _close(*, actor: Any, app: QueueApplication, on: date, reason: str, reason_code: str) -> JournalEvent:
    """Close a pending application with a recorded event and its reason."""
    event = record(actor=actor, provider=app.provider, setting=app.setting, person=app.person,
                   kind=EventKind.APPLICATION_CLOSED, on=on, application=app, reason=reason,
                   reason_code=reason_code)
    sync_case(app.provider, app.setting, app.person)
    return event


@transaction.atomic
def application_file(*, actor: Any, person: Person, provider: Provider, setting: str,
                     applicant: Person | None = None, channel: str = Qd.Channel.PORTAL,
                     received_at: datetime | None = None, paper_number: str = "", out_of_turn: bool = False,
                     out_of_turn_basis: str = "", keeps_place_of: QueueApplication | None = None,
                     today: date | None = None) -> QueueApplication:
    """File an application to the provider's queue in a setting. It goes into the queue only when there
    is no free place (otherwise the person is admitted directly), in order of receipt to the second;
    the person, or the legal representative of a minor or a person without full legal capacity, signs
    it — on the portal, or on paper registered by the provider with the time it was received.
    Out of turn: an orphan or child without parental care who turned 18 in a stationary organisation,
    applying to an organisation for adults. ``keeps_place_of``: a re-registration after re-certification
    keeps the earlier application's place (seed 003, Rules 379 p. 11, 1); p. 21, 1); p. 26, 1))."""
    today = today_or(today)
    authorize(actor, P.QUEUE_APPLY, provider)
    visible_person(actor, person)
    js = journal_setting(setting)
    source = domain_call(Qd.queue_source, js, field="setting")
    person = lock_person(person)
    row = lock_setting(provider, setting)
    signer = check_signer(applicant, person, today, source)
    now = timezone.now().replace(microsecond=0)
    if channel == Qd.Channel.PORTAL:
        received_at = now
    elif channel == Qd.Channel.PAPER:
        if received_at is None:
            raise error("received_at_required", field="received_at", source=source)
        received_at = min(received_at, now).replace(microsecond=0)
    else:
        raise error("channel_unknown", field="channel", source=source)
    place_of = None
    if keeps_place_of is not None:
        earlier = QueueApplication.objects.select_related("provider", "person").get(pk=keeps_place_of.pk)
        domain_call(Qd.check_recertification, field="keeps_place_of",
                    earlier_pending=earlier.status == ApplicationStatus.PENDING,
                    same_case=(earlier.person_id, earlier.provider_id, earlier.setting)
                    == (person.pk, provider.pk, setting),
                    ipr_valid_until=person.ipr_valid_until, today=today)
        _close(actor=actor, app=earlier, on=max(today, earlier.status_on or today),
               reason="re-registered after re-certification", reason_code=SystemReason.RECERTIFIED)
        received_at, out_of_turn = earlier.received_at, earlier.out_of_turn
        out_of_turn_basis = earlier.out_of_turn_basis
        place_of = earlier.place_of or earlier
        state = case_state(provider.pk, setting, person.pk)
        domain_call(L.check_transition, state, EventKind.APPLICATION, js)
    else:
        state = case_state(provider.pk, setting, person.pk)
        domain_call(L.check_transition, state, EventKind.APPLICATION, js)
        load = occupancy(row, today)
        domain_call(Qd.check_application_needed, js, load.free, load.waiting)
        if out_of_turn:
            domain_call(Qd.check_out_of_turn, js, age_on(person.birth_date, today), _serves_adults(provider),
                        out_of_turn_basis, field="out_of_turn")
    on = timezone.localdate(received_at)
    if state.last_on and on < state.last_on:
        on = state.last_on
    journal = open_journal(provider, setting, on)
    app = QueueApplication(
        person=person, provider=provider, setting=setting, journal=journal, applicant=signer, channel=channel,
        paper_number=paper_number, received_at=received_at, out_of_turn=out_of_turn,
        out_of_turn_reason=Qd.OutOfTurnReason.ORPHAN_AGED_OUT.value if out_of_turn else "",
        out_of_turn_basis=out_of_turn_basis, place_of=place_of, status=ApplicationStatus.PENDING)
    clean(app)
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError:
        raise error("duplicate_application") from None
    audit_created(actor, app, person)
    record(actor=actor, provider=provider, setting=setting, person=person, kind=EventKind.APPLICATION, on=on,
           application=app, data={"channel": channel, "applicant": str(signer.uid),
                                  "out_of_turn": out_of_turn, "keeps_place_of": keeps_place_of.pk
                                  if keeps_place_of else None})
    sync_case(provider, setting, person)
    attach(actor, person, provider, today)
    app.refresh_from_db()
    return app


@transaction.atomic
def application_withdraw(*, actor: Any, application: QueueApplication, reason: str = "",
                         today: date | None = None) -> JournalEvent:
    """Withdraw a pending application (by the applicant, or recorded by the provider); a place offered
    on it is released."""
    today = today_or(today)
    authorize_any(actor, (P.QUEUE_APPLY, P.JOURNAL_RECORD), application.provider)
    person = lock_person(application.person)
    lock_setting(application.provider, application.setting)
    application.refresh_from_db()
    if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.OFFERED):
        raise error("invalid_transition", kind=EventKind.WITHDRAWAL, status=_case_status(application))
    state = case_state(application.provider_id, application.setting, person.pk)
    event = record(actor=actor, provider=application.provider, setting=application.setting, person=person,
                   kind=EventKind.WITHDRAWAL, on=max(today, state.last_on or today), application=application,
                   reason=reason.strip())
    sync_case(application.provider, application.setting, person)
    return event


def _case_status(application: QueueApplication) -> str:
    return case_state(application.provider_id, application.setting, application.person_id).status


@transaction.atomic
def place_offer(*, actor: Any, provider: Provider, setting: str, arrival_by: date | None = None,
                today: date | None = None) -> QueueApplication:
    """Offer a free place to the first in the queue (out-of-turn first, then order of receipt; a person
    awaiting re-certification keeps the place but is passed over), with the date to arrive by (the
    dated parameter ``offer_arrival_days`` when not given)."""
    today = today_or(today)
    authorize(actor, P.JOURNAL_RECORD, provider, system_ok=True)
    js = journal_setting(setting)
    domain_call(Qd.queue_source, js, field="setting")
    row = lock_setting(provider, setting)
    if occupancy(row, today).free <= 0:
        raise error("no_free_place", source=S.JOURNAL_FORM)
    entry = Qd.next_for_offer(pending_entries(provider.pk, setting), today)
    if entry is None:
        raise error("queue_empty", source=Qd.QUEUE_SOURCE[js])
    app = QueueApplication.objects.select_related("person", "provider").get(pk=entry.application_id)
    state = case_state(provider.pk, setting, app.person_id)
    on = max(today, state.last_on or today)
    if arrival_by is None:
        arrival_by = Qd.offer_arrival_by(on, int(parameter(Qd.OFFER_ARRIVAL_DAYS, on)))
    domain_call(Qd.check_offer_arrival, on, arrival_by, field="arrival_by")
    record(actor=actor, provider=provider, setting=setting, person=app.person, kind=EventKind.OFFER, on=on,
           application=app, arrival_by=arrival_by)
    sync_case(provider, setting, app.person)
    app.refresh_from_db()
    return app


@transaction.atomic
def offer_postpone(*, actor: Any, application: QueueApplication, new_arrival_by: date, ground: str,
                   notice_number: str, notice_date: date, signed_by: Person | None = None,
                   today: date | None = None) -> JournalEvent:
    """Move the arrival date of an offer on the recipient's signed notice (illness or hospitalisation):
    once, by up to 30 calendar days in a stationary organisation and 10 in a semi-stationary one
    (dated parameters ``postponement_days_*`` and ``postponement_max_count`` as of the notice date);
    a second or longer postponement is refused citing the rule (seed 003, p. 11, 1); p. 21, 1))."""
    today = today_or(today)
    authorize_any(actor, (P.JOURNAL_RECORD, P.QUEUE_APPLY), application.provider)
    js = journal_setting(application.setting)
    default_days, source = domain_call(Qd.postponement_rule, js)
    person = lock_person(application.person)
    lock_setting(application.provider, application.setting)
    application.refresh_from_db()
    if application.status != ApplicationStatus.OFFERED or application.arrival_by is None:
        raise error("not_offered", source=source)
    signer = check_signer(signed_by, person, notice_date or today, source)
    on_rule = notice_date or today
    domain_call(Qd.check_postponement, js, arrival_by=application.arrival_by, new_arrival_by=new_arrival_by,
                used=application.postponements, ground=ground, notice_number=notice_number,
                notice_date=notice_date, today=today, max_days=int(parameter(default_days, on_rule)),
                max_count=int(parameter(Qd.POSTPONEMENT_MAX_COUNT, on_rule)), field="new_arrival_by")
    state = case_state(application.provider_id, application.setting, person.pk)
    event = record(actor=actor, provider=application.provider, setting=application.setting, person=person,
                   kind=EventKind.POSTPONEMENT, on=max(notice_date, state.last_on or notice_date),
                   application=application, arrival_by=new_arrival_by, act_type=ActType.NOTICE,
                   order_number=notice_number.strip(), order_date=notice_date, reason_code=ground,
                   data={"signed_by": str(signer.uid), "previous_arrival_by": application.arrival_by.isoformat()})
    sync_case(application.provider, application.setting, person)
    return event


def _lapse(*, actor: Any, application: QueueApplication, today: date, offer_next: bool) -> JournalEvent:
    js = journal_setting(application.setting)
    source = Qd.NO_SHOW.get(js, S.NO_SHOW_STATIONARY)
    if application.status == ApplicationStatus.LAPSED:
        return application.events.filter(kind=EventKind.LAPSE).order_by("-id").first()
    if application.status != ApplicationStatus.OFFERED or application.arrival_by is None:
        raise error("not_offered", source=source)
    if not Qd.lapse_due(application.arrival_by, today):
        raise error("lapse_not_due", source=source, arrival_by=application.arrival_by)
    event = record(actor=actor, provider=application.provider, setting=application.setting,
                   person=application.person, kind=EventKind.LAPSE, on=today, application=application,
                   reason=f"did not arrive by {application.arrival_by:%d.%m.%Y}", reason_code=SystemReason.NO_SHOW,
                   data={"arrival_by": application.arrival_by.isoformat()})
    sync_case(application.provider, application.setting, application.person)
    if not parameter(NO_SHOW_CLOSES, today):
        _requeue(actor=actor, application=application, today=today)
    if offer_next:
        try:
            with transaction.atomic():
                place_offer(actor=actor, provider=application.provider, setting=application.setting, today=today)
        except DomainError:  # nobody to offer to, or no free place: nothing more to do
            pass
    return event


def _requeue(*, actor: Any, application: QueueApplication, today: date) -> None:
    """Where the parameter says a no-show is not closed (A-23), the person goes back to the end of the
    queue with a new application."""
    app = QueueApplication(person=application.person, provider=application.provider, setting=application.setting,
                           journal=application.journal, applicant=application.applicant, channel=application.channel,
                           received_at=timezone.now().replace(microsecond=0), status=ApplicationStatus.PENDING)
    clean(app)
    app.save()
    audit_created(actor, app, application.person)
    record(actor=actor, provider=application.provider, setting=application.setting, person=application.person,
           kind=EventKind.APPLICATION, on=today, application=app, data={"after_no_show": application.pk})
    sync_case(application.provider, application.setting, application.person)


@transaction.atomic
def offer_lapse(*, actor: Any, application: QueueApplication, today: date | None = None,
                offer_next: bool = True) -> JournalEvent:
    """Record the no-show of an offer whose arrival date has passed, close the application (A-23
    default) and offer the place to the next in the queue (seed 003: "the organisation processes the
    next recipient"). Idempotent: an offer that already lapsed returns its lapse event."""
    today = today_or(today)
    authorize(actor, P.JOURNAL_RECORD, application.provider, system_ok=True)
    lock_setting(application.provider, application.setting)
    application.refresh_from_db()
    return _lapse(actor=actor, application=application, today=today, offer_next=offer_next)


@transaction.atomic
def offers_lapse_due(*, actor: Any, today: date | None = None) -> list[JournalEvent]:
    """The scheduled job: every offer whose arrival date passed before ``today`` lapses and its place is
    offered to the next; running it again the same day changes nothing."""
    today = today_or(today)
    if actor is not SYSTEM and not has_perm(actor, P.JOURNAL_RECORD):
        raise PermissionRefused()
    due = QueueApplication.objects.filter(status=ApplicationStatus.OFFERED,
                                          arrival_by__lt=today).select_related("provider", "person")
    if actor is not SYSTEM:
        due = scope(actor, due)
    apps = list(due)
    lock_settings((a.provider_id, a.setting) for a in apps)
    events = []
    for app in sorted(apps, key=lambda a: (a.provider_id, a.setting, a.arrival_by, a.pk)):
        app.refresh_from_db()
        if app.status != ApplicationStatus.OFFERED:
            continue
        events.append(_lapse(actor=actor, application=app, today=today, offer_next=True))
    return events
