"""The shared kernel's pure rules: legal citations, IIN and BIN.

No Django imports here: these functions are tested without a database and used by every app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Document codes of the regulations the system implements (see docs/sources.md).
DOCUMENTS: dict[str, str] = {
    "000": "Gov. decree No. 1142 of 2014 (special-regime education organisations)",
    "001": "MES order No. 282 of 2019 (standards in education and child-rights protection)",
    "002": "MLSP order No. 240-ө of 2009 (model rules of social services)",
    "003": "MLSP order No. 472 of 2021 (rules of activity: electronic journal and queue)",
    "004": "Joint order No. 401 / No. 69 of 2022 (risk criteria and checklists)",
    "QAMQOR": "Qamqor default where the regulation is silent (a dated parameter; see docs/parameters.md)",
}


@dataclass(frozen=True)
class Source:
    """A legal citation: which document, which paragraph, and when the rule applies."""

    document: str
    paragraph: str
    effective_from: date | None = None
    effective_to: date | None = None

    def in_force(self, on: date) -> bool:
        """True when the rule applies on the given date (both ends inclusive)."""
        if self.effective_from and on < self.effective_from:
            return False
        return not (self.effective_to and on > self.effective_to)

    def __str__(self) -> str:
        return _localize_citation(f"{self.document}, {self.paragraph}")


def _identity(text: str) -> str:
    return text


# How a citation is put into the reader's language: identity here (no Django); the core app installs the
# translating one (qamqor.core.citations) when Django starts.
_localize_citation = _identity


def set_citation_localizer(fn: object) -> None:
    global _localize_citation
    _localize_citation = fn  # type: ignore[assignment]


class IdentifierError(StrEnum):
    """Why an IIN or BIN was refused; the web and API layers translate these codes."""

    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    IMPOSSIBLE_DATE = "impossible_date"
    WRONG_CENTURY_DIGIT = "wrong_century_digit"
    WRONG_ENTITY_DIGIT = "wrong_entity_digit"
    WRONG_CHECK_DIGIT = "wrong_check_digit"


class InvalidIdentifier(ValueError):
    """An IIN or BIN that fails validation; ``code`` says which check refused it."""

    def __init__(self, code: IdentifierError) -> None:
        super().__init__(code.value)
        self.code = code


_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_DIGITS = re.compile(r"^\d+$")


def control_digit(first_eleven: str) -> int | None:
    """The 12th digit of an IIN/BIN: weighted sum mod 11 with the first weight sequence, and if that
    gives 10, with the second; None when the second also gives 10 (such a number is never issued)."""
    digits = [int(c) for c in first_eleven]
    check = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
        if check == 10:
            return None
    return check


def _shape(value: str) -> str:
    value = value.strip()
    if not _DIGITS.match(value):
        raise InvalidIdentifier(IdentifierError.NOT_DIGITS)
    if len(value) != 12:
        raise InvalidIdentifier(IdentifierError.WRONG_LENGTH)
    return value


def _check(value: str) -> None:
    expected = control_digit(value[:11])
    if expected is None or expected != int(value[11]):
        raise InvalidIdentifier(IdentifierError.WRONG_CHECK_DIGIT)


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


@dataclass(frozen=True)
class IINInfo:
    """What an individual identification number encodes."""

    iin: str
    birth_date: date
    sex: Sex


_CENTURY = {1: (1800, Sex.MALE), 2: (1800, Sex.FEMALE), 3: (1900, Sex.MALE), 4: (1900, Sex.FEMALE),
            5: (2000, Sex.MALE), 6: (2000, Sex.FEMALE)}


def parse_iin(value: str) -> IINInfo:
    """Validate an IIN (12 digits: YYMMDD, century-and-sex digit, serial, control digit) and
    return the birth date and sex it encodes.

    Source: Law of RK No. 223-III «On national registers of identification numbers» (2007) and the
    Rules of forming the IIN; the control digit uses two weight sequences (1..11, then 3..11,1,2).
    """
    value = _shape(value)
    century_digit = int(value[6])
    if century_digit not in _CENTURY:
        raise InvalidIdentifier(IdentifierError.WRONG_CENTURY_DIGIT)
    century, sex = _CENTURY[century_digit]
    try:
        born = date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise InvalidIdentifier(IdentifierError.IMPOSSIBLE_DATE) from None
    _check(value)
    return IINInfo(iin=value, birth_date=born, sex=sex)


def validate_bin(value: str) -> str:
    """Validate a BIN (12 digits: YYMM of registration, entity type 4/5/6, attribute digit,
    serial, control digit) and return it normalised.

    Source: the same law; entity-type digit 4 = resident legal entity, 5 = non-resident legal
    entity, 6 = individual entrepreneur in joint venture.
    """
    value = _shape(value)
    month = int(value[2:4])
    if not 1 <= month <= 12:
        raise InvalidIdentifier(IdentifierError.IMPOSSIBLE_DATE)
    if value[4] not in "456":
        raise InvalidIdentifier(IdentifierError.WRONG_ENTITY_DIGIT)
    _check(value)
    return value


def make_iin(birth: date, sex: Sex, serial: int) -> str | None:
    """Build a valid IIN for a birth date, sex and 4-digit serial (demo and test data);
    None when that serial gives no valid control digit."""
    century = (birth.year // 100) * 100
    digit = {v: k for k, v in _CENTURY.items()}[(century, sex)]
    body = f"{birth:%y%m%d}{digit}{serial:04d}"
    check = control_digit(body)
    return None if check is None else body + str(check)


def make_bin(year: int, month: int, serial: int, entity: int = 4, attribute: int = 0) -> str | None:
    """Build a valid BIN (demo and test data); None when the serial gives no valid control digit."""
    body = f"{year % 100:02d}{month:02d}{entity}{attribute}{serial:05d}"
    check = control_digit(body)
    return None if check is None else body + str(check)


def age_on(birth: date, on: date) -> int:
    """Full years of age on a date (a person born on 29 February turns a year older on 1 March)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
