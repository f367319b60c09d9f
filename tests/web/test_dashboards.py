"""Dashboards: the numbers of each table from records written through the journal's services (and
planted plans and services), by region for national roles and by provider for a region's officer;
the SVG charts with their title, description and table; XLSX and CSV exports read back."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qamqor.care.models import PlanItem, ServiceDelivery
from qamqor.rules.models import ServiceItem
from tests.factories import ProviderSettingFactory
from tests.journal.support import admit, apply, person_at, provider_with, staff
from tests.web import planting as plant

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(world, care_catalog):
    """Region A: the world's provider (120 places, empty) and a second one with 2 places, both taken,
    and one applicant waiting for 20 days. Region B: 10 places, one taken."""
    second = provider_with(capacity=2, region=world.region)
    user = staff(second)
    admit(user, person_at(second), second)
    admit(user, person_at(second), second)
    apply(user, person_at(second), second)
    ProviderSettingFactory(provider=world.other_provider, capacity=10)
    other_user = staff(world.other_provider)
    admit(other_user, person_at(world.other_provider), world.other_provider)
    world.second = second
    return world


def _rows(response, key):
    return next(t for t in response.context["tables"] if t.key == key).rows


def test_occupancy_and_queues_by_region_for_the_analyst(client, places):
    client.force_login(places.user("analyst"))
    response = client.get(reverse("web:dashboards"))
    occupancy = {(r["group"], r["setting"]): r for r in _rows(response, "occupancy")}
    region_a = occupancy[("Akmola region", "stationary")]
    assert (region_a["capacity"], region_a["occupied"], region_a["offered"], region_a["free"]) == (122, 2, 0, 120)
    assert region_a["rate"] == round(100 * 2 / 122, 1)
    region_b = occupancy[("Abai region", "stationary")]
    assert (region_b["capacity"], region_b["occupied"], region_b["free"]) == (10, 1, 9)
    queues = _rows(response, "queues")
    assert [(r["group"], r["waiting"], r["offered"], r["avg_wait"], r["max_wait"]) for r in queues] == [
        ("Akmola region", 1, 0, 20.0, 20)]
    html = response.content.decode()
    assert 'href="' + reverse("web:region_detail", kwargs={"code": places.region.code}) + '"' in html


def test_the_regions_officer_sees_its_providers_only(client, places):
    client.force_login(places.user("leb"))
    response = client.get(reverse("web:dashboards"))
    occupancy = {r["group"]: r for r in _rows(response, "occupancy")}
    assert set(occupancy) == {places.provider.name, places.second.name}
    assert occupancy[places.second.name]["occupied"] == 2 and occupancy[places.second.name]["free"] == 0
    assert occupancy[places.provider.name]["capacity"] == 120
    assert places.other_provider.name not in response.content.decode()


def test_the_head_sees_the_own_provider_and_the_specialist_no_dashboards(client, places):
    client.force_login(places.user("head"))
    response = client.get(reverse("web:dashboards"))
    assert [r["group"] for r in _rows(response, "occupancy")] == [places.provider.name]
    client.force_login(places.user("specialist"))
    assert client.get(reverse("web:dashboards")).status_code == 403
    assert client.get(reverse("web:dashboard_export", kwargs={"key": "occupancy", "fmt": "csv"})).status_code == 403


def test_charts_are_svg_with_title_description_and_a_table_beside(client, places):
    client.force_login(places.user("analyst"))
    html = client.get(reverse("web:dashboards")).content.decode()
    for key in ("occupancy", "queues", "plans", "services"):
        assert f'aria-labelledby="chart-{key}-t chart-{key}-d"' in html
        assert f'<title id="chart-{key}-t">' in html and f'<desc id="chart-{key}-d">' in html
        assert f'<table id="{key}-table">' in html
        assert reverse("web:dashboard_export", kwargs={"key": key, "fmt": "xlsx"}) in html
        assert reverse("web:dashboard_export", kwargs={"key": key, "fmt": "csv"}) in html
    assert "<title>Akmola region — stationary</title>" in html
    assert "<script" not in html.split("</footer>")[0]


def test_plans_on_time_and_late(client, world, care_catalog):
    on_time = plant.plan(world.provider, basis=-60, status="approved", developed_on=plant.days(-50),
                         filled_on=plant.days(-45), approved_on=plant.days(-44), version=1)
    plant.plan(world.provider, basis=-60, status="approved", developed_on=plant.days(-50), filled_on=plant.days(-40),
               approved_on=plant.days(-30), version=1)  # approved 9 days after fill_by
    plant.plan_late(world.provider)
    plant.plan_due(world.provider)
    plant.plan(world.provider, basis=-400)  # outside the period
    plant.plan_late(world.other_provider)
    client.force_login(world.user("leb"))
    query = {"date_from": plant.days(-100).isoformat(), "date_to": plant.days(0).isoformat()}
    rows = _rows(client.get(reverse("web:dashboards"), query), "plans")
    assert rows == [{"group": world.provider.name, "url": reverse("web:provider_detail", kwargs={"uid": world.provider.uid}),
                     "on_time": 1, "approved_late": 1, "late_now": 1, "in_progress": 1, "total": 4,
                     "on_time_rate": round(100 / 3, 1)}]
    assert on_time.provider == world.provider


def _services(world):
    plan = plant.plan_monitored(world.provider)  # its year: today-110 … today+254
    item = ServiceItem.objects.order_by("pk").first()
    PlanItem.objects.create(plan=plan, service_item=item, responsible_name="Ахметова", schedule="weekly",
                            expected_result="progress", planned_count=10)
    for quantity, with_plan in ((3, True), (2, True), (4, False)):
        ServiceDelivery.objects.create(person=plan.person, provider=world.provider, plan=plan if with_plan else None,
                                       service_item=item, delivered_on=plant.days(-5), quantity=quantity)
    ServiceDelivery.objects.create(person=plan.person, provider=world.provider, plan=plan, service_item=item,
                                   delivered_on=plant.days(-200), quantity=7)  # before the period
    return plan


def test_services_delivered_against_planned(client, world, care_catalog):
    plan = _services(world)
    client.force_login(world.user("national_inspector"))
    query = {"date_from": plan.period_start.isoformat(), "date_to": plan.period_end.isoformat()}
    rows = _rows(client.get(reverse("web:dashboards"), query), "services")
    assert [(r["group"], r["planned"], r["delivered"], r["unplanned"], r["rate"]) for r in rows] == [
        ("Akmola region", 10, 5, 4, 50.0)]
    # Half the plan's year in the period: half the sessions planned.
    half = plan.period_start + timedelta(days=182)
    query = {"date_from": plan.period_start.isoformat(), "date_to": half.isoformat()}
    rows = _rows(client.get(reverse("web:dashboards"), query), "services")
    assert rows[0]["planned"] == 5


def test_a_period_ending_before_it_starts_is_refused_beside_the_field(client, world):
    client.force_login(world.user("analyst"))
    response = client.get(reverse("web:dashboards"), {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 200
    assert "The end of the period is before its start." in response.content.decode()


def test_xlsx_and_csv_exports_read_back(client, places):
    client.force_login(places.user("analyst"))
    url = reverse("web:dashboard_export", kwargs={"key": "occupancy", "fmt": "xlsx"})
    response = client.get(url, {"date_from": "2026-01-01", "date_to": "2026-06-30"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="occupancy-2026-01-01-2026-06-30.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert lines[0][0] == "Occupancy by region and setting"
    assert lines[1][:3] == ("Period", "2026-01-01", "2026-06-30")
    assert lines[2] == ("Region", "Setting", "Places", "Taken", "Held by an offer", "Free", "Taken, %")
    assert ("Akmola region", "stationary", 122, 2, 0, 120, round(100 * 2 / 122, 1)) in lines[3:]
    assert ("Abai region", "stationary", 10, 1, 0, 9, 10.0) in lines[3:]

    response = client.get(reverse("web:dashboard_export", kwargs={"key": "queues", "fmt": "csv"}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Region", "Setting", "Waiting", "Offered a place"]
    assert rows[1][:6] == ["Akmola region", "stationary", "1", "0", "20.0", "20"]


def test_exports_are_in_the_users_language_and_scope(client, places):
    client.force_login(places.user("leb"))
    response = client.get("/ru/dashboards/occupancy.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {r[0] for r in rows[1:]}
    assert names == {places.provider.name_ru, places.second.name_ru}
    assert rows[0][0] != "Provider"  # the header is translated once the catalogs have it (or stays English)


def test_unknown_dashboard_or_format_is_a_404(client, world):
    client.force_login(world.user("analyst"))
    assert client.get("/en/dashboards/nothing.csv").status_code == 404
    assert client.get("/en/dashboards/occupancy.pdf").status_code == 404
