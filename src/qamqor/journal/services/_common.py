"""What every journal service shares: the actor's rights, locks, recording an event and bringing the
caches (application status, placements) back in line with the events.

Lock order, to keep concurrent writers from deadlocking: the person's row first, then the
ProviderSetting rows in primary-key order. A service that does not lock a person (offers, lapses)
locks one ProviderSetting at a time, or several in primary-key order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction
from qamqor.journal.domain import lifecycle as L
from qamqor.journal.domain import queue as Qd
from qamqor.journal.domain.lifecycle import EventKind, JournalSetting, RuleRefusal
from qamqor.journal.models import (
    Journal,
    JournalEvent,
    Placement,
    PlacementStatus,
    QueueApplication,
)
from qamqor.journal.queries import case_events, to_ev
from qamqor.journal.services.messages import error, refusal
from qamqor.registry.domain import needs_representative
from qamqor.registry.models import Person, Provider, ProviderSetting, Representation
from qamqor.registry.services import person_attach_provider, person_link_on_application


class _System:
    """The actor of the scheduled job (``manage.py lapse_offers``): recorded as "system"."""

    pk = None
    username = "system"
    is_authenticated = False
    is_active = True

    def __str__(self) -> str:
        return "system"


SYSTEM = _System()


def today_or(today: date | None) -> date:
    return today or timezone.localdate()


def authorize(actor: Any, perm: P, provider: Provider, *, system_ok: bool = False) -> None:
    """Refuse a role without ``perm`` (PermissionRefused) and a provider outside scope (NotFound)."""
    if actor is SYSTEM:
        if system_ok:
            return
        raise PermissionRefused()
    if not has_perm(actor, perm):
        raise PermissionRefused()
    if not can(actor, perm, provider):
        raise NotFound()


def authorize_any(actor: Any, perms: Iterable[P], provider: Provider) -> None:
    """Allowed when the actor holds any of ``perms`` on the provider."""
    perms = tuple(perms)
    if actor is SYSTEM or not any(has_perm(actor, p) for p in perms):
        raise PermissionRefused()
    if not any(can(actor, p, provider) for p in perms if has_perm(actor, p)):
        raise NotFound()


def visible_person(actor: Any, person: Person) -> None:
    """A person the actor names must be one they can see, else the person does not exist for them."""
    if actor is not SYSTEM and not can(actor, P.PERSON_VIEW, person):
        raise NotFound()


def domain_call(fn: Any, *args: Any, field: str | None = None, **kwargs: Any) -> Any:
    """Call a domain rule and turn its refusal into a translated DomainError."""
    try:
        return fn(*args, **kwargs)
    except RuleRefusal as r:
        raise refusal(r, field=field) from None


def journal_setting(value: str) -> JournalSetting:
    return domain_call(L.journal_setting, value, field="setting")


def clean(obj: models.Model, *, code: str = "invalid") -> None:
    """``full_clean()`` with constraints left to the database; failures become a DomainError."""
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        fields = ({k: list(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict")
                  else {NON_FIELD_ERRORS: list(exc.messages)})
        field = next(iter(fields))
        raise DomainError(code, fields[field][0], field=None if field == NON_FIELD_ERRORS else field,
                          fields=fields) from None


def subject(person: Person) -> str:
    return str(person.uid)


# --- locks ---------------------------------------------------------------------------------------------

def lock_person(person: Person) -> Person:
    """Lock the person's row: concurrent changes of one person's journal cases run one after another."""
    return Person.objects.select_for_update().get(pk=person.pk)


def lock_settings(pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], ProviderSetting]:
    """Lock the ProviderSetting rows of (provider id, setting) pairs, in primary-key order."""
    wanted = set(pairs)
    if not wanted:
        return {}
    q = Q()
    for provider_id, setting in wanted:
        q |= Q(provider_id=provider_id, setting=setting)
    rows = list(ProviderSetting.objects.select_for_update().filter(q).order_by("pk"))
    return {(r.provider_id, r.setting): r for r in rows}


def lock_setting(provider: Provider, setting: str) -> ProviderSetting:
    """Lock one provider's setting (the row whose capacity decides); refused if it does not serve there."""
    row = lock_settings([(provider.pk, setting)]).get((provider.pk, setting))
    if row is None:
        raise error("setting_not_served", field="setting")
    return row


def case_state(provider_id: int, setting: str, person_id: int) -> L.CaseState:
    js = journal_setting(setting)
    return domain_call(L.derive, [to_ev(e) for e in case_events(provider_id, setting, person_id)], js)


def open_journal(provider: Provider, setting: str, on: date) -> Journal:
    """The provider's open journal in the setting, opened on ``on`` if there is none."""
    journal = Journal.objects.filter(provider=provider, setting=setting, finished_on__isnull=True).first()
    if journal is None:
        journal = Journal(provider=provider, setting=setting, started_on=on)
        clean(journal)
        journal.save()
    return journal


def record(*, actor: Any, provider: Provider, setting: str, person: Person, kind: EventKind, on: date,
           **fields: Any) -> JournalEvent:
    """Append one event to the provider's journal and to the audit trail."""
    journal = open_journal(provider, setting, on)
    event = JournalEvent(journal=journal, person=person, kind=kind.value, event_date=on,
                         recorded_by=actor if getattr(actor, "pk", None) else None, **fields)
    clean(event)
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        if kind != EventKind.CORRECTION:
            raise
        raise error("correction_twice") from None  # two corrections of one event at once
    audit_record(actor=actor, action=AuditAction.CREATE, obj=event, changes=diff({}, snapshot(event)),
                 subject_person=subject(person))
    return event


_PLACEMENT_STATUS = {L.Status.PLACED: PlacementStatus.PRESENT, L.Status.ON_LEAVE: PlacementStatus.ON_LEAVE,
                     L.Status.SUSPENDED: PlacementStatus.SUSPENDED}


def sync_case(provider: Provider, setting: str, person: Person) -> L.CaseState:
    """Re-derive a case from its events and rewrite its caches in this transaction: the status of its
    applications and its placements. A log the rules reject raises (and the transaction rolls back)."""
    js = journal_setting(setting)
    events = case_events(provider.pk, setting, person.pk)
    evs = [to_ev(e) for e in events]
    state = domain_call(L.derive, evs, js)
    app_states = domain_call(L.application_states, evs)
    for app in QueueApplication.objects.filter(pk__in=app_states.keys()):
        st = app_states.get(app.pk)
        if st is None:
            continue
        values = {"status": st.status.value, "arrival_by": st.arrival_by, "postponements": st.postponements,
                  "status_on": st.changed_on, "status_reason": st.reason[:1000]}
        changed = [k for k, v in values.items() if getattr(app, k) != v]
        if changed:
            for k in changed:
                setattr(app, k, values[k])
            _save(app, changed)
    journal_of = {e.pk: e.journal_id for e in events}
    existing = {p.admission_event_id: p for p in Placement.objects.filter(
        provider=provider, setting=setting, person=person)}
    kept: set[int] = set()
    # Ended stays first, so that a stay that ends frees its unique slot before another becomes active.
    for stay in sorted(domain_call(L.stays, evs, js), key=lambda s: s.active):
        kept.add(stay.start.id)
        p = existing.get(stay.start.id) or Placement(
            journal_id=journal_of[stay.start.id], person=person, provider=provider, setting=setting,
            admission_event_id=stay.start.id)
        values = {"started_on": stay.start.on, "returned": stay.returned,
                  "status": _PLACEMENT_STATUS.get(stay.status, PlacementStatus.ENDED).value,
                  "active": stay.active, "exit_event_id": stay.exit.id if stay.exit else None,
                  "ended_on": stay.exit.on if stay.exit else None}
        changed = [k for k, v in values.items() if getattr(p, k) != v]
        for k in changed:
            setattr(p, k, values[k])
        if p.pk is None:
            _save(p, None)
        elif changed:
            _save(p, changed)
    for admission_id, p in existing.items():
        if admission_id not in kept:
            p.delete()
    return state


def _save(obj: models.Model, fields: list[str] | None) -> None:
    try:
        with transaction.atomic():
            if fields is None:
                obj.save()
            else:
                obj.save(update_fields=fields)
    except IntegrityError:
        if not isinstance(obj, Placement):
            raise error("duplicate_application") from None
        elsewhere = Placement.objects.filter(person_id=obj.person_id, active=True,
                                             setting=JournalSetting.STATIONARY).exclude(provider_id=obj.provider_id)
        if obj.setting == JournalSetting.STATIONARY and elsewhere.exists():
            raise error("already_placed") from None
        raise error("already_present") from None


@contextmanager
def correction_context() -> Iterator[None]:
    """Inside a correction, a rule's refusal of the resulting log is reported as such."""
    try:
        yield
    except DomainError as exc:
        if exc.code in ("correction_of_correction", "correction_twice", "correction_fields",
                        "correction_target_missing", "permission_denied", "not_found"):
            raise
        raise error("correction_breaks_log", source=exc.source, detail=str(exc.message)) from None


# --- people ----------------------------------------------------------------------------------------------

def represents(representative: Person, person: Person, on: date) -> bool:
    """Whether ``representative`` is the person's legal representative on the date."""
    return Representation.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on), person=person, representative=representative,
        valid_from__lte=on).exists()


def check_signer(signer: Person | None, person: Person, on: date, source: Any) -> Person:
    """The signer of an application or notice: the person, or the legal representative of a minor or a
    person without full legal capacity."""
    signer = signer or person
    is_self = signer.pk == person.pk
    domain_call(Qd.check_signer, is_self=is_self,
                needs_representative=needs_representative(person.birth_date, person.legal_capacity, on),
                is_representative=not is_self and represents(signer, person, on), source=source,
                field="applicant")
    return signer


def audit_created(actor: Any, obj: models.Model, person: Person) -> None:
    audit_record(actor=actor, action=AuditAction.CREATE, obj=obj, changes=diff({}, snapshot(obj)),
                 subject_person=subject(person))


def attach(actor: Any, person: Person, provider: Provider, since: date) -> None:
    """Tie the person to the provider so that its staff see the person's record."""
    if actor is SYSTEM:
        return
    if has_perm(actor, P.PERSON_CHANGE):
        person_attach_provider(actor=actor, person=person, provider=provider, since=since)
    else:  # an applicant on the portal: the application itself ties the person to the provider
        person_link_on_application(actor=actor, person=person, provider=provider, since=since)
