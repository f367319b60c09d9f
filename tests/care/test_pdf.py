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


# --- The plan follows the seed's form for the provider's setting --------------------------------------

_COMMON = ("Iapprove:", "fullnameandsignatureofthehead", "Child'sfullname", "Dateandyearofbirth", "Diagnosis",
           "Plandevelopmentdate",
           "Activitiesassignedaccordingtothechild'sindividualneeds(typesandvolumeofservices):",
           "Summaryoftheimplementationoftheindividualworkplan", "Dateofreviewoftheindividualworkplan",
           "Acknowledged:", "fullnameandsignatureoftheparent(legalrepresentative)")


def _printed(client, kind: str) -> tuple[str, object]:
    from tests.care.helpers import head, items

    at = provider(kind)
    person = child(at, date(2016, 5, 10))
    staff = specialist(at)
    plan = services.plan_open(actor=staff, person=person, provider=at, basis_date=date(2026, 3, 5),
                              standard="000", coordinator=staff)
    for item in items("000", 2):
        services.plan_item_add(actor=staff, plan=plan, service_item=item, schedule="twice a week",
                               expected_result="progress", responsible=staff, planned_count=8)
    services.plan_update(actor=staff, plan=plan, data={"diagnosis": "F70", "attendance": "daily, 4 hours"})
    services.plan_fill(actor=staff, plan=plan, filled_on=date(2026, 3, 18))
    services.plan_approve(actor=head(at), plan=plan, approved_on=date(2026, 3, 20))
    client.force_login(staff)
    return _text(client.get(f"/en/care/plans/{plan.uid}/print/")), plan


def _order(text: str, *parts: str) -> list[int]:
    return [text.index(_squeeze(p)) for p in parts]


def test_the_residential_plan_follows_appendix_3_to_appendix_1(client) -> None:
    from tests.care.helpers import PSYCHONEURO

    text, plan = _printed(client, PSYCHONEURO)
    for label in _COMMON:
        assert label in text, label
    assert "Appendix3toAppendix1" in text
    assert "Arrivaldate:05.03.2026" in text
    assert "Frequencyanddurationofattendance:daily,4hours" in text
    assert "Diagnosis:F70" in text
    assert "from18.03.2026to17.03.2027inclusive" in text
    assert "Signatureofthesocialworkspecialist" in text
    # the provider's name comes before the "I approve" block, the title after it
    provider_at, approve_at, title_at = _order(text, str(plan.provider), "I approve:", "Individual work plan")
    assert provider_at < approve_at < title_at
    # one numbered block per service type of the standard, each with its table columns
    from qamqor.rules.models import ServiceType

    types = ServiceType.objects.filter(items__standard="000").distinct().order_by("sort_order")
    for number, service_type in enumerate(types, start=1):
        assert f"{number}){_squeeze(str(service_type))}:" in text
    for column in ("No.", "Service(typeandvolume)", "Scheduleorfrequency", "Responsiblespecialist",
                   "Expectedresult"):
        assert column in text
    assert "twiceaweek" in text and "8sessions" in text


def test_the_home_care_plan_follows_appendix_6_to_appendix_2(client) -> None:
    from tests.care.helpers import HOME_CARE

    text, plan = _printed(client, HOME_CARE)
    for label in _COMMON:
        assert label in text, label
    assert "Appendix6toAppendix2" in text
    assert "Admissiondate:05.03.2026" in text
    assert "Frequencyanddurationofattendance" not in text
    assert "fortheperiod18.03.2026–17.03.2027" in text
    assert "Socialworkconsultant" in text
    approve_at, provider_at = _order(text, "I approve:", str(plan.provider))[:2]
    assert approve_at < provider_at


def test_the_semi_stationary_plan_follows_appendix_2_to_appendix_3(client) -> None:
    from tests.care.helpers import SEMI_STATIONARY

    text, plan = _printed(client, SEMI_STATIONARY)
    assert "Appendix2toAppendix3" in text
    assert "Arrivaldate:05.03.2026" in text
    assert "Frequencyanddurationofattendance" not in text
    assert "from18.03.2026to17.03.2027inclusive" in text
    assert "Signatureofthesocialworkspecialist" in text
    approve_at, provider_at = _order(text, "I approve:", str(plan.provider))[:2]
    assert approve_at < provider_at
