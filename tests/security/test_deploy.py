"""``manage.py check --deploy`` with production settings warns when authentication is weakened
(the full clean run is tests/test_settings.py)."""

from __future__ import annotations

from pathlib import Path

from tests.test_settings import PRODUCTION, check_deploy


def test_production_defaults_raise_no_authentication_warning(tmp_path: Path) -> None:
    result = check_deploy(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "qamqor.W10" not in result.stdout + result.stderr


def test_turning_the_second_factor_off_in_production_is_warned_about(tmp_path: Path) -> None:
    result = check_deploy({**PRODUCTION, "QAMQOR_TWO_FACTOR_REQUIRED": "0"}, tmp_path)
    assert "qamqor.W101" in result.stdout + result.stderr


def test_turning_the_lockout_off_is_warned_about(tmp_path: Path) -> None:
    result = check_deploy({**PRODUCTION, "QAMQOR_LOCKOUT_ACCOUNT_FAILURES": "0"}, tmp_path)
    assert "qamqor.W103" in result.stdout + result.stderr
