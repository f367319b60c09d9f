"""The benchmark's plan of the data set (pure, no database): reproducible from its seed, never above
capacity, exactly the number placed that the scale asks for."""

from __future__ import annotations

from datetime import date

from qamqor.bench import generate as G

SCALE = 0.002


def test_plan_is_reproducible_from_the_seed():
    regions = [(i + 1, f"R{i:02d}", [100 + i]) for i in range(20)]
    types = {t[0]: i + 1 for i, t in enumerate(G.TYPES)}
    a = G.make_plan(scale=SCALE, seed=8, regions=regions, type_ids=types)
    b = G.make_plan(scale=SCALE, seed=8, regions=regions, type_ids=types)
    c = G.make_plan(scale=SCALE, seed=9, regions=regions, type_ids=types)
    key = [(s.journal.id, s.person, s.start, s.end, s.entry, s.via_queue, s.absences) for s in a.stays]
    assert key == [(s.journal.id, s.person, s.start, s.end, s.entry, s.via_queue, s.absences) for s in b.stays]
    assert key != [(s.journal.id, s.person, s.start, s.end, s.entry, s.via_queue, s.absences) for s in c.stays]
    assert all(j.occupied + j.offered <= j.capacity for j in a.journals)
    assert sum(j.occupied for j in a.journals) == 400
    assert all(s.start <= (s.end or date.max) for s in G._all_stays(a))
