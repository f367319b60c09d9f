"""The registries' pure rules: name search keys, who needs a legal representative, and the checks
on a representation. No Django imports; dates are arguments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from qamqor.core.domain import age_on

# Age of majority: full civil capacity at 18 (Civil Code of the Republic of Kazakhstan, art. 17).
AGE_OF_MAJORITY = 18

FULL_CAPACITY = "full"

# Kazakh letters fold to their nearest Russian counterpart and ё to е, so that a search typed on a
# Russian keyboard («Сейитова», «Кайрат») finds «Сейітова», «Қайрат», and the other way round.
_FOLD = str.maketrans({
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и", "ё": "е",
})


def normalize_name(value: str) -> str:
    """The search key of a name: case-folded, Kazakh letters and ё folded, whitespace collapsed."""
    return " ".join(value.casefold().translate(_FOLD).split())


def person_search_name(surname: str, given_name: str, patronymic: str = "") -> str:
    """The search key of a person: «surname name patronymic» normalised, so a prefix finds the surname."""
    return normalize_name(" ".join(p for p in (surname, given_name, patronymic) if p))


def is_minor(birth_date: date, on: date) -> bool:
    """Under the age of majority (18) on the given date."""
    return age_on(birth_date, on) < AGE_OF_MAJORITY


def needs_representative(birth_date: date, legal_capacity: str, on: date) -> bool:
    """A minor, or a person with limited or no legal capacity, acts through a legal representative
    (Civil Code of RK on minors and on persons declared incapable or of limited capacity; Code on
    Marriage and Family: parents represent their children)."""
    return is_minor(birth_date, on) or legal_capacity != FULL_CAPACITY


@dataclass(frozen=True)
class Period:
    """The validity of a representation: from a date, until a date (inclusive) or open-ended."""

    valid_from: date
    valid_until: date | None = None

    def covers(self, on: date) -> bool:
        """True when the representation is in force on the date."""
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


def has_representative_on(periods: Iterable[Period], on: date) -> bool:
    """At least one representation is in force on the date."""
    return any(p.covers(on) for p in periods)


def period_is_ordered(valid_from: date, valid_until: date | None) -> bool:
    """A period cannot end before it begins."""
    return valid_until is None or valid_from <= valid_until


def may_represent(birth_date: date, legal_capacity: str, on: date) -> bool:
    """Only an adult with full legal capacity may be appointed a person's legal representative
    (Civil Code of RK: guardians and trustees are adult capable citizens)."""
    return not needs_representative(birth_date, legal_capacity, on)


def looks_like_identifier_prefix(query: str) -> bool:
    """A search query of digits only is an IIN or BIN prefix, otherwise a name."""
    query = query.strip()
    return bool(query) and query.isdigit()
