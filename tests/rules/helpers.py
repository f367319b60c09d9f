"""Builders shared by the rules tests: a private copy of the data files to spoil, and row snapshots."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qamqor.rules.loader import DATA_DIR, SPECS
from qamqor.rules.models import InstitutionType

MODELS = [spec.model for spec in SPECS.values()]


def data_copy(tmp_path: Path) -> Path:
    """A copy of the real data files that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(data_dir: Path, filename: str, change: Callable[[Any], None]) -> None:
    """Apply ``change`` to the parsed contents of one data file and write it back."""
    path = data_dir / filename
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every rules row with every column (and institution types' categories), for comparisons."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    rows["categories"] = list(
        InstitutionType.categories.through.objects.order_by("pk").values("institutiontype_id", "recipientcategory_id"))
    return rows


def row_count() -> int:
    return sum(model.objects.count() for model in MODELS)
