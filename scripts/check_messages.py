"""Fail when a committed catalog has no compiled .mo beside its .po, or the .mo is not a gettext catalog.

Completeness and .mo-matches-.po are checked by tests/test_translations.py."""

import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "src" / "qamqor" / "locale"
MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")


def main() -> int:
    problems = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists():
            problems.append(f"{mo} is missing: run make messages")
        elif mo.read_bytes()[:4] not in MAGIC:
            problems.append(f"{mo} is not a compiled gettext catalog")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
