"""The benchmark's data set at a tiny scale, generated into the test database by COPY with the foreign-key
checks on: it is consistent (capacity never exceeded, one active stationary placement per person, valid
IINs, cached statuses and placements equal to what the journal's rules derive from the events) and
reproducible from its seed. PostgreSQL only (the generator loads with COPY)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from qamqor.bench import generate as G
from qamqor.bench import verify

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL")]

SCALE = 0.002


def _dsn() -> str:
    from psycopg.conninfo import make_conninfo

    s = connection.settings_dict
    return make_conninfo(dbname=s["NAME"], user=s["USER"] or None, password=s["PASSWORD"] or None,
                         host=s["HOST"] or None, port=str(s["PORT"]) if s["PORT"] else None)


@pytest.fixture
def generated():
    call_command("load_rules", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load_regions", stdout=io.StringIO())
    return G.generate(dsn=_dsn(), scale=SCALE, seed=8, fk_checks=True, log=lambda _m: None)


def test_generated_data_set_is_consistent(generated):
    counts = generated["counts"]
    assert counts["registry_provider"] == 20 and counts["registry_person"] == 2000
    assert counts["journal_journalevent"] >= 10_000
    assert counts["care_individualworkplan"] > 0 and counts["care_servicedelivery"] > 0
    with connection.cursor() as cur:
        problems = verify.all_problems(cur)
        assert problems == {"capacity": [], "placements": [], "iin": [], "derivation": []}
        cur.execute("SELECT count(*) FROM journal_placement WHERE active")
        assert cur.fetchone()[0] == 400
        cur.execute("SELECT count(*) FROM journal_queueapplication")
        assert 550 <= cur.fetchone()[0] <= 650
        cur.execute("SELECT count(DISTINCT region_id) FROM registry_provider")
        assert cur.fetchone()[0] == 20
        cur.execute("SELECT array_agg(DISTINCT setting ORDER BY setting) FROM registry_providersetting")
        assert cur.fetchone()[0] == ["foster_family", "home_care", "semi_stationary", "stationary", "temporary_stay"]
        cur.execute("SELECT array_agg(DISTINCT status ORDER BY status) FROM journal_queueapplication")
        assert cur.fetchone()[0] == ["admitted", "closed", "lapsed", "offered", "pending", "withdrawn"]
        cur.execute("SELECT max(event_date) FROM journal_journalevent")
        assert cur.fetchone()[0] < G.ANCHOR
        # Every person tied to a provider whose journal names them (staff scope).
        cur.execute("""SELECT count(*) FROM journal_journalevent e JOIN journal_journal j ON j.id = e.journal_id
                        WHERE NOT EXISTS (SELECT 1 FROM registry_providerperson pp
                                           WHERE pp.person_id = e.person_id AND pp.provider_id = j.provider_id)""")
        assert cur.fetchone()[0] == 0


def test_fast_load_path_keeps_the_schema():
    """Above the tiny scale the load skips the foreign-key triggers, drops the secondary indexes and builds
    them again: afterwards the same indexes exist and the data holds."""
    call_command("load_rules", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load_regions", stdout=io.StringIO())
    index_sql = ("SELECT indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                 "WHERE c.relname = ANY(%s) ORDER BY 1")
    with connection.cursor() as cur:
        cur.execute(index_sql, [list(G.BIG_TABLES)])
        before = cur.fetchall()
    G.generate(dsn=_dsn(), scale=SCALE, seed=3, fk_checks=False, log=lambda _m: None)
    with connection.cursor() as cur:
        cur.execute(index_sql, [list(G.BIG_TABLES)])
        assert cur.fetchall() == before and "registry_person_search_trgm" in str(before)
        problems = verify.all_problems(cur)
        assert problems == {"capacity": [], "placements": [], "iin": [], "derivation": []}
        cur.execute("SELECT count(*) FROM journal_journalevent e WHERE NOT EXISTS "
                    "(SELECT 1 FROM registry_person p WHERE p.id = e.person_id)")
        assert cur.fetchone()[0] == 0
