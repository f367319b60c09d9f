"""Loading the regulations' catalogs from ``rules/data/*.json`` into the rules tables.

Two steps. ``rules_read`` reads every file and checks every row (every field present, three names,
a known legal source, dates in order, the model's own field checks, unique natural keys, references
that exist, no overlapping periods of a parameter) without touching the database; dates outside the
cited document's period are only warned about. ``rules_load`` then writes, in one transaction, only
the rows whose values differ from the database, matching rows on their natural key (``code``, a
criterion's ``number``, a parameter's code and start date). One bad row refuses the whole load and
nothing is written; a second run over the same files changes nothing.

Rows that the files no longer contain are left in place and reported as stale: a rule leaves
force by getting an ``effective_to`` in the data, never by deletion (other tables point at it).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from qamqor.core.errors import DomainError
from qamqor.rules.domain import ParameterVersion, overlapping
from qamqor.rules.models import (
    AdmissionDocument,
    Checklist,
    ChecklistRequirement,
    Contraindication,
    DischargeGround,
    ExitDocument,
    InstitutionType,
    JournalColumn,
    LegalDocument,
    Parameter,
    QualityCondition,
    RecipientCategory,
    RiskCriterion,
    ServiceItem,
    ServiceType,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

# Rows whose value no regulation gives carry this source (see docs/parameters.md).
QAMQOR = "QAMQOR"

# Every data file the load needs (a missing one refuses the load) and the catalog it holds;
# services.json also holds the service items, checklists.json each checklist's requirements.
FILES: dict[str, str] = {
    "legal_documents.json": "legal documents", "recipient_categories.json": "recipient categories",
    "institution_types.json": "institution types", "services.json": "service types",
    "quality_conditions.json": "quality conditions", "admission_documents.json": "admission documents",
    "contraindications.json": "contraindications", "discharge_grounds.json": "discharge grounds",
    "exit_documents.json": "exit documents", "journal_form.json": "journal form",
    "risk_criteria.json": "risk criteria", "checklists.json": "checklists", "parameters.json": "parameters",
}


class RulesDataError(DomainError):
    """The data files were refused; ``errors`` lists every problem found, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("rules_data_invalid", _(
            "The regulations' data files were refused (%(count)d problems); nothing was written.") % {
            "count": len(errors)})
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join([str(self.message), *self.errors])


@dataclass(frozen=True)
class Ref:
    """A reference to a row of another catalog by its natural key, resolved when writing."""

    model: type[models.Model]
    key: tuple[Any, ...]


@dataclass
class Row:
    values: dict[str, Any]
    where: str
    m2m: dict[str, list[Ref]] = field(default_factory=dict)


@dataclass
class Catalog:
    """The rows of one table as the files give them, in load order."""

    name: str
    model: type[models.Model]
    key: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)

    def key_of(self, row: Row) -> tuple[Any, ...]:
        return tuple(v.key if isinstance(v := row.values[f], Ref) else v for f in self.key)


@dataclass
class Count:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadReport:
    """What a load did, per catalog, in load order, and the warnings the files raised."""

    counts: dict[str, Count] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())


# --- value converters: each returns the clean value or raises ValueError with the reason ---------

Convert = Callable[[Any], Any]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value.strip()


def _opt_text(value: Any) -> str:
    return "" if value is None else _text(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be an integer")
    return value


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _date(value: Any) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError("must be an ISO date (YYYY-MM-DD) or null") from None


def _json(value: Any) -> Any:
    if value is None:
        raise ValueError("must not be null")
    return value


def _ref(model: type[models.Model], *, optional: bool = False) -> Convert:
    def convert(value: Any) -> Ref | None:
        if value is None and optional:
            return None
        if not isinstance(value, str | int) or isinstance(value, bool) or value == "":
            raise ValueError(f"must name a {model._meta.verbose_name}")
        return Ref(model, (value,))
    return convert


_SOURCED: dict[str, Convert] = {
    "source_document": _text, "source_paragraph": _text, "effective_from": _date, "effective_to": _date}
_NAMED: dict[str, Convert] = {"name_kk": _text, "name_ru": _text, "name_en": _text}
_TEXTS: dict[str, Convert] = {"text_kk": _text, "text_ru": _text, "text_en": _text}
_CATALOG_ROW: dict[str, Convert] = {"code": _text, **_NAMED, "sort_order": _int, **_SOURCED}


@dataclass(frozen=True)
class Spec:
    """How one table is read from its file: the fields, the natural key, many-to-many references."""

    name: str
    model: type[models.Model]
    fields: dict[str, Convert]
    key: tuple[str, ...] = ("code",)
    m2m: dict[str, type[models.Model]] = field(default_factory=dict)


SPECS: dict[str, Spec] = {spec.name: spec for spec in (
    Spec("legal documents", LegalDocument, {
        **_CATALOG_ROW, "registered": _opt_text, "repealed": _bool, "adopted_on": _date,
        "repealed_by": _opt_text}),
    Spec("recipient categories", RecipientCategory, {
        **_CATALOG_ROW, "age_min": _opt_int, "age_min_months": _opt_int, "age_max": _opt_int}),
    Spec("institution types", InstitutionType, {
        **_CATALOG_ROW, "setting": _text, "sector": _text, "age_min": _opt_int, "age_max": _opt_int},
        m2m={"categories": RecipientCategory}),
    Spec("service types", ServiceType, _CATALOG_ROW),
    Spec("service items", ServiceItem, {
        **_CATALOG_ROW, "standard": _text, "service_type": _ref(ServiceType), "item_no": _int}),
    Spec("quality conditions", QualityCondition, {
        **_CATALOG_ROW, "standard": _text, "service_type": _ref(ServiceType, optional=True),
        "condition_no": _int}),
    Spec("admission documents", AdmissionDocument, {
        **_CATALOG_ROW, "institution_type": _ref(InstitutionType), "number": _int, "funding": _text,
        "may_be_missing_at_admission": _bool, "if_any": _bool}),
    Spec("contraindications", Contraindication, {**_CATALOG_ROW, "institution_type": _ref(InstitutionType)}),
    Spec("discharge grounds", DischargeGround, {
        **_CATALOG_ROW, "institution_type": _ref(InstitutionType, optional=True)}),
    Spec("exit documents", ExitDocument, {**_CATALOG_ROW, "institution_type": _ref(InstitutionType)}),
    Spec("journal form", JournalColumn, {**_CATALOG_ROW, "number": _opt_int, "is_header": _bool}),
    Spec("risk criteria", RiskCriterion, {
        "number": _int, "source_group": _int, **_TEXTS, "severity": _text, "subject_setting": _text,
        **_SOURCED}, key=("number",)),
    Spec("checklists", Checklist, {**_CATALOG_ROW, "appendix": _int, "subject_code": _text}),
    Spec("checklist requirements", ChecklistRequirement, {
        "checklist": _ref(Checklist), "number": _int, **_TEXTS, "severity": _opt_text,
        "criterion": _ref(RiskCriterion, optional=True), **_SOURCED}, key=("checklist", "number")),
    Spec("parameters", Parameter, {
        "code": _text, "value": _json, "unit": _text, **_NAMED, "is_default": _bool, **_SOURCED},
        key=("code", "effective_from")),
)}


class _Reader:
    """Collects the rows of every catalog and every problem found on the way."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.catalogs: dict[str, Catalog] = {
            name: Catalog(name, spec.model, spec.key) for name, spec in SPECS.items()}

    def file(self, filename: str, shape: type) -> Any:
        path = self.data_dir / filename
        if not path.is_file():
            self.errors.append(f"{filename}: the file is missing from {self.data_dir}")
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.errors.append(f"{filename}: cannot be read as JSON ({exc})")
            return None
        if not isinstance(data, shape):
            self.errors.append(f"{filename}: must hold a JSON {'list' if shape is list else 'object'}")
            return None
        return data

    def rows(self, spec_name: str, items: Any, where: str, extra: dict[str, Any] | None = None,
             first: int = 0) -> list[Row]:
        """Convert raw items into rows of ``spec_name``; ``extra`` adds values (a parent reference),
        ``first`` is the index of the first item in its file (for messages)."""
        spec = SPECS[spec_name]
        if not isinstance(items, list):
            self.errors.append(f"{where}: must be a list")
            return []
        made = []
        for index, raw in enumerate(items, start=first):
            label = f"{where}[{index}]"
            if not isinstance(raw, dict):
                self.errors.append(f"{label}: must be an object")
                continue
            ident = next((raw[k] for k in ("code", "number") if k in raw), None)
            if ident is not None:
                label = f"{label} ({ident})"
            row = self._row(spec, raw, label, extra or {})
            if row is not None:
                self.catalogs[spec_name].rows.append(row)
                made.append(row)
        return made

    def _row(self, spec: Spec, raw: dict[str, Any], label: str, extra: dict[str, Any]) -> Row | None:
        values: dict[str, Any] = dict(extra)
        ok = True
        for name, convert in spec.fields.items():
            if name in extra:
                continue
            if name not in raw:
                self.errors.append(f"{label}: {name} is missing")
                ok = False
                continue
            try:
                values[name] = convert(raw[name])
            except ValueError as exc:
                self.errors.append(f"{label}: {name} {exc}")
                ok = False
        m2m: dict[str, list[Ref]] = {}
        for name, model in spec.m2m.items():
            codes = raw.get(name, [])
            if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
                self.errors.append(f"{label}: {name} must be a list of codes")
                ok = False
                continue
            m2m[name] = [Ref(model, (c,)) for c in codes]
        if not ok:
            return None
        self._clean(spec, values, label)
        frm, to = values.get("effective_from"), values.get("effective_to")
        if frm and to and to < frm:
            self.errors.append(f"{label}: effective_to {to} is before effective_from {frm}")
        return Row(values, label, m2m)

    def _clean(self, spec: Spec, values: dict[str, Any], label: str) -> None:
        """The model's own field checks (blank, length, choices, null) on an unsaved instance."""
        refs = [name for name, value in values.items() if isinstance(value, Ref) or value is None
                and isinstance(spec.model._meta.get_field(name), models.ForeignKey)]
        instance = spec.model(**{k: v for k, v in values.items() if k not in refs})
        try:
            instance.clean_fields(exclude=refs)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.errors.append(f"{label}: {name}: {message}")


@dataclass
class RulesData:
    """The checked contents of the data files: catalogs in load order, and warnings."""

    catalogs: list[Catalog]
    warnings: list[str]


def rules_read(data_dir: Path = DATA_DIR) -> RulesData:
    """Read and check every data file; the catalogs in load order, or RulesDataError listing
    every problem (nothing here touches the database)."""
    with translation.override("en"):
        reader = _Reader(Path(data_dir))
        for filename, name in FILES.items():
            data = reader.file(filename, dict if filename == "services.json" else list)
            if data is None:
                continue
            if filename == "services.json":
                reader.rows("service types", data.get("service_types"), f"{filename} service_types")
                reader.rows("service items", data.get("items"), f"{filename} items")
            elif filename == "checklists.json":
                _read_checklists(reader, data, filename)
            else:
                reader.rows(name, data, filename)
        catalogs = [reader.catalogs[name] for name in SPECS]
        _check_keys(catalogs, reader.errors)
        _check_sources(reader.catalogs, reader.errors, reader.warnings)
        _check_parameters(reader.catalogs["parameters"], reader.errors)
    if reader.errors:
        raise RulesDataError(reader.errors)
    return RulesData(catalogs, reader.warnings)


def _read_checklists(reader: _Reader, data: list[Any], filename: str) -> None:
    """Each checklist, then its nested requirements (which point back at it)."""
    for index, raw in enumerate(data):
        if isinstance(raw, dict):
            raw = dict(raw)
        requirements = raw.pop("requirements", None) if isinstance(raw, dict) else None
        made = reader.rows("checklists", [raw], filename, first=index)
        if made and requirements is not None:
            parent = Ref(Checklist, (made[0].values["code"],))
            reader.rows("checklist requirements", requirements,
                        f"{filename}[{index}] requirements", extra={"checklist": parent})
        elif made:
            reader.errors.append(f"{filename}[{index}]: requirements are missing")


def _check_keys(catalogs: Iterable[Catalog], errors: list[str]) -> None:
    """Natural keys are unique in each catalog, and every reference names an existing row."""
    keys: dict[type[models.Model], set[tuple[Any, ...]]] = {}
    for catalog in catalogs:
        seen: dict[tuple[Any, ...], str] = {}
        for row in catalog.rows:
            key = catalog.key_of(row)
            if key in seen:
                errors.append(f"{row.where}: {catalog.name} key {key} repeats {seen[key]}")
            seen[key] = row.where
        keys[catalog.model] = set(seen)
        if catalog.model is Checklist:
            appendices = [row.values["appendix"] for row in catalog.rows]
            for appendix in {a for a in appendices if appendices.count(a) > 1}:
                errors.append(f"checklists.json: appendix {appendix} is given twice")
    for catalog in catalogs:
        for row in catalog.rows:
            refs = [(n, v) for n, v in row.values.items() if isinstance(v, Ref)]
            refs += [(n, r) for n, rs in row.m2m.items() for r in rs]
            for name, ref in refs:
                if ref.key not in keys.get(ref.model, set()):
                    errors.append(f"{row.where}: {name} {ref.key[0]!r} is not a known "
                                  f"{ref.model._meta.verbose_name}")


def _check_sources(catalogs: dict[str, Catalog], errors: list[str], warnings: list[str]) -> None:
    """Every row cites a legal document of legal_documents.json (or QAMQOR for our defaults); dates
    outside that document's period are only warned about (a row may cite one of several acts)."""
    periods = {row.values["code"]: (row.values["effective_from"], row.values["effective_to"])
               for row in catalogs["legal documents"].rows}
    for catalog in catalogs.values():
        for row in catalog.rows:
            document = row.values["source_document"]
            if document == QAMQOR:
                continue
            if document not in periods:
                errors.append(f"{row.where}: source_document {document!r} is not in legal_documents.json "
                              f"(nor {QAMQOR})")
                continue
            start, end = periods[document]
            frm, to = row.values["effective_from"], row.values["effective_to"]
            if frm and start and frm < start:
                warnings.append(f"{row.where}: effective_from {frm} is before document {document} "
                              f"came into force ({start})")
            if to and end and to > end:
                warnings.append(f"{row.where}: effective_to {to} is after document {document} "
                              f"ceased to apply ({end})")


def _check_parameters(catalog: Catalog, errors: list[str]) -> None:
    """A parameter's periods never overlap; a Qamqor default is flagged as one, and only it is."""
    by_code: dict[str, list[ParameterVersion]] = defaultdict(list)
    for row in catalog.rows:
        v = row.values
        by_code[v["code"]].append(ParameterVersion(v["code"], v["value"], v["effective_from"], v["effective_to"]))
        if v["is_default"] != (v["source_document"] == QAMQOR):
            errors.append(f"{row.where}: is_default must be true exactly when source_document is {QAMQOR}")
    for code, versions in by_code.items():
        for earlier, later in overlapping(versions):
            errors.append(f"parameters.json: parameter {code} has overlapping periods "
                          f"{earlier.effective_from or '…'}–{earlier.effective_to or '…'} and "
                          f"{later.effective_from or '…'}–{later.effective_to or '…'}")


# --- writing ----------------------------------------------------------------------------------

def _attname(model: type[models.Model], name: str) -> str:
    return model._meta.get_field(name).attname


def rules_load(*, data_dir: Path = DATA_DIR, check_only: bool = False) -> LoadReport:
    """Load the regulations' catalogs from the data files (idempotent: only differing rows are
    written); any problem in any file refuses the whole load with RulesDataError."""
    data = rules_read(data_dir)
    if check_only:
        return LoadReport({c.name: Count(unchanged=len(c.rows)) for c in data.catalogs}, data.warnings)
    return _write(data)


@transaction.atomic
def _write(data: RulesData) -> LoadReport:
    """Upsert every catalog in load order, resolving references to the rows written before."""
    report = LoadReport(warnings=data.warnings)
    pks: dict[type[models.Model], dict[tuple[Any, ...], int]] = defaultdict(dict)

    def resolve(value: Any) -> Any:
        return pks[value.model][value.key] if isinstance(value, Ref) else value

    for catalog in data.catalogs:
        model = catalog.model
        count = report.counts[catalog.name] = Count()
        key_attnames = [_attname(model, f) for f in catalog.key]
        existing = {tuple(getattr(obj, a) for a in key_attnames): obj for obj in model._default_manager.all()}
        for row in catalog.rows:
            values = {_attname(model, k): resolve(v) for k, v in row.values.items()}
            obj = existing.pop(tuple(values[a] for a in key_attnames), None)
            if created := obj is None:
                obj = model(**values)
                obj.save(force_insert=True)
            else:
                # type too: a JSON value 1 and true compare equal in Python but are different data
                differing = [a for a, v in values.items()
                             if getattr(obj, a) != v or type(getattr(obj, a)) is not type(v)]
                for attname in differing:
                    setattr(obj, attname, values[attname])
                if differing:
                    obj.save(update_fields=differing)
            relinked = False
            for name, refs in row.m2m.items():
                wanted = {resolve(r) for r in refs}
                manager = getattr(obj, name)
                if set(manager.values_list("pk", flat=True)) != wanted:
                    manager.set(wanted)
                    relinked = True
            if created:
                count.created += 1
            elif differing or relinked:
                count.updated += 1
            else:
                count.unchanged += 1
            pks[model][catalog.key_of(row)] = obj.pk
        count.stale = len(existing)
    return report
