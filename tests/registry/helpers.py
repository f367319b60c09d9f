"""Small builders shared by the registry tests."""

from __future__ import annotations

import itertools
from datetime import date

from qamqor.core.domain import Sex, make_iin

TODAY = date(2026, 3, 2)

_serials = itertools.count(5000)


def new_iin(birth: date = date(1960, 5, 17), sex: Sex = Sex.MALE) -> str:
    """A valid IIN not used by the factories (their serials start at 1)."""
    while True:
        value = make_iin(birth, sex, next(_serials) % 10000)
        if value:
            return value
