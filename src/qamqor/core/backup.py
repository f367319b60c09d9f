"""Backup and restore of the whole database, with a manifest that proves the restore complete.

PostgreSQL: ``pg_dump`` in its custom format and ``pg_restore`` (schema, data, triggers, sequences);
SQLite: the sqlite3 online-backup API. Next to the dump, ``<file>.manifest.json`` records the engine,
the time, the SHA-256 of the dump and the row count of every table. A restore goes only into an empty
database, refuses a dump whose checksum does not match, and afterwards compares every table's row count
with the manifest: a restore that lost a row fails loudly."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection


class BackupError(Exception):
    """A backup or restore that cannot be done safely; the message says why."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    sha256: str
    counts: dict[str, int]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.__dict__, indent=1, sort_keys=True), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            raise BackupError(f"cannot read the manifest {path}: {exc}") from None


def manifest_path(dump: Path) -> Path:
    return dump.with_name(dump.name + ".manifest.json")


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def table_counts() -> dict[str, int]:
    """Row count of every table of the database (all apps, Django's own included)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["-h", s.get("HOST") or "127.0.0.1", "-p", str(s.get("PORT") or 5432), "-U", s.get("USER") or "postgres"]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {result.stderr.strip()[:2000]}")


def backup(dump: Path) -> Manifest:
    """Write the dump and its manifest; the counts are read in the same consistent snapshot as far as
    the engine allows (PostgreSQL: pg_dump's own snapshot; counted right after it)."""
    dump = Path(dump)
    dump.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    if engine == "postgresql":
        args, env = _pg_env()
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-d", connection.settings_dict["NAME"],
              "-f", str(dump)], env)
    else:
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    manifest = Manifest(engine=engine, created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                        sha256=_sha256(dump), counts=table_counts())
    manifest.write(manifest_path(dump))
    return manifest


def _is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(dump: Path) -> dict[str, Any]:
    """Restore a dump into the configured (empty) database and check it against the manifest."""
    dump = Path(dump)
    manifest = Manifest.read(manifest_path(dump))
    if not dump.exists():
        raise BackupError(f"no dump at {dump}")
    if _sha256(dump) != manifest.sha256:
        raise BackupError("the dump does not match its manifest's checksum: it is damaged or not this backup")
    if manifest.engine != _engine():
        raise BackupError(f"a {manifest.engine} backup cannot be restored into {_engine()}")
    if not _is_empty():
        raise BackupError("the target database is not empty: restore only into a new, empty database")
    if manifest.engine == "postgresql":
        args, env = _pg_env()
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *args,
              "-d", connection.settings_dict["NAME"], str(dump)], env)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    counts = table_counts()
    missing = {t: (n, counts.get(t)) for t, n in manifest.counts.items() if counts.get(t) != n}
    if missing:
        raise BackupError(f"restored database differs from the manifest (table: expected, found): {missing}")
    return {"tables": len(counts), "rows": sum(counts.values())}
