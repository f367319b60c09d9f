"""Stateless application servers: with REDIS_URL the cache and the sessions are shared through a real
Redis server (the one on loopback), so any worker or host can serve any request."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("QAMQOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

_SCRIPT = """
import os, sys, uuid
sys.path.insert(0, "src")
os.environ["DJANGO_SETTINGS_MODULE"] = "qamqor.settings"
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.contrib.sessions.backends.cached_db import SessionStore
mode, key = sys.argv[1], sys.argv[2]
assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
if mode == "write":
    cache.set("qamqor-test-" + key, "shared", 60)
    print(cache.get("qamqor-test-" + key))
else:
    print(cache.get("qamqor-test-" + key))
"""


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis server on loopback (set QAMQOR_TEST_REDIS_URL)")
def test_two_processes_share_the_cache_through_redis(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "REDIS_URL": REDIS, "QAMQOR_VAR_DIR": str(tmp_path),
           "PYTHONDONTWRITEBYTECODE": "1"}
    key = uuid.uuid4().hex
    run = [sys.executable, "-c", _SCRIPT]
    first = subprocess.run([*run, "write", key], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    second = subprocess.run([*run, "read", key], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert first.stdout.strip() == second.stdout.strip() == "shared"


def test_without_redis_the_cache_is_local_and_sessions_are_in_the_database(settings) -> None:
    if os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is set for this run")
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
