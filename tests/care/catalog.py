"""The regulations' catalogs the care tests need, read from the real data files (``rules/data``) and
written inside each test's transaction.

Not the session-wide ``rules_loaded`` fixture: that one commits its rows for the whole session, and
tests elsewhere that create catalog rows of the same codes (plain ``create``) then fail when they run
after a test that loaded it. Written per test, the rows vanish with the test's rollback; when the
catalogs are already committed (``rules_loaded`` ran first), nothing is written."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

from qamqor.rules.loader import DATA_DIR
from qamqor.rules.models import (
    AdmissionDocument,
    Contraindication,
    ExitDocument,
    InstitutionType,
    Parameter,
    ServiceItem,
    ServiceType,
)

_DATES = ("effective_from", "effective_to")


@cache
def _rows(filename: str, key: str | None = None) -> tuple[dict[str, Any], ...]:
    data = json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))
    rows = data[key] if key else data
    result = []
    for raw in rows:
        row = {k: v for k, v in raw.items() if k != "categories"}
        for field in _DATES:
            row[field] = date.fromisoformat(row[field]) if row.get(field) else None
        result.append(row)
    return tuple(result)


def load_care_catalog() -> None:
    """Institution types, their admission documents, contraindications and exit documents, the service
    types and items of every standard, and the dated parameters — as the data files have them."""
    if InstitutionType.objects.filter(code="special_regime_org").exists():
        return
    InstitutionType.objects.bulk_create([InstitutionType(**r) for r in _rows("institution_types.json")])
    types = dict(InstitutionType.objects.values_list("code", "pk"))
    for model, filename in ((AdmissionDocument, "admission_documents.json"),
                            (Contraindication, "contraindications.json"), (ExitDocument, "exit_documents.json")):
        model.objects.bulk_create([
            model(**{k: v for k, v in r.items() if k != "institution_type"},
                  institution_type_id=types[r["institution_type"]])
            for r in _rows(filename)])
    ServiceType.objects.bulk_create([ServiceType(**r) for r in _rows("services.json", "service_types")])
    service_types = dict(ServiceType.objects.values_list("code", "pk"))
    ServiceItem.objects.bulk_create([
        ServiceItem(**{k: v for k, v in r.items() if k != "service_type"}, service_type_id=service_types[r["service_type"]])
        for r in _rows("services.json", "items")])
    Parameter.objects.bulk_create([Parameter(**r) for r in _rows("parameters.json")])
