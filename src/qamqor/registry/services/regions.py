"""Loading the regions and districts reference data."""


import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction

from qamqor.registry.models import (
    District,
    Region,
)

# --- regions (reference data) ----------------------------------------------------------------------------------

REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.json"


@dataclass
class RegionsLoadReport:
    """How many rows a load created, updated or left as they were."""

    regions: int = 0
    districts: int = 0
    created: int = 0
    updated: int = 0


def _upsert(model: type[models.Model], code: str, values: dict[str, Any], report: RegionsLoadReport) -> Any:
    row = model._default_manager.filter(code=code).first()
    if row is None:
        row = model._default_manager.create(code=code, **values)
        report.created += 1
        return row
    changed = [k for k, v in values.items() if getattr(row, f"{k}_id" if k == "region" else k) != (
        v.pk if isinstance(v, models.Model) else v)]
    if changed:
        for key in changed:
            setattr(row, key, values[key])
        row.save(update_fields=changed)
        report.updated += 1
    return row


@transaction.atomic
def regions_load(*, path: Path = REGIONS_FILE) -> RegionsLoadReport:
    """Upsert the regions and districts of the data file by KATO code: running it twice changes nothing.
    Rows no longer in the file are kept (persons and providers refer to them)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    report = RegionsLoadReport()
    for item in data["regions"]:
        region = _upsert(Region, item["code"], {
            "kind": item["kind"], "name_kk": item["name_kk"], "name_ru": item["name_ru"], "name_en": item["name_en"],
        }, report)
        report.regions += 1
        for d in item.get("districts", []):
            _upsert(District, d["code"], {
                "region": region, "name_kk": d["name_kk"], "name_ru": d["name_ru"], "name_en": d["name_en"],
            }, report)
            report.districts += 1
    return report
