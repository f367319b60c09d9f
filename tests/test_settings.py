"""Settings come from the environment, and production settings pass ``manage.py check --deploy``.

Each case runs Django in a subprocess with exactly the environment it names, so nothing of the
test run (its DATABASE_URL, its settings) leaks in."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = secrets.token_urlsafe(64)
POSTGRES_URL = "postgres://qamqor:secret@db.internal:5432/qamqor"
PRODUCTION = {
    "QAMQOR_ENV": "production",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "qamqor.example.kz",
    "DATABASE_URL": POSTGRES_URL,
}
# Only what a process needs to run; every Qamqor/Django variable is given explicitly per case.
_KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k in _KEEP}
    base.update({"PYTHONDONTWRITEBYTECODE": "1", "QAMQOR_VAR_DIR": str(tmp_path)})
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={**base, **env}, capture_output=True,
                          text=True, timeout=120)


def check_deploy(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return _run(["manage.py", "check", "--deploy"], env, tmp_path)


_PRINT_SETTINGS = """
import json, os, sys
sys.path.insert(0, "src")
os.environ["DJANGO_SETTINGS_MODULE"] = "qamqor.settings"
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG, "PRODUCTION": settings.PRODUCTION, "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS, "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "ENGINE": db["ENGINE"], "NAME": str(db["NAME"]), "HOST": db.get("HOST", ""), "USER": db.get("USER", ""),
    "SESSION_COOKIE_SECURE": getattr(settings, "SESSION_COOKIE_SECURE", False),
    "CSRF_COOKIE_SECURE": getattr(settings, "CSRF_COOKIE_SECURE", False),
    "SECURE_SSL_REDIRECT": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "SECURE_HSTS_SECONDS": getattr(settings, "SECURE_HSTS_SECONDS", 0),
    "SECURE_PROXY_SSL_HEADER": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "LANGUAGE_CODE": settings.LANGUAGE_CODE, "TIME_ZONE": settings.TIME_ZONE,
    "SESSION_COOKIE_AGE": settings.SESSION_COOKIE_AGE, "STATIC_ROOT": str(settings.STATIC_ROOT),
}))
"""


def settings_under(env: dict[str, str], tmp_path: Path) -> dict[str, object]:
    result = _run(["-c", _PRINT_SETTINGS], env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- manage.py check --deploy --------------------------------------------------------------------

def test_production_settings_pass_the_deployment_check_without_a_warning(tmp_path: Path) -> None:
    result = check_deploy(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_the_demo_secret_key_is_refused_in_production(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = check_deploy(env, tmp_path)
    assert result.returncode != 0
    assert "qamqor.E001" in result.stderr
    assert "qamqor.E002" not in result.stderr


def test_sqlite_is_refused_in_production(tmp_path: Path) -> None:
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"}
    result = check_deploy(env, tmp_path)
    assert result.returncode != 0
    assert "qamqor.E002" in result.stderr
    assert "qamqor.E001" not in result.stderr


def test_production_with_nothing_set_fails_on_both_checks(tmp_path: Path) -> None:
    result = check_deploy({"QAMQOR_ENV": "production", "ALLOWED_HOSTS": "qamqor.example.kz"}, tmp_path)
    assert result.returncode != 0
    assert "qamqor.E001" in result.stderr and "qamqor.E002" in result.stderr


def test_the_secret_key_may_come_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text(GOOD_KEY + "\n", encoding="utf-8")
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"} | {"SECRET_KEY_FILE": str(key_file)}
    result = check_deploy(env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_a_short_secret_key_is_warned_about(tmp_path: Path) -> None:
    result = check_deploy({**PRODUCTION, "SECRET_KEY": "too-short"}, tmp_path)
    assert "security.W009" in result.stdout + result.stderr


# --- every setting from the environment ----------------------------------------------------------

def test_development_defaults_are_the_embedded_demo(tmp_path: Path) -> None:
    s = settings_under({}, tmp_path)
    assert s["PRODUCTION"] is False and s["DEBUG"] is True
    assert s["ENGINE"] == "django.db.backends.sqlite3"
    assert s["NAME"] == str(tmp_path / "qamqor.sqlite3")
    assert "127.0.0.1" in s["ALLOWED_HOSTS"]
    assert s["LANGUAGE_CODE"] == "kk"
    assert s["SESSION_COOKIE_SECURE"] is False


def test_production_reads_hosts_database_and_key_from_the_environment(tmp_path: Path) -> None:
    s = settings_under({**PRODUCTION, "ALLOWED_HOSTS": "qamqor.example.kz, www.qamqor.example.kz",
                        "CSRF_TRUSTED_ORIGINS": "https://qamqor.example.kz"}, tmp_path)
    assert s["PRODUCTION"] is True and s["DEBUG"] is False
    assert s["SECRET_KEY"] == GOOD_KEY
    assert s["ALLOWED_HOSTS"] == ["qamqor.example.kz", "www.qamqor.example.kz"]
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://qamqor.example.kz"]
    assert (s["ENGINE"], s["NAME"], s["HOST"], s["USER"]) == (
        "django.db.backends.postgresql", "qamqor", "db.internal", "qamqor")


def test_production_turns_on_transport_and_cookie_protection(tmp_path: Path) -> None:
    s = settings_under(PRODUCTION, tmp_path)
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(("name", "value", "setting", "expected"), [
    ("ALLOWED_HOSTS", "a.example.kz,b.example.kz", "ALLOWED_HOSTS", ["a.example.kz", "b.example.kz"]),
    ("DATABASE_URL", POSTGRES_URL, "HOST", "db.internal"),
    ("SECRET_KEY", GOOD_KEY, "SECRET_KEY", GOOD_KEY),
    ("DEBUG", "false", "DEBUG", False),
    ("TIME_ZONE", "Asia/Aqtobe", "TIME_ZONE", "Asia/Aqtobe"),
    ("SESSION_COOKIE_AGE", "3600", "SESSION_COOKIE_AGE", 3600),
    ("SECURE_HSTS_SECONDS", "63072000", "SECURE_HSTS_SECONDS", 63072000),
])
def test_each_variable_may_also_be_given_as_a_file(tmp_path: Path, name: str, value: str, setting: str,
                                                    expected: object) -> None:
    direct = settings_under({**PRODUCTION, name: value}, tmp_path)
    secret = tmp_path / name.lower()
    secret.write_text(value + "\n", encoding="utf-8")
    env = {k: v for k, v in PRODUCTION.items() if k != name} | {f"{name}_FILE": str(secret)}
    from_file = settings_under(env, tmp_path)
    assert direct[setting] == expected
    assert from_file[setting] == expected


def test_static_root_and_proxy_header_follow_the_environment(tmp_path: Path) -> None:
    s = settings_under({**PRODUCTION, "STATIC_ROOT": str(tmp_path / "static"), "BEHIND_TLS_PROXY": "false"},
                       tmp_path)
    assert s["STATIC_ROOT"] == str(tmp_path / "static")
    assert s["SECURE_PROXY_SSL_HEADER"] is None
