"""The inspection pages: the list, appointing, the checklist filled in on one page without scripts, the
completion that turns non-compliances into findings, refusals shown beside their fields, who may see and
write; and the checklist printed in the layout of its appendix (text read back from the PDF)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.utils import timezone
from pypdf import PdfReader

from qamqor.accounts.models import Role
from qamqor.control.models import Finding, Inspection, RiskScore
from tests.control.test_inspections import appoint, complete, fill_all, inspector, make_subject
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def _fill_post(inspection: Inspection, *, non_compliant=(), not_required=(), unassessed=(),
               evidence: str = "Протокол осмотра №3") -> dict[str, str]:
    data = {}
    for item in inspection.items.select_related("requirement"):
        n = item.requirement.number
        data[f"item_{n}_required"] = "not_required" if n in not_required else "required"
        data[f"item_{n}_compliant"] = ("" if n in unassessed else "non_compliant" if n in non_compliant
                                       else "compliant")
        data[f"item_{n}_evidence"] = evidence if n in non_compliant else ""
    return data


def test_an_inspector_appoints_fills_in_and_completes_an_inspection_on_the_pages(client):
    subject = make_subject()
    actor = inspector(region=subject.region)
    client.force_login(actor)

    page = client.get(f"/en/control/inspections/new/?subject={subject.uid}")
    assert page.status_code == 200
    assert 'name="act_number"' in page.content.decode()
    today = timezone.localdate()
    response = client.post("/en/control/inspections/new/", {
        "subject": str(subject.uid), "kind": "preventive_visit", "act_number": "45",
        "act_date": today.isoformat(), "appointing_body": "Department of the Committee",
        "officials": "Chief inspector E. Zhumabayev"})
    inspection = Inspection.objects.get(subject=subject)
    assert response.status_code == 302 and response["Location"].endswith(f"/control/inspections/{inspection.uid}/fill/")
    assert inspection.checklist.appendix == 3

    page = client.get(f"/en/control/inspections/{inspection.uid}/fill/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<script" not in html
    # Four columns of the seed's form, a radio button each, every one labelled.
    assert html.count('type="radio"') == 20 * 5
    for radio_id in re.findall(r'<input type="radio"[^>]*id="([^"]+)"', html):
        assert f'for="{radio_id}"' in html

    response = client.post(f"/en/control/inspections/{inspection.uid}/fill/",
                           _fill_post(inspection, non_compliant={5}, not_required={16}))
    assert response.status_code == 302
    item = inspection.items.get(requirement__number=5)
    assert (item.compliant, item.evidence_note) == (False, "Протокол осмотра №3")

    response = client.post(f"/en/control/inspections/{inspection.uid}/complete/",
                           {"finished_on": today.isoformat(), "head_of_subject": "Director A. Akhmetova"})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == "completed"
    finding = Finding.objects.get(inspection=inspection)
    assert (finding.criterion.number, finding.severity, finding.source_group) == (7, "gross", 1)
    assert RiskScore.objects.filter(subject=subject).latest("computed_at").degree == "high"

    detail = client.get(f"/en/control/inspections/{inspection.uid}/").content.decode()
    assert "Risk findings from this inspection" in detail
    assert "Complete the inspection" not in detail
    listing = client.get("/en/control/inspections/").content.decode()
    assert f"/control/inspections/{inspection.uid}/" in listing


def test_refusals_are_shown_beside_their_items_and_nothing_changes(client):
    actor = inspector()
    inspection = appoint(actor, make_subject())
    client.force_login(actor)
    data = _fill_post(inspection, non_compliant={3}, evidence="")
    response = client.post(f"/en/control/inspections/{inspection.uid}/fill/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Describe the evidence of the non-compliance" in html
    assert not inspection.items.filter(compliant__isnull=False).exists()

    # Completing with unfilled items: refused, the numbers named, the inspection still a draft.
    response = client.post(f"/en/control/inspections/{inspection.uid}/complete/",
                           {"finished_on": date(2026, 3, 6).isoformat()})
    assert response.status_code == 400
    assert "not filled in: 1, 2, 3" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == "draft"

    # A requirement marked not required carries no compliance mark, whatever the radio says.
    data = _fill_post(inspection, not_required={2})
    data["item_2_compliant"] = "non_compliant"
    assert client.post(f"/en/control/inspections/{inspection.uid}/fill/", data).status_code == 302
    item = inspection.items.get(requirement__number=2)
    assert (item.required, item.compliant) == (False, None)


def test_an_inspection_is_cancelled_on_its_page_with_a_reason(client):
    actor = inspector()
    inspection = appoint(actor, make_subject())
    client.force_login(actor)
    response = client.post(f"/en/control/inspections/{inspection.uid}/cancel/", {"reason": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    response = client.post(f"/en/control/inspections/{inspection.uid}/cancel/", {"reason": "The act was revoked"})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == "cancelled"
    # A cancelled inspection is read, no longer filled in.
    assert client.get(f"/en/control/inspections/{inspection.uid}/fill/").status_code == 302
    assert client.post(f"/en/control/inspections/{inspection.uid}/fill/", _fill_post(inspection)).status_code == 403


def test_appointing_a_subject_without_checklist_is_refused_on_the_page(client):
    subject = make_subject(setting="foster_family")
    client.force_login(inspector())
    response = client.post("/en/control/inspections/new/", {
        "subject": str(subject.uid), "kind": "preventive_visit", "act_number": "45",
        "act_date": date(2026, 3, 2).isoformat(), "appointing_body": "Department", "officials": "Inspector"})
    assert response.status_code == 400
    assert "No checklist of the order covers" in response.content.decode()
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("role", [Role.LEB_OFFICER, Role.ANALYST])
def test_readers_see_but_do_not_write(client, role):
    subject = make_subject()
    inspection = appoint(inspector(), subject)
    reader = UserFactory(role=role, region=subject.region if role == Role.LEB_OFFICER else None)
    client.force_login(reader)
    assert client.get("/en/control/inspections/").status_code == 200
    detail = client.get(f"/en/control/inspections/{inspection.uid}/")
    assert detail.status_code == 200
    assert "Complete the inspection" not in detail.content.decode()
    assert client.get("/en/control/inspections/new/").status_code == 403
    assert client.post(f"/en/control/inspections/{inspection.uid}/fill/", _fill_post(inspection)).status_code == 403
    assert client.post(f"/en/control/inspections/{inspection.uid}/complete/",
                       {"finished_on": "2026-03-06"}).status_code == 403
    assert not inspection.items.filter(compliant__isnull=False).exists()


def test_provider_staff_and_other_regions_do_not_see_inspections(client):
    subject = make_subject()
    inspection = appoint(inspector(), subject)
    client.force_login(UserFactory(role=Role.PROVIDER_HEAD))
    assert client.get("/en/control/inspections/").status_code == 403
    client.force_login(inspector(region=RegionFactory()))
    assert client.get(f"/en/control/inspections/{inspection.uid}/").status_code == 404
    assert client.get(f"/en/control/inspections/{inspection.uid}/print/").status_code == 404
    assert str(inspection.uid) not in client.get("/en/control/inspections/").content.decode()


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def _squeeze(value: str) -> str:
    return "".join(value.split())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_filled_checklist_prints_in_the_layout_of_its_appendix(client, lang):
    subject = make_subject(kind="accessibility", name="Қалалық емхана №5", bin_iin="", address="Астана, Абай 10")
    actor = inspector()
    inspection = appoint(actor, subject, head_of_subject="Бас дәрігер Омарова Г.")
    fill_all(actor, inspection, non_compliant={2}, not_required={8})
    complete(actor, inspection)
    client.force_login(actor)
    text = _pdf_text(client.get(f"/{lang}/control/inspections/{inspection.uid}/print/"))
    checklist = inspection.checklist
    # The heading: the appendix to the joint order, and the title in Kazakh and Russian.
    assert _squeeze("6-қосымша") in text and _squeeze("Приложение 6") in text
    assert _squeeze(checklist.name_kk) in text and _squeeze(checklist.name_ru) in text
    # The header fields with the inspection's values.
    for label in ("Тексеруді тағайындаған мемлекеттік орган", "Орналасқан мекенжайы",
                  "Государственный орган, назначивший проверку"):
        assert _squeeze(label) in text
    assert _squeeze("№ 17-02/45, 02.03.2026") in text
    assert _squeeze("Қалалық емхана №5") in text and _squeeze("Астана, Абай 10") in text
    # The four columns and every requirement in the interface language.
    for column in ("Талап етіледі", "Талап етілмейді", "Талапқа сәйкес келеді", "Талапқа сәйкес келмейді"):
        assert _squeeze(column) in text
    for requirement in checklist.requirements.all():
        assert _squeeze(getattr(requirement, f"text_{lang}")) in text
    assert _squeeze("Акт осмотра, пункт 2") in text
    # The signature lines.
    assert _squeeze("Лауазымды адам (дар)") in text and _squeeze("Бақылау субъектісінің басшысы") in text
    assert _squeeze("Главный инспектор Жумабаев Е. К.") in text and _squeeze("Бас дәрігер Омарова Г.") in text
    # One mark per line: 8 lines, 7 required (6 compliant + 1 non-compliant) and 1 not required.
    assert text.count("X") >= 7 + 1 + 6 + 1


def test_the_inspection_pages_pass_the_structural_accessibility_checks(client):
    from tests.web.test_accessibility import problems

    subject = make_subject()
    actor = inspector()
    draft = appoint(actor, subject)
    done = appoint(actor, subject, act_number="46")
    fill_all(actor, done, non_compliant={5})
    complete(actor, done)
    client.force_login(actor)
    bad_fill = _fill_post(draft, non_compliant={3}, evidence="")
    pages = [
        ("get", "/kk/control/inspections/", None),
        ("get", "/kk/control/inspections/?status=draft&q=45", None),
        ("get", f"/kk/control/inspections/new/?subject={subject.uid}", None),
        ("post", "/kk/control/inspections/new/", {"subject": str(subject.uid), "act_number": ""}),
        ("get", f"/kk/control/inspections/{draft.uid}/", None),
        ("get", f"/kk/control/inspections/{draft.uid}/fill/", None),
        ("post", f"/kk/control/inspections/{draft.uid}/fill/", bad_fill),
        ("post", f"/kk/control/inspections/{draft.uid}/complete/", {"finished_on": "2026-03-06"}),
        ("get", f"/kk/control/inspections/{done.uid}/", None),
    ]
    failures = {}
    for method, url, data in pages:
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code in (200, 400), url
        found = problems(response.content.decode())
        if found:
            failures[f"{method} {url}"] = found
    assert failures == {}
