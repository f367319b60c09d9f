"""The national data set of the benchmark, generated from a seed and loaded with PostgreSQL COPY.

At ``scale=1``: 20 regions (``load_regions``), 5,000 providers in every setting, 1,000,000 persons with
valid IINs, 200,000 of them placed now, 300,000 queue applications, at least 5,000,000 journal events,
a work plan per current recipient and the services delivered to them. ``scale=0.01`` is a quick run.

Two phases. ``plan`` draws the skeleton of every case (who, where, from when to when, by the queue or
not) with one ``random.Random(seed)``; ``emit`` turns the skeletons into rows — every case's events in
order, its queue applications and placements written as ``journal.domain`` derives them from those
events (the caches agree with the log, as ``sync_case`` would write them) — into one tab-separated file
per table, then streams each file through ``cursor.copy`` in dependency order. The same seed and scale
give the same rows (dates are counted from the fixed ``ANCHOR``, not from the day of the run).

Invariants the tests check: capacity is never exceeded (active placements plus offers), one active
stationary placement per person (in fact one active placement of any kind), valid IINs, one pending
application per person, provider and setting, and statuses equal to what the domain derives."""

from __future__ import annotations

import json
import math
import os
import random
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

ANCHOR = date(2026, 11, 1)
"""'Today' of the data set: every event is on or before the day before it."""
JOURNAL_START = date(2019, 1, 2)
PASSWORD = "qamqor-bench-pass"

FULL = {"providers": 5000, "persons": 1_000_000, "placed": 200_000, "applications": 300_000,
        "events": 5_000_000}

# Institution types by catalog code: (weight, setting, age range served, standard of the service catalog)
TYPES: list[tuple[str, int, str, tuple[int, int], str]] = [
    ("adult_stationary", 30, "stationary", (60, 95), ""),
    ("adult_semi_stationary", 14, "semi_stationary", (18, 85), ""),
    ("adult_home_care", 20, "home_care", (60, 95), ""),
    ("adult_temporary_stay", 5, "temporary_stay", (18, 80), ""),
    ("childrens_home", 4, "stationary", (3, 17), "001-app1"),
    ("boarding_school_orphans", 3, "stationary", (7, 17), "001-app1"),
    ("special_boarding_school", 3, "stationary", (7, 17), "001-app1"),
    ("special_regime_org", 1, "stationary", (11, 17), "000"),
    ("support_centre_children", 2, "stationary", (3, 17), "001-app2"),
    ("children_psychoneurological_msi_residential", 3, "stationary", (3, 17), ""),
    ("rehabilitation_centre", 3, "semi_stationary", (3, 17), "001-app2"),
    ("children_psychoneurological_semi_stationary", 3, "semi_stationary", (3, 17), ""),
    ("children_home_care", 3, "home_care", (1, 17), ""),
    ("shelter_home", 2, "temporary_stay", (3, 17), "001-app2"),
    ("adaptation_centre_minors", 1, "temporary_stay", (10, 17), "001-app2"),
    ("foster_family", 4, "foster_family", (0, 17), "001-app3"),
]
CAPACITY = {"stationary": (30, 250), "semi_stationary": (20, 120), "home_care": (40, 200),
            "temporary_stay": (10, 40), "foster_family": (1, 4)}
SECOND_SETTING = {"adult_stationary": (0.25, "home_care", (60, 95)),
                  "adult_semi_stationary": (0.2, "home_care", (18, 85))}
BIG_TABLES = ("registry_person", "registry_providerperson", "journal_queueapplication", "journal_journalevent",
              "journal_placement", "care_individualworkplan", "care_servicedelivery")
QUEUE_SETTINGS = ("stationary", "semi_stationary", "home_care")
ABSENCE = {"stationary": ("leave", "leave_return"), "temporary_stay": ("leave", "leave_return"),
           "semi_stationary": ("suspension", "resumption"), "home_care": ("suspension", "resumption")}
EXIT = {"stationary": "discharge", "temporary_stay": "discharge", "semi_stationary": "termination",
        "home_care": "termination"}
PLACEMENT_ABSENT = {"leave": "on_leave", "suspension": "suspended"}
NULL = "\\N"
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


# --- COPY text format -------------------------------------------------------------------------------------

def _txt(v: Any) -> str:
    if v is None:
        return "\\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    s = v if isinstance(v, str) else str(v)
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return s


class Tables:
    """One COPY text file per table, in a temporary directory."""

    COLUMNS: dict[str, tuple[str, ...]] = {
        "registry_provider": ("id", "uid", "created_at", "updated_at", "bin", "name_kk", "name_ru", "ownership",
                              "sector", "address", "phone", "email", "head_name", "is_active", "district_id",
                              "institution_type_id", "region_id", "search_name"),
        "registry_providersetting": ("id", "setting", "capacity", "provider_id"),
        "registry_person": ("id", "uid", "created_at", "updated_at", "iin", "surname", "given_name", "patronymic",
                            "search_name", "birth_date", "sex", "address", "phone", "legal_capacity",
                            "disability_group", "ipr_valid_until", "district_id", "region_id"),
        "registry_providerperson": ("id", "since", "person_id", "provider_id"),
        "journal_journal": ("id", "uid", "created_at", "updated_at", "setting", "started_on", "finished_on",
                            "provider_id"),
        "journal_queueapplication": ("id", "uid", "created_at", "updated_at", "setting", "channel", "paper_number",
                                     "received_at", "out_of_turn", "out_of_turn_reason", "out_of_turn_basis",
                                     "status", "arrival_by", "postponements", "status_on", "status_reason",
                                     "applicant_id", "journal_id", "person_id", "place_of_id", "provider_id"),
        "journal_journalevent": ("id", "uid", "created_at", "updated_at", "kind", "event_date", "act_type",
                                 "order_number", "order_date", "reason", "reason_code", "arrival_by",
                                 "destination_city", "recorded_at", "data", "destination_provider_id",
                                 "journal_id", "person_id", "related_id", "application_id"),
        "journal_placement": ("id", "setting", "started_on", "returned", "status", "active", "ended_on",
                              "admission_event_id", "exit_event_id", "journal_id", "person_id", "provider_id"),
        "care_individualworkplan": ("id", "uid", "created_at", "updated_at", "standard", "basis_date", "due_on",
                                    "fill_by", "deadline_rule", "status", "developed_on", "filled_on",
                                    "approved_on", "version", "period_start", "period_end", "diagnosis",
                                    "attendance", "implementation_summary", "correction_reason", "person_id",
                                    "provider_id"),
        "care_servicedelivery": ("id", "uid", "created_at", "updated_at", "description", "delivered_on",
                                 "specialist_name", "quantity", "duration_minutes", "funding", "at_home", "note",
                                 "recipient_remark", "person_id", "plan_id", "provider_id", "service_item_id"),
    }
    ORDER = tuple(COLUMNS)

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.files = {t: open(os.path.join(directory, f"{t}.tsv"), "w", encoding="utf-8", buffering=1 << 20)
                      for t in self.COLUMNS}
        self.counts = dict.fromkeys(self.COLUMNS, 0)

    def row(self, table: str, values: Iterable[Any]) -> None:
        self.files[table].write("\t".join(map(_txt, values)) + "\n")
        self.counts[table] += 1

    def line(self, table: str, text: str) -> None:
        """A pre-formatted line (the hot path of the events)."""
        self.files[table].write(text)
        self.counts[table] += 1

    def close(self, names: Iterable[str] | None = None) -> None:
        for name in names or self.files:
            if not self.files[name].closed:
                self.files[name].close()


# --- plan ---------------------------------------------------------------------------------------------------

@dataclass
class Journal:
    id: int
    provider_id: int
    region_index: int
    setting: str
    capacity: int
    ages: tuple[int, int]
    standard: str
    full: bool = False
    occupied: int = 0
    offered: int = 0
    pending: int = 0
    past: int = 0
    closed: int = 0


@dataclass
class Stay:
    """The skeleton of one stay: when it starts and ends (None: current), how it starts, and whether it
    came through the queue. ``earlier`` is a previous stay of the same person in the same journal
    (a re-admission); ``origin`` a stay in another journal that ended by a transfer here."""

    journal: Journal
    person: int
    start: date
    end: date | None
    via_queue: bool = False
    wait: int = 0
    entry: str = "admission"
    earlier: Stay | None = None
    origin: Stay | None = None
    absences: int = 0
    open_absence: bool = False


@dataclass
class Plan:
    scale: float
    seed: int
    providers: list[dict[str, Any]] = field(default_factory=list)
    journals: list[Journal] = field(default_factory=list)
    stays: list[Stay] = field(default_factory=list)          # current stays (with earlier/origin chains)
    past: list[Stay] = field(default_factory=list)           # ended stays of other persons
    pending: list[tuple[Journal, int, int]] = field(default_factory=list)   # (journal, person, offered 0/1)
    closed: list[tuple[Journal, int, str]] = field(default_factory=list)    # (journal, person, outcome)
    person_ages: list[tuple[int, int] | None] = field(default_factory=list)  # index = person id
    person_region: list[int] = field(default_factory=list)
    persons: int = 0
    absence_rate: float = 0.0


def _target(scale: float, key: str, minimum: int) -> int:
    return max(minimum, round(FULL[key] * scale))


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def make_plan(*, scale: float, seed: int, regions: list[tuple[int, str, list[int]]],
              type_ids: dict[str, int]) -> Plan:
    """Draw every provider, journal and case skeleton. ``regions``: (id, code, district ids) of the 20
    regions; ``type_ids``: institution type id by code."""
    rng = random.Random(seed)
    plan = Plan(scale=scale, seed=seed)
    n_providers = _target(scale, "providers", 20)
    n_persons = _target(scale, "persons", 1000)
    n_placed = _target(scale, "placed", 200)
    n_apps = _target(scale, "applications", 300)
    codes = [t[0] for t in TYPES]
    weights = [t[1] for t in TYPES]
    spec = {t[0]: t for t in TYPES}
    raw: list[tuple[int, str, int, tuple[int, int], str, int]] = []  # provider index, setting, raw cap, ages...
    for i in range(n_providers):
        code = codes[i % len(codes)] if i < len(codes) else rng.choices(codes, weights)[0]
        _c, _w, setting, ages, standard = spec[code]
        region_index = i % len(regions)
        plan.providers.append({"index": i, "type": code, "region_index": region_index, "standard": standard})
        raw.append((i, setting, rng.randint(*CAPACITY[setting]), ages, standard, region_index))
        second = SECOND_SETTING.get(code)
        if second and rng.random() < second[0]:
            raw.append((i, second[1], rng.randint(*CAPACITY[second[1]]), second[2], standard, region_index))
    journal_raw = sum(r[2] for r in raw if r[1] != "foster_family")
    k = n_placed / (0.84 * journal_raw)
    settings_rows: list[tuple[int, str, int]] = []
    for provider_index, setting, cap, ages, standard, region_index in raw:
        capacity = cap if setting == "foster_family" else max(2, round(cap * k))
        settings_rows.append((provider_index, setting, capacity))
        if setting == "foster_family":
            continue
        j = Journal(id=len(plan.journals) + 1, provider_id=provider_index + 1, region_index=region_index,
                    setting=setting, capacity=capacity, ages=ages, standard=standard)
        j.full = setting in QUEUE_SETTINGS and rng.random() < 0.6
        j.offered = min(rng.randint(0, 2), capacity - 1) if j.full else 0
        j.occupied = capacity - j.offered if j.full else round(capacity * rng.uniform(0.55, 0.95))
        plan.journals.append(j)
    for p in plan.providers:
        p["settings"] = [(s, c) for (pi, s, c) in settings_rows if pi == p["index"]]
    # Hit the number placed exactly, never above capacity.
    diff = n_placed - sum(j.occupied for j in plan.journals)
    while diff:
        j = rng.choice(plan.journals)
        if diff > 0 and j.occupied + j.offered < j.capacity:
            j.occupied += 1
            diff -= 1
        elif diff < 0 and j.occupied > 0:
            j.occupied -= 1
            diff += 1
    for j in plan.journals:
        j.past = round(j.occupied * rng.uniform(0.6, 1.6))
    # Applications: about a third admitted (stays that came through the queue), a third waiting,
    # the rest withdrawn, lapsed or closed.
    full = [j for j in plan.journals if j.full]
    queue_journals = [j for j in plan.journals if j.setting in QUEUE_SETTINGS]
    n_pending = round(n_apps * 0.35)
    offered_total = sum(j.offered for j in full)
    if full:
        weights_full = [j.capacity for j in full]
        for j in full:
            j.pending = j.offered
        for j in rng.choices(full, weights_full, k=max(0, n_pending - offered_total)):
            j.pending += 1
    queue_stays = sum(j.occupied + j.past for j in queue_journals)
    n_admitted = min(round(n_apps * 0.35), queue_stays)
    n_closed = max(0, n_apps - n_admitted - sum(j.pending for j in full))
    if queue_journals:
        for j in rng.choices(queue_journals, [j.capacity for j in queue_journals], k=n_closed):
            j.closed += 1
    via = [True] * n_admitted + [False] * (queue_stays - n_admitted)
    rng.shuffle(via)
    via_iter = iter(via)

    plan.person_ages = [None]
    plan.person_region = [0]

    def person(j: Journal, ages: tuple[int, int] | None = None) -> int:
        plan.person_ages.append(ages or j.ages)
        plan.person_region.append(j.region_index if rng.random() < 0.92 else rng.randrange(len(regions)))
        return len(plan.person_ages) - 1

    same_setting: dict[str, list[Journal]] = {}
    for j in plan.journals:
        same_setting.setdefault(j.setting, []).append(j)
    last = ANCHOR - timedelta(days=1)
    for j in plan.journals:
        queue_ok = j.setting in QUEUE_SETTINGS
        for _ in range(j.occupied):
            p = person(j)
            start = max(JOURNAL_START + timedelta(days=30), last - timedelta(days=int(rng.expovariate(1 / 700))))
            stay = Stay(journal=j, person=p, start=start, end=None)
            r = rng.random()
            others = same_setting[j.setting]
            if r < 0.03 and j.setting in ("stationary", "semi_stationary") and len(others) > 1 \
                    and start > JOURNAL_START + timedelta(days=120):
                o = rng.choice(others)
                while o.provider_id == j.provider_id and len({x.provider_id for x in others}) > 1:
                    o = rng.choice(others)
                if o.provider_id != j.provider_id:
                    o_start = _rand_date(rng, JOURNAL_START, start - timedelta(days=60))
                    stay.origin = Stay(journal=o, person=p, start=o_start, end=start - timedelta(days=rng.randint(0, 5)))
                    stay.entry = "transfer_arrival"
            elif r < 0.15 and start > JOURNAL_START + timedelta(days=200):
                e_start = _rand_date(rng, JOURNAL_START, start - timedelta(days=150))
                e_end = _rand_date(rng, e_start + timedelta(days=10), start - timedelta(days=60))
                stay.earlier = Stay(journal=j, person=p, start=e_start, end=e_end)
                stay.entry = "readmission"
            if queue_ok and stay.entry != "transfer_arrival":
                stay.via_queue = next(via_iter, False)
            plan.stays.append(stay)
        for _ in range(j.past):
            p = person(j)
            start = _rand_date(rng, JOURNAL_START + timedelta(days=1), last - timedelta(days=90))
            end = min(last - timedelta(days=1), start + timedelta(days=rng.randint(20, 1200)))
            stay = Stay(journal=j, person=p, start=start, end=end)
            if queue_ok:
                stay.via_queue = next(via_iter, False)
            plan.past.append(stay)
        for i in range(j.pending):
            plan.pending.append((j, person(j), 1 if i < j.offered else 0))
        for _ in range(j.closed):
            plan.closed.append((j, person(j), rng.choice(("withdrawal", "withdrawal", "lapse", "application_closed"))))
    for stay in (*plan.stays, *plan.past):
        if stay.via_queue:
            earliest = (stay.earlier.end if stay.earlier else JOURNAL_START) + timedelta(days=1)
            stay.wait = min(rng.randint(20, 400), max(0, (stay.start - earliest).days - 6))
            if stay.wait < 7:
                stay.via_queue, stay.wait = False, 0
    if len(plan.person_ages) - 1 > n_persons:
        raise ValueError(f"the plan needs {len(plan.person_ages) - 1} persons, more than {n_persons}")
    while len(plan.person_ages) - 1 < n_persons:
        plan.person_ages.append(None)
        plan.person_region.append(rng.randrange(len(regions)))
    plan.persons = n_persons
    # Absences (leaves, suspensions) make up the rest of the events: spread them by days of stay.
    base = 0
    days = 0
    for stay in _all_stays(plan):
        base += 2 if stay.end else 1
        base += 2 if stay.via_queue else 0
        days += ((stay.end or last) - stay.start).days
    base += sum(2 if o else 1 for _j, _p, o in plan.pending)
    base += sum(3 if outcome == "lapse" else 2 for _j, _p, outcome in plan.closed)
    needed = max(0, math.ceil((_target(scale, "events", 5000) * 1.01 - base) / 2))
    plan.absence_rate = needed / days if days else 0.0
    for stay in _all_stays(plan):
        span = ((stay.end or last) - stay.start).days
        expected = span * plan.absence_rate
        n = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
        stay.absences = min(n, max(0, span // 4))
        stay.open_absence = stay.end is None and stay.absences > 0 and rng.random() < 0.04
    return plan


def _all_stays(plan: Plan) -> Iterable[Stay]:
    for stay in plan.stays:
        if stay.origin:
            yield stay.origin
        if stay.earlier:
            yield stay.earlier
        yield stay
    yield from plan.past


# --- emit ---------------------------------------------------------------------------------------------------

KK_SURNAMES = ["Ахметов", "Омаров", "Қасымов", "Жұмабаев", "Сейітов", "Тоқтаров", "Смағұлов", "Ермеков",
               "Сәрсенбаев", "Құрманов", "Әбілов", "Ысқақов", "Төлеубаев", "Мұқанов", "Байжанов", "Оспанов",
               "Нұрпейісов", "Бекмұхамбетов", "Әубәкіров", "Жақсылықов", "Иманов", "Сұлтанов", "Бейсенов",
               "Кенжебаев", "Әлиев", "Исаев", "Мамыров", "Тұрғанов", "Жолдасов", "Рахимов"]
RU_SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Морозов", "Новиков",
               "Фёдоров", "Волков", "Лебедев", "Козлов", "Степанов", "Павлов", "Семёнов"]
GIVEN = {"F": ["Күләш", "Бибігүл", "Зәуре", "Раушан", "Гүлжан", "Сара", "Гүлнар", "Жанар", "Сәуле", "Айгүл",
               "Динара", "Мөлдір", "Аружан", "Томирис", "Айша", "Ақбота", "Галина", "Нина", "Ольга", "Елена"],
         "M": ["Төлеген", "Жақып", "Мұхтар", "Оразбек", "Ерлан", "Нұрлан", "Асқар", "Қайрат", "Серік", "Мұрат",
               "Алихан", "Нұрислам", "Әмір", "Ерасыл", "Николай", "Виктор", "Сергей", "Андрей", "Артём", "Иван"]}
FATHERS = ["Серік", "Нұрлан", "Асқар", "Ерлан", "Қайрат", "Мұрат", "Ержан", "Болат", "Марат", "Қанат"]
LEAVE_REASONS = ["home leave at the family's request", "treatment in hospital", "holiday with relatives"]
SUSPEND_REASONS = ["hospital treatment", "the family's request for the summer", "sanatorium treatment"]
EXIT_REASONS = ["at the recipient's own request", "moved to live with relatives", "death of the recipient",
                "reached the age limit of the institution"]


class Emitter:
    def __init__(self, plan: Plan, tables: Tables, *, regions: list[tuple[int, str, list[int]]],
                 type_ids: dict[str, int], items_by_standard: dict[str, list[int]]) -> None:
        self.plan = plan
        self.t = tables
        self.rng = random.Random(plan.seed * 7919 + 1)
        self.regions = regions
        self.type_ids = type_ids
        self.items = items_by_standard
        self.event_id = 0
        self.app_id = 0
        self.placement_id = 0
        self.plan_id = 0
        self.service_id = 0
        self.link_id = 0
        self.links: dict[tuple[int, int], date] = {}
        self.person_uid: dict[int, str] = {}
        self.check: dict[str, int] = {}
        self._dates: dict[date, str] = {}

    def uid(self) -> str:
        """A random version-4 UUID from the seeded generator (formatted by hand: the hot path)."""
        h = f"{(self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def ds(self, d: date) -> str:
        s = self._dates.get(d)
        if s is None:
            s = self._dates[d] = d.isoformat()
        return s

    @staticmethod
    def ts(d: date, hour: int = 12) -> str:
        return f"{d.isoformat()} {hour:02d}:00:00+05"

    # providers and journals
    def providers(self) -> None:
        from qamqor.core.domain import make_bin
        from qamqor.registry.domain import normalize_name

        rng = self.rng
        setting_id = 0
        serial = 0
        for p in self.plan.providers:
            pid = p["index"] + 1
            region_id, region_code, districts = self.regions[p["region_index"]]
            while True:
                serial += 1
                bin_ = make_bin(2000 + serial % 24, 1 + serial % 12, serial % 100000, entity=4)
                if bin_:
                    break
            name_kk = f"«Қамқор-{pid}» {p['type'].replace('_', ' ')} мекемесі"
            name_ru = f"Учреждение «Камкор-{pid}» ({p['type'].replace('_', ' ')})"
            created = self.ts(JOURNAL_START - timedelta(days=30))
            self.t.row("registry_provider", (
                pid, self.uid(), created, created, bin_, name_kk, name_ru,
                "state" if rng.random() < 0.8 else "private",
                "education" if p["standard"] else "social_protection",
                f"{region_code}, {rng.randint(1, 200)}-үй", f"+7 7{rng.randint(10, 99)} {rng.randint(1000000, 9999999)}",
                f"org{pid}@example.kz", f"Басшы {pid}", True,
                rng.choice(districts) if districts else None, self.type_ids.get(p["type"]), region_id,
                normalize_name(f"{name_kk} {name_ru}")))
            for setting, capacity in p["settings"]:
                setting_id += 1
                self.t.row("registry_providersetting", (setting_id, setting, capacity, pid))
        for j in self.plan.journals:
            created = self.ts(JOURNAL_START)
            self.t.row("journal_journal", (j.id, self.uid(), created, created, j.setting, JOURNAL_START, None,
                                           j.provider_id))

    # persons
    def persons(self) -> None:
        from qamqor.core.domain import Sex, make_iin
        from qamqor.registry.domain import person_search_name

        rng = random.Random(self.plan.seed * 104729 + 3)
        used: set[str] = set()
        for pid in range(1, self.plan.persons + 1):
            ages = self.plan.person_ages[pid] or (18, 90)
            region_id, region_code, districts = self.regions[self.plan.person_region[pid]]
            sex = "F" if rng.random() < 0.55 else "M"
            while True:
                age = rng.randint(ages[0], ages[1])
                birth = ANCHOR - timedelta(days=age * 365 + rng.randint(30, 330))
                iin = make_iin(birth, Sex(sex), rng.randint(0, 9999))
                if iin and iin not in used:
                    break
            used.add(iin)
            surname_root = rng.choice(RU_SURNAMES if rng.random() < 0.2 else KK_SURNAMES)
            surname = surname_root + ("а" if sex == "F" else "")
            given = rng.choice(GIVEN[sex])
            patronymic = rng.choice(FATHERS) + ("қызы" if sex == "F" else "ұлы")
            adult = age >= 18
            created = self.ts(JOURNAL_START)
            uid = self.uid()
            self.person_uid[pid] = uid
            self.t.row("registry_person", (
                pid, uid, created, created, iin, surname, given, patronymic,
                person_search_name(surname, given, patronymic), birth, sex,
                f"{region_code}, {rng.randint(1, 180)}-үй, {rng.randint(1, 140)}-пәтер",
                f"+7 7{rng.randint(10, 99)} {rng.randint(1000000, 9999999)}",
                "full" if not adult or rng.random() < 0.9 else "limited",
                rng.choice(("", "", "1", "2", "3")) if adult else rng.choice(("", "child")),
                ANCHOR + timedelta(days=rng.randint(30, 900)) if rng.random() < 0.3 else None,
                rng.choice(districts) if districts and rng.random() < 0.8 else None, region_id))

    # events
    def event(self, j: Journal, person: int, kind: str, on: date, *, application: int | None = None,
              act: bool = False, reason: str = "", reason_code: str = "", arrival_by: date | None = None,
              destination_provider: int | None = None, related: int | None = None, data: str = "{}") -> int:
        self.event_id += 1
        eid = self.event_id
        day = self.ds(on)
        stamp = f"{day} 10:{eid % 60:02d}:00+05"
        order = f"order\t{eid % 997 + 1}-ж\t{day}" if act else "\t\t\\N"
        self.t.line("journal_journalevent",
                    f"{eid}\t{self.uid()}\t{stamp}\t{stamp}\t{kind}\t{day}\t{order}\t{_txt(reason)}\t{reason_code}\t"
                    f"{self.ds(arrival_by) if arrival_by else NULL}\t\t{stamp}\t{data}\t"
                    f"{destination_provider or NULL}\t{j.id}\t{person}\t{related or NULL}\t"
                    f"{application or NULL}\n")
        return eid

    def link(self, provider_id: int, person: int, since: date) -> None:
        key = (provider_id, person)
        if key not in self.links or since < self.links[key]:
            self.links[key] = since

    def application(self, j: Journal, person: int, received: date, status: str, *, status_on: date,
                    arrival_by: date | None = None, reason: str = "", postponements: int = 0) -> int:
        self.app_id += 1
        rng = self.rng
        at = datetime(received.year, received.month, received.day, rng.randint(9, 17), rng.randint(0, 59),
                      rng.randint(0, 59))
        portal = rng.random() < 0.7
        out_of_turn = status in ("pending", "offered") and j.setting == "stationary" and rng.random() < 0.01
        stamp = self.ts(received)
        self.t.row("journal_queueapplication", (
            self.app_id, self.uid(), stamp, self.ts(status_on), j.setting, "portal" if portal else "paper",
            "" if portal else f"К-{self.app_id}", f"{at.isoformat()}+05", out_of_turn,
            "orphan_aged_out" if out_of_turn else "", "certificate of the guardianship body" if out_of_turn else "",
            status, arrival_by, postponements, status_on, reason, person, j.id, person, None, j.provider_id))
        self.link(j.provider_id, person, received)
        return self.app_id

    def _app_data(self, person: int) -> str:
        return json.dumps({"channel": "portal", "applicant": self.person_uid.get(person, ""), "out_of_turn": False,
                           "keeps_place_of": None})

    def stay(self, stay: Stay, *, transfer_to: int | None = None, related: int | None = None) -> int:
        """Emit one stay's events (queue, entry, absences, exit) and its placement; return the exit event
        id (or 0 for a current stay)."""
        rng = self.rng
        j = stay.journal
        p = stay.person
        last = ANCHOR - timedelta(days=1)
        app = None
        if stay.via_queue:
            received = stay.start - timedelta(days=stay.wait)
            offer_on = stay.start - timedelta(days=rng.randint(1, min(6, stay.wait - 1)))
            app = self.application(j, p, received, "admitted", status_on=stay.start)
            self.event(j, p, "application", received, application=app, data=self._app_data(p))
            self.event(j, p, "offer", offer_on, application=app, arrival_by=offer_on + timedelta(days=10))
        entry_kind = stay.entry
        returned = entry_kind == "readmission"
        entry = self.event(j, p, entry_kind, stay.start, application=app, act=True, related=related)
        self.link(j.provider_id, p, stay.start - timedelta(days=stay.wait))
        end = stay.end or last
        n = stay.absences
        leave_kind, back_kind = ABSENCE[j.setting]
        reasons = LEAVE_REASONS if leave_kind == "leave" else SUSPEND_REASONS
        status = "present"
        if n:
            seg = (end - stay.start).days / (n + 1)
            for k in range(1, n + 1):
                on = stay.start + timedelta(days=int(k * seg + rng.random() * seg / 3))
                self.event(j, p, leave_kind, on, act=True, reason=rng.choice(reasons))
                if k == n and stay.open_absence:
                    status = PLACEMENT_ABSENT[leave_kind]
                    break
                back = on + timedelta(days=max(1, min(int(seg / 2), rng.randint(2, 21))))
                self.event(j, p, back_kind, min(back, end), act=True)
        exit_id = None
        if stay.end is not None:
            if transfer_to is not None:
                exit_id = self.event(j, p, "transfer_out", stay.end, act=True, destination_provider=transfer_to,
                                     reason="transfer closer to the family")
            else:
                exit_id = self.event(j, p, EXIT[j.setting], stay.end, act=True, reason=rng.choice(EXIT_REASONS))
        self.placement_id += 1
        active = stay.end is None
        self.t.row("journal_placement", (
            self.placement_id, j.setting, stay.start, returned, status if active else "ended", active,
            stay.end, entry, exit_id, j.id, p, j.provider_id))
        if active and j.setting != "temporary_stay":
            self.care(stay)
        return exit_id or 0

    def care(self, stay: Stay) -> None:
        """A current recipient's approved work plan and the services delivered under it this year."""
        rng = self.rng
        j = stay.journal
        basis = max(stay.start, ANCHOR - timedelta(days=rng.randint(40, 360)))
        due = basis + timedelta(days=14)
        fill_by = due + timedelta(days=7)
        if fill_by >= ANCHOR:
            return
        self.plan_id += 1
        stamp = self.ts(basis)
        approved = fill_by - timedelta(days=1)
        self.t.row("care_individualworkplan", (
            self.plan_id, self.uid(), stamp, self.ts(approved), j.standard, basis, due, fill_by,
            "14 calendar days, then 5 working days", "approved", due - timedelta(days=2),
            approved - timedelta(days=1), approved, 1, approved, approved + timedelta(days=364), "", "", "", "",
            stay.person, j.provider_id))
        items = self.items.get(j.standard) or []
        for _ in range(4):
            self.service_id += 1
            on = _rand_date(rng, approved, ANCHOR - timedelta(days=1))
            item = rng.choice(items) if items else None
            self.t.row("care_servicedelivery", (
                self.service_id, self.uid(), self.ts(on), self.ts(on), "" if item else "social and household service",
                on, "Маман", 1, rng.choice((30, 45, 60)), "guaranteed", j.setting == "home_care", "", "",
                stay.person, self.plan_id, j.provider_id, item))

    def cases(self) -> None:
        rng = self.rng
        last = ANCHOR - timedelta(days=1)
        for stay in self.plan.stays:
            related = None
            if stay.origin is not None:
                related = self.stay(stay.origin, transfer_to=stay.journal.provider_id)
            if stay.earlier is not None:
                self.stay(stay.earlier)
            self.stay(stay, related=related)
        for stay in self.plan.past:
            self.stay(stay)
        for j, p, offered in self.plan.pending:
            received = _rand_date(rng, ANCHOR - timedelta(days=700), last - timedelta(days=10))
            if offered:
                offer_on = _rand_date(rng, max(received, last - timedelta(days=8)), last)
                arrival = offer_on + timedelta(days=10)
                app = self.application(j, p, received, "offered", status_on=offer_on, arrival_by=arrival)
                self.event(j, p, "application", received, application=app, data=self._app_data(p))
                self.event(j, p, "offer", offer_on, application=app, arrival_by=arrival)
            else:
                app = self.application(j, p, received, "pending", status_on=received)
                self.event(j, p, "application", received, application=app, data=self._app_data(p))
        for j, p, outcome in self.plan.closed:
            received = _rand_date(rng, JOURNAL_START, last - timedelta(days=60))
            closed_on = received + timedelta(days=rng.randint(5, 50))
            reason = {"withdrawal": "withdrawn at the applicant's request", "lapse": "did not arrive by the arrival date",
                      "application_closed": "placed in another organisation of this setting"}[outcome]
            status = {"withdrawal": "withdrawn", "lapse": "lapsed", "application_closed": "closed"}[outcome]
            app = self.application(j, p, received, status, status_on=closed_on, reason=reason)
            self.event(j, p, "application", received, application=app, data=self._app_data(p))
            if outcome == "lapse":
                offer_on = closed_on - timedelta(days=11)
                self.event(j, p, "offer", max(received, offer_on), application=app, arrival_by=closed_on - timedelta(days=1))
                self.event(j, p, "lapse", closed_on, application=app, reason=reason, reason_code="no_show")
            else:
                self.event(j, p, outcome, closed_on, application=app, reason=reason,
                           reason_code="placed_elsewhere" if outcome == "application_closed" else "")
        for (provider_id, person), since in self.links.items():
            self.link_id += 1
            self.t.row("registry_providerperson", (self.link_id, since, person, provider_id))


# --- load ---------------------------------------------------------------------------------------------------

def _regions(cur: Any) -> list[tuple[int, str, list[int]]]:
    cur.execute("SELECT r.id, r.code, COALESCE(array_agg(d.id ORDER BY d.id) FILTER (WHERE d.id IS NOT NULL), '{}') "
                "FROM registry_region r LEFT JOIN registry_district d ON d.region_id = r.id GROUP BY r.id, r.code "
                "ORDER BY r.code")
    return [(r[0], r[1], list(r[2])) for r in cur.fetchall()]


EARLY_TABLES = ("registry_provider", "registry_providersetting", "registry_person", "journal_journal")


def _drop_secondary_indexes(dsn: str) -> list[tuple[str, str]]:
    """Drop the secondary indexes of the big tables before a large load and return their definitions, to
    be built again after it (one sorted build each instead of millions of insertions; a unique one that
    would not build fails the run). Primary keys and unique constraints stay and are checked row by row."""
    import psycopg

    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("""
            SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text
              FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
             WHERE c.relname = ANY(%s) AND NOT i.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)""", (list(BIG_TABLES),))
        deferred = [(name, definition) for definition, name in cur.fetchall()]
        for name, _definition in deferred:
            cur.execute(f"DROP INDEX {name}")
        conn.commit()
    return deferred


def _copy_tables(dsn: str, tmp: str, names: Iterable[str], counts: dict[str, int], log: Callable[[str], None],
                 fk_checks: bool) -> None:
    """Stream each table's file through ``cursor.copy`` in one transaction. Without ``fk_checks`` the
    foreign-key triggers are skipped (``session_replication_role = replica``, PostgreSQL superuser);
    not-null, check, primary-key and unique constraints still hold, and the tests load the tiny scale with
    the checks on."""
    import psycopg

    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        if not fk_checks:
            cur.execute("SET session_replication_role = replica")
        for table in names:
            t1 = time.perf_counter()
            cols = ", ".join(Tables.COLUMNS[table])
            with open(os.path.join(tmp, f"{table}.tsv"), "rb") as f, \
                    cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
            log(f"  COPY {table}: {counts[table]} rows ({time.perf_counter() - t1:.1f} s)")
        conn.commit()


def generate(*, dsn: str, scale: float, seed: int, fk_checks: bool | None = None,
             log: Callable[[str], None] = print) -> dict[str, Any]:
    """Generate the data set into the (migrated, reference-data-loaded, empty) database at ``dsn`` and
    return what was written, with the timings."""
    import psycopg

    t0 = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_person")
        if cur.fetchone()[0]:
            raise RuntimeError("the database already holds persons: generate into a fresh database")
        regions = _regions(cur)
        if len(regions) != 20:
            raise RuntimeError(f"expected the 20 regions of load_regions, found {len(regions)}")
        cur.execute("SELECT code, id FROM rules_institutiontype")
        type_ids = dict(cur.fetchall())
        cur.execute("SELECT standard, array_agg(id ORDER BY id) FROM rules_serviceitem GROUP BY standard")
        items = {s: list(ids) for s, ids in cur.fetchall()}
    plan = make_plan(scale=scale, seed=seed, regions=regions, type_ids=type_ids)
    t_plan = time.perf_counter()
    log(f"plan: {len(plan.providers)} providers, {len(plan.journals)} journals, {plan.persons} persons, "
        f"{len(plan.stays)} current stays, {len(plan.past)} past stays, {len(plan.pending)} waiting, "
        f"{len(plan.closed)} closed applications ({t_plan - t0:.1f} s)")
    use_fk = fk_checks if fk_checks is not None else scale < 0.05
    with tempfile.TemporaryDirectory(prefix="qamqor-bench-") as tmp:
        tables = Tables(tmp)
        em = Emitter(plan, tables, regions=regions, type_ids=type_ids, items_by_standard=items)
        deferred = [] if use_fk else _drop_secondary_indexes(dsn)
        em.providers()
        em.persons()
        tables.close(EARLY_TABLES)
        copier: threading.Thread | None = None
        failure: list[BaseException] = []
        rest = Tables.ORDER
        if not use_fk:
            # Without the foreign-key checks the order of the tables does not matter: the registry's rows
            # go in (another connection, another thread) while the cases are being written.
            def copy_early() -> None:
                try:
                    _copy_tables(dsn, tmp, EARLY_TABLES, tables.counts, log, use_fk)
                except BaseException as exc:  # re-raised below
                    failure.append(exc)

            copier = threading.Thread(target=copy_early)
            copier.start()
            rest = tuple(t for t in Tables.ORDER if t not in EARLY_TABLES)
        em.cases()
        tables.close()
        t_emit = time.perf_counter()
        log(f"rows written to files: {sum(tables.counts.values())} ({t_emit - t_plan:.1f} s)")
        if copier is not None:
            copier.join()
            if failure:
                raise failure[0]
        _copy_tables(dsn, tmp, rest, tables.counts, log, use_fk)
        with psycopg.connect(dsn) as conn, conn.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '512MB'")
            t1 = time.perf_counter()
            for _name, definition in deferred:
                cur.execute(definition)
            if deferred:
                log(f"  {len(deferred)} secondary indexes built ({time.perf_counter() - t1:.1f} s)")
            for table in Tables.ORDER:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"GREATEST((SELECT max(id) FROM {table}), 1))")
            conn.commit()
        t_copy = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")  # the visibility map autovacuum keeps: index-only scans work
    t_analyze = time.perf_counter()
    counts = dict(tables.counts)
    result = {"scale": scale, "seed": seed, "anchor": ANCHOR.isoformat(), "counts": counts,
              "fk_checks_during_load": use_fk,
              "seconds": {"plan": round(t_plan - t0, 1), "emit": round(t_emit - t_plan, 1),
                          "copy": round(t_copy - t_emit, 1), "analyze": round(t_analyze - t_copy, 1),
                          "total": round(t_analyze - t0, 1)}}
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_dataset (id serial PRIMARY KEY, generated_at timestamptz "
                    "DEFAULT now(), scale double precision, seed integer, info jsonb)")
        cur.execute("INSERT INTO bench_dataset (scale, seed, info) VALUES (%s, %s, %s)",
                    (scale, seed, json.dumps(result)))
    log(f"generated in {result['seconds']['total']} s")
    return result
