"""The journal's scheduled job: offers whose arrival date passed lapse (one transaction)."""

from __future__ import annotations

from datetime import date

from qamqor.journal.services import SYSTEM, offers_lapse_due


def lapse_offers(day: date) -> dict[str, int]:
    return {"lapsed": len(offers_lapse_due(actor=SYSTEM, today=day))}
