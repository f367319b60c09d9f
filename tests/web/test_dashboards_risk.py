"""The dashboard of risk findings by criterion (beside risk degrees by region): a chart with its table,
exports to XLSX and CSV, in the reader's scope; provider staff do not get it."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytest.importorskip("qamqor.control.models")

from qamqor.control.models import Finding, Subject  # noqa: E402
from qamqor.rules.models import RiskCriterion  # noqa: E402

pytestmark = pytest.mark.django_db


def _finding(subject: Subject, number: int, group: int, *, status: str = "active") -> Finding:
    criterion = RiskCriterion.objects.get(number=number)
    return Finding.objects.create(subject=subject, criterion=criterion, severity=criterion.severity,
                                  source_group=group, found_on=date(2026, 3, 1), origin="manual",
                                  data_extract="extract", status=status)


@pytest.fixture
def findings(world, rules_loaded):
    own = Subject.objects.create(kind="provider", setting="stationary", provider=world.provider,
                                 region=world.provider.region, name=world.provider.name_ru, bin_iin=world.provider.bin)
    own_leb = Subject.objects.create(kind="leb", region=world.region, name="Әкімдік")
    other = Subject.objects.create(kind="provider", setting="stationary", provider=world.other_provider,
                                   region=world.other_provider.region, name=world.other_provider.name_ru,
                                   bin_iin=world.other_provider.bin)
    _finding(own, 80, 3)
    _finding(other, 80, 3)
    _finding(own, 73, 2)
    _finding(own, 73, 2, status="withdrawn")  # not counted
    _finding(own_leb, 1, 1)
    return world


def _table(client, key: str = "risk_criteria"):
    response = client.get(reverse("web:dashboards"))
    assert response.status_code == 200
    return response, next(t for t in response.context["tables"] if t.key == key)


def test_findings_by_criterion_for_the_national_reader(client, findings):
    client.force_login(findings.user("analyst"))
    response, table = _table(client)
    rows = {r["criterion"].split(".")[0]: (r["severity"], r["source_group"], r["findings"], r["subjects"])
            for r in table.rows}
    assert rows == {"80": ("significant", 3, 2, 2), "73": ("significant", 2, 1, 1), "1": ("significant", 1, 1, 1)}
    assert table.rows[0]["criterion"].startswith("80. ")  # the most widespread first
    html = response.content.decode()
    assert '<title id="chart-risk_criteria-t">Risk findings by criterion</title>' in html
    assert 'id="risk_criteria-table"' in html and '<th scope="col">Degree of violation</th>' in html
    assert 'href="/en/dashboards/risk_criteria.xlsx' in html
    # The risk degrees by region are still there beside it.
    assert any(t.key == "risks" for t in response.context["tables"])


def test_findings_by_criterion_exports(client, findings):
    client.force_login(findings.user("national_inspector"))
    response = client.get(reverse("web:dashboard_export", kwargs={"key": "risk_criteria", "fmt": "csv"}))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Criterion", "Degree of violation", "Information source", "Findings", "Subjects"]
    assert rows[1][0].startswith("80. ") and rows[1][1:] == ["significant", "3", "2", "2"]
    response = client.get(reverse("web:dashboard_export", kwargs={"key": "risk_criteria", "fmt": "xlsx"}))
    assert response.status_code == 200
    lines = [tuple(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert lines[0][0] == "Risk findings by criterion"
    assert ("Criterion", "Degree of violation", "Information source", "Findings", "Subjects") in lines
    assert any(line[0] and str(line[0]).startswith("73. ") and line[1:] == ("significant", 2, 1, 1)
               for line in lines)


def test_findings_by_criterion_in_the_region_only(client, findings):
    client.force_login(findings.user("inspector"))
    _response, table = _table(client)
    rows = {r["criterion"].split(".")[0]: (r["findings"], r["subjects"]) for r in table.rows}
    assert rows == {"80": (1, 1), "73": (1, 1), "1": (1, 1)}


def test_provider_staff_get_no_findings_dashboard(client, findings):
    client.force_login(findings.user("head"))
    response = client.get(reverse("web:dashboards"))
    assert all(t.key != "risk_criteria" for t in response.context["tables"])
    assert client.get(reverse("web:dashboard_export", kwargs={"key": "risk_criteria", "fmt": "csv"})).status_code \
        == 404
