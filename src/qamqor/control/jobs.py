"""The control app's scheduled job: keep the controlled subjects in step with the registry, recompute the
findings from the system's own records and every subject's risk degree as of the day. Each step is
idempotent (an unchanged result adds no score row), so a retried run's effect happens once."""

from __future__ import annotations

from datetime import date
from typing import Any

from qamqor.control.services.risk import risk_recompute_all
from qamqor.control.services.subjects import leb_subjects_ensure, subjects_sync_from_registry


def recompute_risk(day: date) -> dict[str, Any]:
    synced = subjects_sync_from_registry().as_dict()
    leb_subjects_ensure()
    report = risk_recompute_all(as_of=day, trigger="scheduled").as_dict()
    return {"subjects_synced": synced, **report}
