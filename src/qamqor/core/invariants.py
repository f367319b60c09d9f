"""The invariants the data must always satisfy, checked against the whole database.

The services keep these true (locks, the journal domain, partial unique indexes, ``audit_record``); this
module checks them after the fact, independently of the code paths that maintain them: after a soak test,
after a restore, or from cron (``manage.py check_invariants``, exit status 1 on a violation).

1. ``capacity``: active placements of a provider in a setting never exceed its capacity (places).
2. ``single_placement``: at most one active stationary placement per person (anywhere), and at most one
   active placement per person in one provider's setting.
3. ``queue_order``: per queue (provider and setting), the pending applications' positions, as the
   journal's ordering gives them, are exactly 1..n; no person is pending twice in one queue; every
   application sits in a journal of its own provider and setting; temporary stay keeps no queue.
4. ``journal_derivation``: the journal's events are the truth; the status each case derives from its
   events (``journal.domain.lifecycle``, read through ``journal.queries`` as the journal's selectors do)
   is possible, and the cached rows agree with it: each application's status, arrival date and
   postponements, and each stay's placement (active, status, exit).
5. ``audit``: every person, queue application and journal event has an audit event of its creation
   (``audit_record(action=create)``, object identified by its public identifier), and every placement's
   arrival and exit events do (placements are derived from those events and not audited on their own).

A check reads every row it needs at once and folds in Python: fine for a national data set of the
expected size (hundreds of thousands of events) from a batch job; not meant for a request."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q

from qamqor.core.models import AuditAction, AuditEvent


@dataclass(frozen=True)
class Violation:
    """One broken invariant: which one, the record it concerns, and what is wrong."""

    invariant: str
    record: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.invariant}] {self.record}: {self.detail}"


def check_capacity() -> list[Violation]:
    from qamqor.journal.models import Placement
    from qamqor.registry.models import ProviderSetting

    capacity = {(r.provider_id, r.setting): r.capacity for r in ProviderSetting.objects.all()}
    out = []
    rows = (Placement.objects.filter(active=True).values("provider_id", "provider__bin", "setting")
            .annotate(n=Count("id")).order_by("provider_id", "setting"))
    for row in rows:
        key = (row["provider_id"], row["setting"])
        record = f"provider {row['provider__bin']} / {row['setting']}"
        if key not in capacity:
            out.append(Violation("capacity", record, f"{row['n']} active placements in a setting the provider "
                                                     f"does not serve"))
        elif row["n"] > capacity[key]:
            out.append(Violation("capacity", record, f"{row['n']} active placements exceed the capacity of "
                                                     f"{capacity[key]}"))
    return out


def check_single_placement() -> list[Violation]:
    from qamqor.journal.models import JournalSetting, Placement

    out = []
    stationary = (Placement.objects.filter(active=True, setting=JournalSetting.STATIONARY)
                  .values("person_id", "person__uid").annotate(n=Count("id")).filter(n__gt=1))
    for row in stationary.order_by("person_id"):
        out.append(Violation("single_placement", f"person {row['person__uid']}",
                             f"{row['n']} active stationary placements"))
    per_journal = (Placement.objects.filter(active=True)
                   .values("person_id", "person__uid", "provider__bin", "setting").annotate(n=Count("id"))
                   .filter(n__gt=1))
    for row in per_journal.order_by("person_id"):
        out.append(Violation("single_placement", f"person {row['person__uid']}",
                             f"{row['n']} active placements at provider {row['provider__bin']} / {row['setting']}"))
    return out


def check_queue_order() -> list[Violation]:
    from qamqor.journal.domain import queue as Qd
    from qamqor.journal.models import PENDING_STATUSES, JournalSetting, QueueApplication
    from qamqor.journal.queries import pending_entries

    out = []
    pending = list(QueueApplication.objects.filter(status__in=PENDING_STATUSES)
                   .values("pk", "uid", "person_id", "person__uid", "provider_id", "provider__bin", "setting"))
    queues: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for row in pending:
        queues[(row["provider_id"], row["setting"])].append(row)
    for (provider_id, setting), rows in sorted(queues.items()):
        record = f"queue {rows[0]['provider__bin']} / {setting}"
        if setting == JournalSetting.TEMPORARY_STAY:
            out.append(Violation("queue_order", record, "temporary stay keeps no queue"))
        positions = Qd.queue_positions(pending_entries(provider_id, setting))
        expected = {r["pk"] for r in rows}
        if set(positions) != expected or sorted(positions.values()) != list(range(1, len(rows) + 1)):
            out.append(Violation("queue_order", record,
                                 f"positions {sorted(positions.values())} are not 1..{len(rows)}"))
        twice = [p for p, n in Counter(r["person__uid"] for r in rows).items() if n > 1]
        for person in twice:
            out.append(Violation("queue_order", record, f"person {person} is pending twice"))
    misplaced = QueueApplication.objects.filter(~Q(journal__provider_id=F("provider_id"))
                                                | ~Q(journal__setting=F("setting")))
    for app in misplaced.values("uid", "provider__bin", "setting").order_by("pk"):
        out.append(Violation("queue_order", f"application {app['uid']}",
                             f"filed in a journal of another provider or setting than {app['provider__bin']} / "
                             f"{app['setting']}"))
    return out


def check_journal_derivation() -> list[Violation]:
    from qamqor.journal.domain import lifecycle as L
    from qamqor.journal.models import JournalEvent, Placement, PlacementStatus, QueueApplication
    from qamqor.journal.queries import to_ev

    status_of_stay = {L.Status.PLACED: PlacementStatus.PRESENT, L.Status.ON_LEAVE: PlacementStatus.ON_LEAVE,
                      L.Status.SUSPENDED: PlacementStatus.SUSPENDED}
    cases: dict[tuple[int, str, int], list[L.Ev]] = defaultdict(list)
    events = (JournalEvent.objects.select_related("journal", "destination_provider", "destination_region",
                                                  "destination_district").order_by("id"))
    for e in events.iterator(chunk_size=2000):
        cases[(e.journal.provider_id, e.journal.setting, e.person_id)].append(to_ev(e))
    apps = {a.pk: a for a in QueueApplication.objects.all()}
    placements: dict[tuple[int, str, int], dict[int, Placement]] = defaultdict(dict)
    for p in Placement.objects.all():
        placements[(p.provider_id, p.setting, p.person_id)][p.admission_event_id] = p
    out = []
    seen_apps: set[int] = set()
    for key, evs in sorted(cases.items()):
        provider_id, setting, person_id = key
        record = f"case provider #{provider_id} / {setting} / person #{person_id}"
        try:
            js = L.journal_setting(setting)
            state = L.derive(evs, js)
            app_states = L.application_states(evs)
            stays = L.stays(evs, js)
        except L.RuleRefusal as exc:
            out.append(Violation("journal_derivation", record, f"the events are not a possible log ({exc.code})"))
            continue
        for app_id, st in app_states.items():
            app = apps.get(app_id)
            if app is None:
                continue
            if (app.provider_id, app.setting, app.person_id) != key:
                out.append(Violation("journal_derivation", f"application {app.uid}",
                                     f"its events are in another case ({record})"))
                continue
            seen_apps.add(app_id)
            want = (st.status.value, st.arrival_by, st.postponements)
            have = (app.status, app.arrival_by, app.postponements)
            if want != have:
                out.append(Violation("journal_derivation", f"application {app.uid}",
                                     f"row says {have}, the events say {want}"))
        rows = dict(placements.pop(key, {}))
        active_rows = [p for p in rows.values() if p.active]
        for stay in stays:
            p = rows.pop(stay.start.id, None)
            if p is None:
                out.append(Violation("journal_derivation", record,
                                     f"no placement for the stay that began with event #{stay.start.id}"))
                continue
            want = (stay.active, status_of_stay.get(stay.status, PlacementStatus.ENDED).value,
                    stay.exit.id if stay.exit else None, stay.start.on)
            have = (p.active, p.status, p.exit_event_id, p.started_on)
            if want != have:
                out.append(Violation("journal_derivation", f"placement #{p.pk} ({record})",
                                     f"row says {have}, the events say {want}"))
        for p in rows.values():
            out.append(Violation("journal_derivation", f"placement #{p.pk} ({record})",
                                 "no stay of the events corresponds to it"))
        if state.present != bool(active_rows):
            out.append(Violation("journal_derivation", record, f"derived status {state.status.value} but "
                                                               f"{len(active_rows)} active placements"))
    for rows in placements.values():
        for p in rows.values():
            out.append(Violation("journal_derivation", f"placement #{p.pk}", "a placement without journal events"))
    for app_id, app in apps.items():
        if app_id not in seen_apps:
            out.append(Violation("journal_derivation", f"application {app.uid}",
                                 "no application event in the journal"))
    return out


def _audited_creations(label: str) -> set[str]:
    return set(AuditEvent.objects.filter(action=AuditAction.CREATE, object_type=label)
               .values_list("object_id", flat=True).iterator(chunk_size=5000))


def check_audit() -> list[Violation]:
    from qamqor.journal.models import JournalEvent, Placement, QueueApplication
    from qamqor.registry.models import Person

    out = []
    for model in (Person, QueueApplication, JournalEvent):
        label = model._meta.label
        audited = _audited_creations(label)
        for uid in model.objects.order_by("pk").values_list("uid", flat=True).iterator(chunk_size=5000):
            if str(uid) not in audited:
                out.append(Violation("audit", f"{label} {uid}", "created without an audit event"))
    events = _audited_creations(JournalEvent._meta.label)
    rows = Placement.objects.values_list("pk", "admission_event__uid", "exit_event__uid").order_by("pk")
    for pk, arrival, exit_ in rows.iterator(chunk_size=5000):
        for uid in (arrival, exit_):
            if uid is not None and str(uid) not in events:
                out.append(Violation("audit", f"journal.Placement #{pk}",
                                     f"its event {uid} has no audit event of creation"))
    return out


CHECKS: dict[str, Callable[[], list[Violation]]] = {
    "capacity": check_capacity,
    "single_placement": check_single_placement,
    "queue_order": check_queue_order,
    "journal_derivation": check_journal_derivation,
    "audit": check_audit,
}


def check_all(names: Iterable[str] | None = None) -> list[Violation]:
    """Every violation of the named invariants (all by default), in the order of ``CHECKS``."""
    wanted = list(names) if names else list(CHECKS)
    out: list[Violation] = []
    for name in wanted:
        out.extend(CHECKS[name]())
    return out
