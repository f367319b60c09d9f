"""The control app's hook on the home and provider pages: planned preventive-control visits, inspections
being conducted, subjects at high risk, and a provider's risk degree — each in the inspector's region."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

pytest.importorskip("qamqor.control.models")

from qamqor.control.models import (  # noqa: E402
    PreventiveControlEntry,
    PreventiveControlList,
    RiskScore,
    Subject,
)
from tests.web import planting as plant  # noqa: E402

pytestmark = pytest.mark.django_db


def _subject(provider, degree: str, score: str) -> Subject:
    subject = Subject.objects.create(kind="provider", setting="stationary", provider=provider, region=provider.region,
                                     name=provider.name_ru, bin_iin=provider.bin)
    RiskScore.objects.create(subject=subject, as_of=plant.days(-1), score=Decimal(score), degree=degree)
    return subject


def _plan_visit(subject: Subject, on) -> None:
    control_list = PreventiveControlList.objects.create(
        year=on.year, half=1 if on.month <= 6 else 2, region=subject.region, formed_on=plant.days(-30),
        publish_by=plant.days(-20), period_start=on - timedelta(days=30), period_end=on + timedelta(days=30))
    PreventiveControlEntry.objects.create(control_list=control_list, subject=subject, score=Decimal("80"),
                                          degree="high", order=1, planned_visit_on=on)


@pytest.fixture
def control(world):
    own = _subject(world.provider, "high", "81.5")
    other = _subject(world.other_provider, "high", "90")
    _plan_visit(own, plant.days(10))
    _plan_visit(other, plant.days(12))
    return world


def test_the_inspector_sees_the_visits_and_high_risk_subjects_of_the_region(client, control):
    client.force_login(control.user("inspector"))
    response = client.get(reverse("web:home"))
    summary = response.context["control"]
    assert summary.available
    assert summary.planned_count == 1 and summary.high_risk_count == 1
    assert [item.label for item in summary.planned] == [control.provider.name_ru]
    html = response.content.decode()
    assert control.other_provider.name_ru not in html
    client.force_login(control.user("national_inspector"))
    summary = client.get(reverse("web:home")).context["control"]
    assert summary.planned_count == 2 and summary.high_risk_count == 2


def test_the_provider_page_shows_the_risk_degree(client, control):
    client.force_login(control.user("inspector"))
    response = client.get(reverse("web:provider_detail", kwargs={"uid": control.provider.uid}))
    assert response.context["risk_state"] == "shown"
    (row,) = response.context["risk"]
    assert row.degree == "high" and row.score == Decimal("81.5")
    assert 'id="risk-title"' in response.content.decode()


def test_provider_staff_see_no_control_records(client, control):
    client.force_login(control.user("head"))
    response = client.get(reverse("web:provider_detail", kwargs={"uid": control.provider.uid}))
    assert response.context["risk_state"] == "hidden" and response.context["risk"] == []
    assert 'id="risk-title"' not in response.content.decode()
    assert "control" not in client.get(reverse("web:home")).context


def test_risk_degrees_by_region_dashboard_and_export(client, control):
    Subject.objects.create(kind="leb", region=control.region, name="Әкімдік")  # never scored
    client.force_login(control.user("analyst"))
    response = client.get(reverse("web:dashboards"))
    table = next(t for t in response.context["tables"] if t.key == "risks")
    rows = {r["group"]: (r["high"], r["medium"], r["low"], r["none"], r["total"]) for r in table.rows}
    assert rows == {"Akmola region": (1, 0, 0, 1, 2), "Abai region": (1, 0, 0, 0, 1)}
    assert '<title id="chart-risks-t">' in response.content.decode()
    csv_text = client.get(reverse("web:dashboard_export", kwargs={"key": "risks", "fmt": "csv"})).content.decode(
        "utf-8-sig")
    assert "Akmola region,1,0,0,1,2" in csv_text
    client.force_login(control.user("leb"))
    table = next(t for t in client.get(reverse("web:dashboards")).context["tables"] if t.key == "risks")
    assert [r["group"] for r in table.rows] == ["Akmola region"]
    client.force_login(control.user("head"))
    assert all(t.key != "risks" for t in client.get(reverse("web:dashboards")).context["tables"])
    assert client.get(reverse("web:dashboard_export", kwargs={"key": "risks", "fmt": "csv"})).status_code == 404
