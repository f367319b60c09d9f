"""docs/access.md describes every permission that access/permissions.py defines."""

from pathlib import Path

from qamqor.access.permissions import P

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def test_every_permission_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [p.value for p in P if f"`{p.value}`" not in text]
    assert missing == []
