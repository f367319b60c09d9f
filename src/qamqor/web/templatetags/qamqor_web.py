"""Template helpers of the interface: dates written out in the user's language."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.translation import get_language, pgettext

register = template.Library()


@register.filter
def long_date(value: date | None) -> str:
    """A date with the month's name, as each language writes it: «2026 жылғы 25 қараша»,
    «25 ноября 2026 г.», «25 November 2026» (the order comes from the catalog). Empty for no date."""
    if not value:
        return ""
    lang = (get_language() or "kk")[:2]
    month = str((MONTHS_ALT if lang == "ru" else MONTHS)[value.month])
    if lang in ("kk", "ru"):
        month = month.lower()
    return pgettext("long date: day, month name, year", "%(day)s %(month)s %(year)s") % {
        "day": value.day, "month": month, "year": value.year}


@register.filter
def citation(value: object) -> str:
    """A catalog row's legal citation in the reader's language (the terms of the notation translated)."""
    from qamqor.core.citations import localize

    return localize(str(value or ""))
