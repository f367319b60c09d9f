"""Pure rules about dated values: which version of a parameter applies on a date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ParameterVersion:
    code: str
    value: Any
    effective_from: date | None
    effective_to: date | None


class NoParameterValue(LookupError):
    """No version of the parameter is in force on the date asked for."""


def overlapping(versions: Iterable[ParameterVersion]) -> list[tuple[ParameterVersion, ParameterVersion]]:
    """Pairs of versions of one code whose periods overlap (the data must have none)."""
    ordered = sorted(versions, key=lambda v: v.effective_from or date.min)
    pairs = []
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        end = earlier.effective_to or date.max
        if (later.effective_from or date.min) <= end:
            pairs.append((earlier, later))
    return pairs


def version_on(versions: Iterable[ParameterVersion], on: date) -> ParameterVersion:
    """The version in force on ``on``: effective_from <= on <= effective_to (open ends allowed)."""
    for version in versions:
        if (version.effective_from or date.min) <= on <= (version.effective_to or date.max):
            return version
    raise NoParameterValue(f"no value in force on {on.isoformat()}")
