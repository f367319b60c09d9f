"""Backup and restore: a backup restored into an empty database holds every record of every table,
the append-only audit trail stays append-only, and a damaged dump or a non-empty target is refused."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from qamqor.core.backup import BackupError, backup, manifest_path, restore, table_counts
from qamqor.core.models import AuditEvent
from qamqor.registry.models import Person
from tests.factories import PersonFactory, ProviderPersonFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _records() -> list[str]:
    call_command("load_regions", stdout=StringIO())
    links = [ProviderPersonFactory() for _ in range(3)]
    extra = PersonFactory(surname="О'Коннор-Әбілқайыр")  # quotes and Kazakh letters survive
    AuditEvent.objects.create(action="view", object_type="registry.person", object_id=str(extra.pk),
                              subject_person=str(extra.uid))
    return [link.person.iin for link in links] + [extra.iin]


def _manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_TEST_NAME"}
    env["DATABASE_URL"] = database_url
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True,
                          text=True, cwd=ROOT, timeout=600, check=False)


def _pg_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{name}"


def _pg_counts(url: str) -> tuple[dict[str, int], set[str]]:
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = sorted(r[0] for r in cur.fetchall())
        counts = {}
        for t in tables:
            cur.execute(f'SELECT COUNT(*) FROM "{t}"')
            counts[t] = cur.fetchone()[0]
        cur.execute("SELECT iin FROM registry_person")
        return counts, {r[0] for r in cur.fetchall()}


def test_a_backup_restored_into_an_empty_database_has_every_record(tmp_path: Path) -> None:
    iins = _records()
    dump = tmp_path / "qamqor.dump"
    manifest = backup(dump)
    assert manifest.counts == table_counts() and manifest.counts["registry_person"] == Person.objects.count()
    assert manifest.counts["core_auditevent"] >= 1

    if connection.vendor == "postgresql":
        name = f"qamqor_restore_{uuid.uuid4().hex[:10]}"
        admin = _pg_url("postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            result = _manage("restore", str(dump), database_url=_pg_url(name))
            assert result.returncode == 0, result.stderr
            counts, restored_iins = _pg_counts(_pg_url(name))
            # the append-only trigger came back with the data
            with psycopg.connect(_pg_url(name)) as conn, pytest.raises(psycopg.Error):
                conn.execute("UPDATE core_auditevent SET action = 'x'")
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        target = tmp_path / "restored.sqlite3"
        result = _manage("restore", str(dump), database_url=f"sqlite:///{target}")
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(target) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                 "AND name NOT LIKE 'sqlite_%'")]
            counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
            restored_iins = {r[0] for r in conn.execute("SELECT iin FROM registry_person")}
    assert {t: n for t, n in counts.items() if t in manifest.counts} == manifest.counts
    assert set(iins) <= restored_iins
    assert "restored and verified" in result.stdout


def test_a_damaged_dump_is_refused_and_the_target_stays_empty(tmp_path: Path) -> None:
    _records()
    dump = tmp_path / "qamqor.dump"
    backup(dump)
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}" if connection.vendor == "sqlite" else None
    if url is None:
        with pytest.raises(BackupError, match="checksum"):
            restore(dump)
    else:
        result = _manage("restore", str(dump), database_url=url)
        assert result.returncode != 0 and "checksum" in result.stderr
        with sqlite3.connect(tmp_path / "new.sqlite3") as conn:
            assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0


def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path) -> None:
    _records()
    dump = tmp_path / "qamqor.dump"
    backup(dump)
    before = table_counts()
    with pytest.raises(BackupError, match="not empty"):
        restore(dump)
    assert table_counts() == before
    assert manifest_path(dump).exists()
