"""The journal form (seed 003 App. 2) downloaded as XLSX and as printable PDF: the 14 columns match the
recorded events, the header carries the official names, and a re-admitted person has the «қайта оралды»
mark (read back with openpyxl and pypdf)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from qamqor.accounts.models import Role
from qamqor.journal import services as J
from qamqor.rules.choices import Setting
from tests.factories import DistrictFactory
from tests.journal.support import TODAY, admit, apply, at, days, ground_for, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
ST = Setting.STATIONARY


@pytest.fixture
def recorded(rules_loaded):
    """A stay with a leave and a discharge, then a re-admission; a second person present; one queued."""
    provider = provider_with(capacity=2, name_kk="Қарттар үйі", name_ru="Дом престарелых")
    user = staff(provider, Role.PROVIDER_HEAD)
    district = DistrictFactory(region=provider.region)
    a = person_at(provider, surname="Ахметова", address="Абай 1", phone="+7 701 000 00 01", ipr_valid_until=days(200))
    b = person_at(provider, surname="Бекова")
    admit(user, a, provider, on=days(-60))
    J.leave_start(actor=user, person=a, provider=provider, setting=ST, event_date=days(-50), order_number="L-1",
                  order_date=days(-50), reason="holiday")
    J.leave_return(actor=user, person=a, provider=provider, setting=ST, event_date=days(-45))
    J.discharge_record(actor=user, person=a, provider=provider, setting=ST, event_date=days(-30),
                       order_number="D-1", order_date=days(-30), reason="moved to her son",
                       destination_region=district.region, destination_district=district, destination_city="Қонаев")
    admit(user, b, provider, on=days(-25))
    readmitted = J.readmission_record(actor=user, person=a, provider=provider, setting=ST, event_date=days(-10),
                                      order_number="R-1", order_date=days(-10),
                                      ground=ground_for(a, issued_on=days(-12)))
    queued = apply(user, person_at(provider, surname="Кезекова"), provider, at=at(3))
    return provider, user, a, b, readmitted, queued, district


def _url(name, provider, **query):
    url = reverse(f"journal:{name}", kwargs={"provider_uid": provider.uid, "setting": ST})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_xlsx_has_the_header_and_the_14_columns_matching_the_events(client, recorded):
    provider, user, a, b, readmitted, queued, district = recorded
    client.force_login(user)
    with translation.override("en"):
        response = client.get(_url("journal_xlsx", provider, start=days(-60).isoformat(), end=TODAY.isoformat()))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert lines[0][0] == "Қарттар үйі" and lines[1][0] == "Дом престарелых"
    header_index = next(i for i, line in enumerate(lines) if str(line[0]).startswith("No"))
    assert len([c for c in lines[header_index] if c]) == 14
    rows = lines[header_index + 1:]
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    first, present, again, waiting = rows
    # The first stay of Ахметова: arrival, the leave (column 10), the discharge (11), reason (12), destination (14).
    assert "Ахметова" in first[2] and first[5] == "Абай 1" and first[6] == "+7 701 000 00 01"
    assert first[7] == f"{days(200):%d.%m.%Y}"
    assert first[8].startswith(f"{days(-60):%d.%m.%Y}") and "returned" not in first[8]
    assert first[9] == f"{days(-50):%d.%m.%Y}, № L-1"
    assert first[10] == f"{days(-30):%d.%m.%Y}, № D-1"
    assert "moved to her son" in first[11]
    assert "Қонаев" in first[13] and str(district) in first[13]
    assert "Бекова" in present[2] and present[10] == "" and present[8].startswith(f"{days(-25):%d.%m.%Y}")
    # The re-admission carries the mark in column 9.
    assert "Ахметова" in again[2] and again[8] == f"returned {days(-10):%d.%m.%Y}, № R-1"
    assert "Кезекова" in waiting[2] and waiting[1] == "in the queue"


def test_xlsx_period_filter_leaves_out_stays_that_ended_before_it(client, recorded):
    provider, user, *_ = recorded
    client.force_login(user)
    with translation.override("en"):
        response = client.get(_url("journal_xlsx", provider, start=days(-20).isoformat(), end=TODAY.isoformat()))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[2] for row in sheet.iter_rows(values_only=True) if row[0] and str(row[0]).isdigit()]
    assert len(names) == 3 and not any(f"{days(-60):%d.%m.%Y}" in str(n) for n in names)


def test_pdf_has_the_names_and_the_returned_mark(client, recorded):
    provider, user, a, b, *_ = recorded
    client.force_login(user)
    with translation.override("kk"):
        response = client.get(_url("journal_pdf", provider).replace("/en/", "/kk/"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Қарттар үйі" in flat and "Дом престарелых" in flat
    for person in (a, b):
        assert person.surname in flat
    assert "Кезекова" in flat
    assert "қайта оралды" in flat


def test_api_xlsx_matches_the_page_export(client, recorded):
    provider, user, *_ = recorded
    client.force_login(user)
    url = f"/api/v1/journal/providers/{provider.uid}/{ST}/rows.xlsx?start={days(-60).isoformat()}"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sum(1 for row in sheet.iter_rows(values_only=True) if row[0] and str(row[0]).isdigit()) == 4
