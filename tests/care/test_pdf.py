"""The printed individual work plan (seed 002 App. 1 form 3) and the certificate of stay are real PDFs
whose text carries the person's name and the plan's items."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from qamqor.care import services
from tests.care.helpers import approved_plan, child, provider, specialist

pytestmark = pytest.mark.usefixtures("care_catalog")


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def _squeeze(value: str) -> str:
    return "".join(value.split())


def test_the_plan_prints_with_the_persons_name_and_its_items(client) -> None:
    at = provider()
    person = child(at)
    plan = approved_plan(person, at, n_items=3)
    client.force_login(specialist(at))
    text = _text(client.get(f"/en/care/plans/{plan.uid}/print/"))
    assert _squeeze(person.full_name) in text
    assert _squeeze("Individual work plan") in text
    for item in plan.items.all():
        assert _squeeze(item.service_item.name_en) in text
    assert "20.03.2026" in text  # the head's approval date in the "I approve" block


def test_the_certificate_of_stay_prints_with_the_persons_name_and_dates(client) -> None:
    at = provider()
    staff = specialist(at)
    person = child(at, date(2013, 9, 1))
    opened = date(2026, 3, 2)
    dossier = services.dossier_open(actor=staff, person=person, provider=at, funding="budget", opened_on=opened)
    for number, state in ((1, "received"), (6, "not_applicable")):
        services.dossier_document_set(actor=staff, document=dossier.documents.get(document__number=number),
                                      state=state, on=opened)
    services.dossier_admission_record(actor=staff, dossier=dossier, admission_date=opened)
    client.force_login(staff)
    text = _text(client.get(f"/en/care/dossiers/{dossier.uid}/certificate-of-stay/"))
    assert _squeeze(person.full_name) in text
    assert person.iin in text
    assert "02.03.2026" in text


def test_no_certificate_before_admission_and_none_outside_the_scope(client) -> None:
    at = provider()
    staff = specialist(at)
    dossier = services.dossier_open(actor=staff, person=child(at), provider=at, funding="budget",
                                    opened_on=date(2026, 3, 2))
    client.force_login(staff)
    assert client.get(f"/en/care/dossiers/{dossier.uid}/certificate-of-stay/").status_code == 404
    client.force_login(specialist(provider()))
    assert client.get(f"/en/care/dossiers/{dossier.uid}/").status_code == 404
