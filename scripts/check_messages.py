"""Fail when a committed .po catalog does not compile, or its .mo is older than the .po."""

import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "src" / "qamqor" / "locale"


def main() -> int:
    problems = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists():
            problems.append(f"{mo} is missing: run make messages")
        elif mo.stat().st_mtime + 1 < po.stat().st_mtime and mo.read_bytes()[:4] not in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde"):
            problems.append(f"{mo} is not a compiled catalog")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
