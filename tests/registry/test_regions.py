"""The regions data: 17 oblasts and 3 cities of republican significance (2026), loaded idempotently."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from qamqor.registry.models import District, Region
from qamqor.registry.services import REGIONS_FILE, regions_load

pytestmark = pytest.mark.django_db


def test_the_file_holds_17_oblasts_and_3_cities_with_districts() -> None:
    data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    regions = data["regions"]
    assert len(regions) == 20
    assert sum(r["kind"] == "oblast" for r in regions) == 17
    assert {r["name_en"] for r in regions if r["kind"] == "city"} == {"Astana", "Almaty", "Shymkent"}
    assert {"Abai Region", "Zhetisu Region", "Ulytau Region"} <= {r["name_en"] for r in regions}
    for region in regions:
        assert len(region["code"]) == 9 and region["code"].isdigit()
        assert region["districts"], region["name_en"]
        for district in region["districts"]:
            assert district["code"][:2] == region["code"][:2]
            assert district["name_kk"] and district["name_ru"] and district["name_en"]


def test_load_regions_is_idempotent() -> None:
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert Region.objects.count() == 20
    assert Region.objects.filter(kind=Region.Kind.OBLAST).count() == 17
    assert Region.objects.filter(kind=Region.Kind.CITY).count() == 3
    districts = District.objects.count()
    assert districts > 200
    assert District.objects.get(code="711300000").region.code == "710000000"
    again = regions_load()
    assert (again.created, again.updated) == (0, 0)
    assert (Region.objects.count(), District.objects.count()) == (20, districts)


def test_a_renamed_row_is_updated_in_place() -> None:
    regions_load()
    astana = Region.objects.get(code="710000000")
    Region.objects.filter(pk=astana.pk).update(name_en="Nur-Sultan")
    report = regions_load()
    assert report.updated == 1
    astana.refresh_from_db()
    assert astana.name_en == "Astana"
