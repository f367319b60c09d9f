"""Pure rules of the E-sobes roster: the columns of a file, the validation of one row, and the
comparison of a provider's roster in E-sobes with its placements in Qamqor.

No Django imports: tested without a database; the services and selectors feed it plain values."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple

from qamqor.core.domain import InvalidIdentifier, parse_iin, validate_bin

# The canonical columns, in the order of an export; see docs/esobes.md.
COLUMNS: tuple[str, ...] = ("iin", "surname", "name", "patronymic", "birth_date", "provider_bin", "setting",
                            "admission_date", "discharge_date", "category")
REQUIRED: frozenset[str] = frozenset({"iin", "surname", "name", "provider_bin", "setting", "admission_date"})

# Header spellings accepted for each column (compared case-insensitively, spaces/dashes as "_").
ALIASES: dict[str, str] = {
    "iin": "iin", "иин": "iin", "жсн": "iin",
    "surname": "surname", "last_name": "surname", "фамилия": "surname", "тегі": "surname",
    "name": "name", "given_name": "name", "first_name": "name", "имя": "name", "аты": "name",
    "patronymic": "patronymic", "middle_name": "patronymic", "отчество": "patronymic", "әкесінің_аты": "patronymic",
    "birth_date": "birth_date", "date_of_birth": "birth_date", "дата_рождения": "birth_date",
    "туған_күні": "birth_date",
    "provider_bin": "provider_bin", "bin": "provider_bin", "бин": "provider_bin", "бсн": "provider_bin",
    "setting": "setting", "form": "setting", "форма": "setting", "нысаны": "setting",
    "admission_date": "admission_date", "admitted_on": "admission_date", "дата_поступления": "admission_date",
    "түскен_күні": "admission_date",
    "discharge_date": "discharge_date", "discharged_on": "discharge_date", "дата_выбытия": "discharge_date",
    "шыққан_күні": "discharge_date",
    "category": "category", "категория": "category", "санаты": "category",
}

# Journal settings as E-sobes may spell them.
SETTINGS: dict[str, str] = {
    "stationary": "stationary", "стационар": "stationary", "стационарная": "stationary",
    "semi_stationary": "semi_stationary", "полустационар": "semi_stationary",
    "полустационарная": "semi_stationary", "жартылай_стационар": "semi_stationary",
    "home_care": "home_care", "на_дому": "home_care", "үйде": "home_care",
    "temporary_stay": "temporary_stay", "временное_пребывание": "temporary_stay",
    "уақытша_болу": "temporary_stay",
}

_SEP = re.compile(r"[\s\-]+")


def normalize_header(value: Any) -> str:
    key = _SEP.sub("_", str(value or "").strip().casefold())
    return ALIASES.get(key, key)


class RowError(StrEnum):
    """Why a row was refused (the services translate these codes; see exchange.messages)."""

    MISSING = "missing"
    BAD_DATE = "bad_date"
    BIRTH_DATE_MISMATCH = "birth_date_mismatch"
    UNKNOWN_PROVIDER = "unknown_provider"
    PROVIDER_OUT_OF_SCOPE = "provider_out_of_scope"
    UNKNOWN_SETTING = "unknown_setting"
    DISCHARGE_BEFORE_ADMISSION = "discharge_before_admission"
    DUPLICATE = "duplicate"
    TOO_LONG = "too_long"
    # identifier errors reuse qamqor.core.domain.IdentifierError values, prefixed "iin_"/"bin_"


@dataclass(frozen=True, slots=True)
class RowProblem:
    field: str
    code: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class ParsedRow:
    iin: str
    surname: str
    name: str
    patronymic: str
    birth_date: date | None
    provider_bin: str
    setting: str
    admission_date: date
    discharge_date: date | None
    category: str

    @property
    def natural_key(self) -> tuple[str, str, str, date]:
        """What identifies a row: the same person, provider, setting and admission."""
        return (self.iin, self.provider_bin, self.setting, self.admission_date)

    def canonical(self) -> str:
        """One line of the row's values, for the order-independent content digest."""
        return "|".join((self.iin, self.surname, self.name, self.patronymic, _iso(self.birth_date),
                         self.provider_bin, self.setting, _iso(self.admission_date), _iso(self.discharge_date),
                         self.category))


def _iso(value: date | str | None) -> str:
    """ISO text of a date (a date already in ISO text, as a streaming reader may give it, passes)."""
    if not value:
        return ""
    return value if isinstance(value, str) else value.isoformat()


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y.%m.%d")


def parse_date(value: Any) -> date | None:
    """A date from ISO (yyyy-mm-dd), dd.mm.yyyy, dd/mm/yyyy or a spreadsheet date; None when empty;
    ValueError when it is not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if len(text) == 10:
        if text[4] == "-":
            return date.fromisoformat(text)   # the fast path: ISO dates
        if text[2] == ".":
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
    if "T" in text:
        text = text.split("T", 1)[0]
    elif " " in text:
        text = text.split(" ", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\x00", "").strip()   # NUL never reaches the database (PostgreSQL refuses it)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


_MAX = (("surname", 150), ("name", 150), ("patronymic", 150), ("category", 120))


@lru_cache(maxsize=4096)
def _bin_checked(value: str) -> tuple[str, str]:
    """(normalised BIN, "") or ("", error code); cached: a file names few providers many times."""
    try:
        return validate_bin(value), ""
    except InvalidIdentifier as exc:
        return "", f"bin_{exc.code.value}"


@lru_cache(maxsize=256)
def _setting_of(value: str) -> str:
    return SETTINGS.get(_SEP.sub("_", value.casefold()), "")


def parse_row(raw: Mapping[str, Any], *, provider_known: Callable[[str], str | None]) -> tuple[ParsedRow | None,
                                                                                                list[RowProblem]]:
    """Validate one row (keys already canonical column names). ``provider_known(bin)`` returns ``""``
    when the BIN is a provider the importer may load, a RowError code otherwise. Returns the parsed
    row or None with every problem found (not only the first). Hot path of a million-row import."""
    problems: list[RowProblem] = []
    get = raw.get
    iin_text, surname, name = _text(get("iin")), _text(get("surname")), _text(get("name"))
    patronymic, bin_text, setting_text = _text(get("patronymic")), _text(get("provider_bin")), _text(get("setting"))
    category = _text(get("category"))
    texts = {"iin": iin_text, "surname": surname, "name": name, "provider_bin": bin_text, "setting": setting_text,
             "admission_date": get("admission_date")}
    for column, value in texts.items():
        if value is None or value == "" or (isinstance(value, str) and not value.strip()):
            problems.append(RowProblem(column, RowError.MISSING))
    for column, limit in _MAX:
        value = {"surname": surname, "name": name, "patronymic": patronymic, "category": category}[column]
        if len(value) > limit:
            problems.append(RowProblem(column, RowError.TOO_LONG, str(limit)))

    iin_info = None
    if iin_text:
        try:
            iin_info = parse_iin(iin_text)
        except InvalidIdentifier as exc:
            problems.append(RowProblem("iin", f"iin_{exc.code.value}"))
    bin_value = ""
    if bin_text:
        bin_value, code = _bin_checked(bin_text)
        if code:
            problems.append(RowProblem("provider_bin", code))
        else:
            refusal = provider_known(bin_value)
            if refusal:
                problems.append(RowProblem("provider_bin", refusal, bin_value))
    setting = ""
    if setting_text:
        setting = _setting_of(setting_text)
        if not setting:
            problems.append(RowProblem("setting", RowError.UNKNOWN_SETTING, setting_text))

    dates: dict[str, date | None] = {}
    for column in ("birth_date", "admission_date", "discharge_date"):
        try:
            dates[column] = parse_date(get(column))
        except ValueError:
            dates[column] = None
            problems.append(RowProblem(column, RowError.BAD_DATE, _text(get(column))))
    if iin_info and dates["birth_date"] and dates["birth_date"] != iin_info.birth_date:
        problems.append(RowProblem("birth_date", RowError.BIRTH_DATE_MISMATCH, iin_info.birth_date.isoformat()))
    if dates["admission_date"] and dates["discharge_date"] and dates["discharge_date"] < dates["admission_date"]:
        problems.append(RowProblem("discharge_date", RowError.DISCHARGE_BEFORE_ADMISSION))
    if problems:
        return None, problems
    assert iin_info is not None and dates["admission_date"] is not None
    return ParsedRow(
        iin=iin_info.iin, surname=surname, name=name, patronymic=patronymic,
        birth_date=dates["birth_date"] or iin_info.birth_date, provider_bin=bin_value, setting=setting,
        admission_date=dates["admission_date"], discharge_date=dates["discharge_date"], category=category,
    ), []


class ContentDigest:
    """An order-independent digest of a file's accepted rows: the sum of their SHA-256 values modulo
    2**256, so the same rows in another order (or another format) give the same digest."""

    def __init__(self) -> None:
        self._sum = 0
        self.count = 0

    def add(self, row: ParsedRow) -> None:
        self._sum = (self._sum + int.from_bytes(hashlib.sha256(row.canonical().encode()).digest(), "big")) % (1 << 256)
        self.count += 1

    def hexdigest(self) -> str:
        return hashlib.sha256(f"{self._sum:064x}:{self.count}".encode()).hexdigest() if self.count else ""


# --- Reconciliation ----------------------------------------------------------------------------------

class DifferenceKind(StrEnum):
    ONLY_IN_ESOBES = "only_in_esobes"
    ONLY_IN_QAMQOR = "only_in_qamqor"
    FIELD = "field"


class EsobesRecord(NamedTuple):
    """One E-sobes row as the comparison needs it (a named tuple: built by the million, cheaply)."""

    iin: str
    setting: str
    admission_date: date
    discharge_date: date | None
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    birth_date: date | None = None
    entry_id: int | None = None
    row_number: int | None = None

    def active_on(self, on: date) -> bool:
        return self.admission_date <= on and (self.discharge_date is None or self.discharge_date > on)


class QamqorRecord(NamedTuple):
    """One placement in Qamqor as the comparison needs it."""

    iin: str
    setting: str
    started_on: date
    ended_on: date | None
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    birth_date: date | None = None
    placement_id: int | None = None
    person_id: int | None = None

    def active_on(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on > on)


class RawDifference(NamedTuple):
    iin: str
    kind: DifferenceKind
    setting: str
    field: str = ""
    esobes_value: str = ""
    qamqor_value: str = ""
    esobes: EsobesRecord | None = None
    qamqor: QamqorRecord | None = None


def _norm(value: str) -> str:
    return " ".join(value.casefold().replace("ё", "е").split())


def _field_diffs(e: EsobesRecord, q: QamqorRecord) -> list[RawDifference]:
    out: list[RawDifference] = []

    def add(name: str, ev: str, qv: str) -> None:
        out.append(RawDifference(e.iin, DifferenceKind.FIELD, q.setting, name, ev, qv, e, q))

    if e.setting != q.setting:
        add("setting", e.setting, q.setting)
    if e.admission_date != q.started_on:
        add("admission_date", _iso(e.admission_date), _iso(q.started_on))
    for name, ev, qv in (("surname", e.surname, q.surname), ("given_name", e.given_name, q.given_name),
                         ("patronymic", e.patronymic, q.patronymic)):
        if q.person_id is not None and _norm(ev) != _norm(qv):
            add(name, ev, qv)
    if e.birth_date and q.birth_date and e.birth_date != q.birth_date:
        add("birth_date", _iso(e.birth_date), _iso(q.birth_date))
    return out


def _latest(records: list[Any], key: str) -> Any:
    return max(records, key=lambda r: getattr(r, key))


def compare(esobes: Iterable[EsobesRecord], qamqor: Iterable[QamqorRecord], on: date) -> list[RawDifference]:
    """The differences between one provider's E-sobes roster and its Qamqor placements on ``on``.

    Persons are matched by IIN, and within an IIN by setting. See docs/esobes.md for the rules."""
    es_by: dict[str, list[EsobesRecord]] = {}
    for e in esobes:
        es_by.setdefault(e.iin, []).append(e)
    q_by: dict[str, list[QamqorRecord]] = {}
    for q in qamqor:
        q_by.setdefault(q.iin, []).append(q)

    out: list[RawDifference] = []
    only_e, only_q = DifferenceKind.ONLY_IN_ESOBES, DifferenceKind.ONLY_IN_QAMQOR
    for iin in sorted(es_by.keys() | q_by.keys()):
        es_all, q_all = es_by.get(iin), q_by.get(iin)
        # the common cases first, without building lists: a person on one side only
        if q_all is None:
            for e in es_all or ():
                if e.admission_date <= on and (e.discharge_date is None or e.discharge_date > on):
                    out.append(RawDifference(iin, only_e, e.setting, "", "", "", e, None))
            continue
        if es_all is None:
            for q in q_all:
                if q.started_on <= on and (q.ended_on is None or q.ended_on > on):
                    out.append(RawDifference(iin, only_q, q.setting, "", "", "", None, q))
            continue
        ea = [e for e in es_all if e.active_on(on)]
        qa = [q for q in q_all if q.active_on(on)]
        if not ea and not qa:
            continue
        if ea and qa:
            q_left = list(qa)
            e_left: list[EsobesRecord] = []
            for e in ea:
                match = next((q for q in q_left if q.setting == e.setting), None)
                if match is None:
                    e_left.append(e)
                    continue
                q_left.remove(match)
                out.extend(_field_diffs(e, match))
            if len(e_left) == 1 and len(q_left) == 1:
                out.extend(_field_diffs(e_left[0], q_left[0]))
                continue
            out.extend(RawDifference(iin, DifferenceKind.ONLY_IN_ESOBES, e.setting, esobes=e) for e in e_left)
            out.extend(RawDifference(iin, DifferenceKind.ONLY_IN_QAMQOR, q.setting, qamqor=q) for q in q_left)
            continue
        if ea:
            if q_all:
                q = _latest(q_all, "started_on")
                for e in ea:
                    if q.started_on > on:
                        out.append(RawDifference(iin, DifferenceKind.FIELD, e.setting, "admission_date",
                                                 _iso(e.admission_date), _iso(q.started_on), e, q))
                    else:
                        out.append(RawDifference(iin, DifferenceKind.FIELD, e.setting, "discharge_date",
                                                 _iso(e.discharge_date), _iso(q.ended_on), e, q))
            else:
                out.extend(RawDifference(iin, DifferenceKind.ONLY_IN_ESOBES, e.setting, esobes=e) for e in ea)
            continue
        if es_all:
            e = _latest(es_all, "admission_date")
            for q in qa:
                if e.admission_date > on:
                    out.append(RawDifference(iin, DifferenceKind.FIELD, q.setting, "admission_date",
                                             _iso(e.admission_date), _iso(q.started_on), e, q))
                else:
                    out.append(RawDifference(iin, DifferenceKind.FIELD, q.setting, "discharge_date",
                                             _iso(e.discharge_date), _iso(q.ended_on), e, q))
        else:
            out.extend(RawDifference(iin, DifferenceKind.ONLY_IN_QAMQOR, q.setting, qamqor=q) for q in qa)
    return out
