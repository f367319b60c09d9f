"""Checks that a generated data set is consistent (used by tests/bench at a tiny scale).

Each check returns a list of problems (empty when the data holds): capacity is never exceeded, one
active stationary placement per person, every IIN valid, and every case's cached application statuses
and placements equal to what ``journal.domain`` derives from its events."""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def capacity_problems(cur: Any) -> list[str]:
    cur.execute("""
        SELECT s.provider_id, s.setting, s.capacity,
               (SELECT count(*) FROM journal_placement p
                 WHERE p.provider_id = s.provider_id AND p.setting = s.setting AND p.active) AS occupied,
               (SELECT count(*) FROM journal_queueapplication a
                 WHERE a.provider_id = s.provider_id AND a.setting = s.setting AND a.status = 'offered') AS offered
          FROM registry_providersetting s""")
    return [f"provider {p} {s}: {o} placed + {f} offered > capacity {c}"
            for p, s, c, o, f in cur.fetchall() if o + f > c]


def placement_problems(cur: Any) -> list[str]:
    cur.execute("SELECT person_id, count(*) FROM journal_placement WHERE active AND setting = 'stationary' "
                "GROUP BY person_id HAVING count(*) > 1")
    return [f"person {p}: {n} active stationary placements" for p, n in cur.fetchall()]


def iin_problems(cur: Any) -> list[str]:
    from qamqor.core.domain import InvalidIdentifier, parse_iin

    cur.execute("SELECT id, iin, birth_date, sex FROM registry_person")
    out = []
    for pid, iin, birth, sex in cur.fetchall():
        try:
            info = parse_iin(iin)
        except InvalidIdentifier as exc:
            out.append(f"person {pid}: IIN {iin} invalid ({exc.code})")
            continue
        if info.birth_date != birth or info.sex.value != sex:
            out.append(f"person {pid}: IIN {iin} does not encode {birth} {sex}")
    return out


def derivation_problems(cur: Any, limit: int | None = None) -> list[str]:
    """Every case's events, folded by the domain, give the stored application statuses and placements."""
    from qamqor.journal.domain import lifecycle as L

    cur.execute("""
        SELECT e.id, e.kind, e.event_date, e.application_id, e.arrival_by, e.order_number, e.order_date,
               e.reason, e.reason_code, e.person_id, j.provider_id, j.setting
          FROM journal_journalevent e JOIN journal_journal j ON j.id = e.journal_id ORDER BY e.id""")
    cases: dict[tuple[int, int, str], list[L.Ev]] = defaultdict(list)
    for (eid, kind, on, app, arrival, order_no, order_date, reason, code, person, provider,
         setting) in cur.fetchall():
        cases[(provider, setting, person)].append(L.Ev(
            id=eid, kind=L.EventKind(kind), on=on, application_id=app, arrival_by=arrival,
            order_number=order_no, order_date=order_date, reason=reason or code))
    cur.execute("SELECT id, status, arrival_by, postponements, status_on, status_reason FROM journal_queueapplication")
    apps = {r[0]: r[1:] for r in cur.fetchall()}
    cur.execute("SELECT provider_id, setting, person_id, admission_event_id, exit_event_id, active, status, "
                "returned, started_on, ended_on FROM journal_placement")
    placements: dict[tuple[int, str, int], set[tuple[Any, ...]]] = defaultdict(set)
    for provider, setting, person, *rest in cur.fetchall():
        placements[(provider, setting, person)].add(tuple(rest))
    status_of = {L.Status.PLACED: "present", L.Status.ON_LEAVE: "on_leave", L.Status.SUSPENDED: "suspended"}
    problems: list[str] = []
    for n, (key, evs) in enumerate(cases.items()):
        if limit is not None and n >= limit:
            break
        js = L.JournalSetting(key[1])
        try:
            L.derive(evs, js)
        except L.RuleRefusal as exc:
            problems.append(f"case {key}: the log is refused: {exc}")
            continue
        for app_id, st in L.application_states(evs).items():
            stored = apps.get(app_id)
            want = (st.status.value, st.arrival_by, st.postponements, st.changed_on, st.reason[:1000])
            if stored != want:
                problems.append(f"application {app_id}: stored {stored}, derived {want}")
        derived = {(s.start.id, s.exit.id if s.exit else None, s.active,
                    status_of.get(s.status, "ended"), s.returned, s.start.on, s.exit.on if s.exit else None)
                   for s in L.stays(evs, js)}
        if derived != placements.get(key, set()):
            problems.append(f"case {key}: placements {placements.get(key)} != derived {derived}")
    return problems


def all_problems(cur: Any) -> dict[str, list[str]]:
    return {"capacity": capacity_problems(cur), "placements": placement_problems(cur), "iin": iin_problems(cur),
            "derivation": derivation_problems(cur)}
