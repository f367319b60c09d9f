"""The care pages: who sees which form, who may post it, what a refusal looks like (the rule beside the
field, nothing changed), and the work lists of specialists and heads."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.care import services
from qamqor.care.models import DossierDocument, IndividualWorkPlan
from qamqor.core.models import AuditAction, AuditEvent
from tests.care.helpers import (
    approved_plan,
    child,
    head,
    items,
    provider,
    specialist,
    written_plan,
)

pytestmark = pytest.mark.usefixtures("care_catalog")


def _writes() -> int:
    return AuditEvent.objects.exclude(action=AuditAction.VIEW).count()


def _filled(at, person=None):
    staff = specialist(at)
    plan = written_plan(staff, person or child(at), at)
    services.plan_fill(actor=staff, plan=plan, filled_on=date(2026, 3, 18))
    return plan


def test_the_plan_page_shows_deadlines_items_by_service_type_and_coverage(client) -> None:
    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at)
    client.force_login(staff)
    page = client.get(f"/en/care/plans/{plan.uid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "19.03.2026" in html  # 14 calendar days after arrival on 05.03.2026
    first = plan.items.first().service_item
    assert first.service_type.name_en in html
    assert "items of the standard" in html
    assert f'action="/en/care/plans/{plan.uid}/items/"' in html
    assert "approve-form" not in html


@pytest.mark.parametrize(("who", "form_shown", "get_status", "post_status"), [
    ("head", True, 200, 302),
    ("specialist", False, 200, 403),
    ("head_elsewhere", False, 404, 404),
    ("specialist_elsewhere", False, 404, 403),
])
def test_the_approval_form_is_only_for_the_head_of_that_provider(client, who, form_shown, get_status,
                                                                  post_status) -> None:
    at = provider()
    plan = _filled(at)
    actor = {"head": lambda: head(at), "specialist": lambda: specialist(at),
             "head_elsewhere": lambda: head(provider()), "specialist_elsewhere": lambda: specialist(provider())}[who]()
    client.force_login(actor)
    page = client.get(f"/en/care/plans/{plan.uid}/")
    assert page.status_code == get_status
    assert ("approve-form" in page.content.decode()) is form_shown
    response = client.post(f"/en/care/plans/{plan.uid}/approve/", {"approved_on": "2026-03-20"})
    assert response.status_code == post_status
    plan.refresh_from_db()
    assert plan.status == (IndividualWorkPlan.Status.APPROVED if who == "head" else IndividualWorkPlan.Status.FILLED)


def test_an_item_is_picked_from_the_standards_catalog(client) -> None:
    at = provider()
    staff = specialist(at)
    plan = services.plan_open(actor=staff, person=child(at), provider=at, basis_date=date(2026, 3, 5))
    client.force_login(staff)
    [item] = items(plan.standard, 1)
    response = client.post(f"/en/care/plans/{plan.uid}/items/", {
        "service_item": item.code, "schedule": "twice a week", "expected_result": "skills"})
    assert response.status_code == 302
    assert plan.items.get().service_item == item

    other = next(i for i in items_of_other_standards(plan.standard))
    response = client.post(f"/en/care/plans/{plan.uid}/items/", {
        "service_item": other.code, "schedule": "weekly", "expected_result": "x"})
    assert response.status_code == 400
    assert plan.items.count() == 1


def items_of_other_standards(standard: str):
    from qamqor.rules.models import ServiceItem

    return ServiceItem.objects.exclude(standard=standard).order_by("code")


def test_a_refused_fill_shows_the_rule_beside_the_field_and_changes_nothing(client) -> None:
    at = provider()
    staff = specialist(at)
    plan = written_plan(staff, child(at), at)
    client.force_login(staff)
    before = _writes()
    response = client.post(f"/en/care/plans/{plan.uid}/fill/", {
        "filled_on": "2026-03-18", "period_start": "2026-03-18", "period_end": "2028-03-18"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "one year at most" in html
    assert "rule:" in html
    assert 'id="id_period_end_error"' in html
    plan.refresh_from_db()
    assert plan.status == IndividualWorkPlan.Status.DRAFT and plan.filled_on is None
    assert _writes() == before  # only views of the page were audited


def test_monitoring_correction_and_versions_on_the_page(client) -> None:
    at = provider()
    plan = approved_plan(child(at), at)
    staff = specialist(at)
    client.force_login(staff)
    assert client.post(f"/en/care/plans/{plan.uid}/monitoring/", {
        "recorded_on": "2026-05-10", "results": "steady progress"}).status_code == 302
    assert client.post(f"/en/care/plans/{plan.uid}/correct/", {"reason": "new needs"}).status_code == 302
    html = client.get(f"/en/care/plans/{plan.uid}/").content.decode()
    assert "steady progress" in html
    assert "Version 1, approved on 20.03.2026" in html
    plan.refresh_from_db()
    assert plan.status == IndividualWorkPlan.Status.CORRECTING


def test_the_worklist_shows_late_plans_of_the_actors_provider_only(client) -> None:
    at, elsewhere = provider(), provider()
    mine = written_plan(specialist(at), child(at), at)
    theirs = written_plan(specialist(elsewhere), child(elsewhere), elsewhere)
    client.force_login(specialist(at))
    html = client.get("/en/care/").content.decode()
    assert "Plans late" in html and "Plans due this week" in html and "Quarterly monitoring due" in html
    assert f"/en/care/plans/{mine.uid}/" in html
    assert f"/en/care/plans/{theirs.uid}/" not in html


def _dossier(at, staff):
    return services.dossier_open(actor=staff, person=child(at, date(2013, 9, 1)), provider=at, funding="budget",
                                 opened_on=date(2026, 3, 2))


def test_the_dossier_page_marks_a_document_received(client) -> None:
    at = provider()
    staff = specialist(at)
    dossier = _dossier(at, staff)
    client.force_login(staff)
    html = client.get(f"/en/care/dossiers/{dossier.uid}/").content.decode()
    assert "What blocks admission" in html
    response = client.post(f"/en/care/dossiers/{dossier.uid}/documents/1/", {"d1-state": "received",
                                                                            "d1-on": "2026-03-03"})
    assert response.status_code == 302
    assert dossier.documents.get(document__number=1).state == DossierDocument.State.RECEIVED


def test_a_refused_document_state_shows_the_rule_and_changes_nothing(client) -> None:
    at = provider()
    staff = specialist(at)
    dossier = _dossier(at, staff)
    required = dossier.documents.filter(document__if_any=False).first()
    number = required.document.number
    client.force_login(staff)
    response = client.post(f"/en/care/dossiers/{dossier.uid}/documents/{number}/",
                           {f"d{number}-state": "not_applicable"})
    assert response.status_code == 400
    assert "rule:" in response.content.decode()
    required.refresh_from_db()
    assert required.state == DossierDocument.State.PENDING


def test_the_dossier_is_a_404_at_another_provider(client) -> None:
    at = provider()
    dossier = _dossier(at, specialist(at))
    client.force_login(specialist(provider()))
    assert client.get(f"/en/care/dossiers/{dossier.uid}/").status_code == 404
    assert client.post(f"/en/care/dossiers/{dossier.uid}/documents/1/", {"d1-state": "received",
                                                                        "d1-on": "2026-03-03"}).status_code == 404


def test_the_persons_page_shows_missing_documents_the_current_plan_and_what_to_print(client) -> None:
    at = provider()
    staff = specialist(at)
    dossier = _dossier(at, staff)
    plan = written_plan(staff, dossier.person, at)
    client.force_login(staff)
    html = client.get(f"/en/persons/{dossier.person.uid}/").content.decode()
    assert "Missing documents" in html
    assert str(dossier.documents.get(document__number=1).document.name_en) in html
    assert f"/en/care/plans/{plan.uid}/" in html
    assert f"/en/care/plans/{plan.uid}/print/" in html
    assert f"/en/care/dossiers/{dossier.uid}/" in html


def test_the_need_page_states_the_default_deadlines_and_records_assessment_and_decision(client) -> None:
    from qamqor.accounts.models import Role
    from qamqor.care.models import NeedAssessment, ServiceDecision
    from tests.factories import PersonFactory, RegionFactory, UserFactory

    officer = UserFactory(role=Role.LEB_OFFICER, region=RegionFactory())
    person = PersonFactory(region=officer.region, born=date(2015, 1, 1))
    client.force_login(officer)
    response = client.post("/en/care/need/applications/", {
        "person_iin": person.iin, "region": officer.region.code, "application_date": "2026-03-12"})
    assert response.status_code == 302
    assessment = NeedAssessment.objects.get(person=person)
    html = client.get("/en/care/need/").content.decode()
    assert "Qamqor defaults" in html and "set no deadline" in html
    assert "31.03.2026" in html  # ten working days, Nauryz skipped
    prefix = f"a{assessment.pk}"
    assert client.post(f"/en/care/need/{assessment.uid}/assessment/", {
        f"{prefix}-assessment_date": "2026-03-31", f"{prefix}-outcome": "no_need"}).status_code == 302
    prefix = f"d{assessment.pk}"
    refused = client.post(f"/en/care/need/{assessment.uid}/decision/", {
        f"{prefix}-number": "1", f"{prefix}-decision_date": "2026-04-02", f"{prefix}-outcome": "granted"})
    assert refused.status_code == 400
    assert "rule:" in refused.content.decode()
    assert not ServiceDecision.objects.exists()
    client.force_login(specialist(provider()))
    assert client.post("/en/care/need/applications/", {}).status_code == 403


def test_services_delivered_are_logged_from_the_page_and_contracts_are_flagged_and_printed(client) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from tests.care.helpers import HOME_CARE, parent_of

    at = provider(HOME_CARE)
    person = child(at, date(2020, 5, 1))
    boss = head(at)
    contract = services.contract_conclude(
        actor=boss, person=person, provider=at, representation=parent_of(person), setting="home_care",
        funding="guaranteed", number="7", signed_on=date(2026, 3, 1), valid_from=date(2026, 3, 1),
        valid_until=date(2026, 12, 31), terms=["services", "assigned_worker", "termination", "responsibilities", "term"])
    staff = specialist(at)
    client.force_login(staff)
    html = client.get("/en/care/services/").content.decode()
    assert "second copy not given to the parent" in html
    response = client.post("/en/care/services/", {
        "person_iin": person.iin, "delivered_on": "2026-04-02", "description": "massage", "quantity": "1",
        "funding": "guaranteed"})
    assert response.status_code == 302
    assert "massage" in client.get("/en/care/services/").content.decode()
    pdf = client.get(f"/en/care/contracts/{contract.uid}/print/")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert person.surname in text and "7" in text
    client.force_login(specialist(provider(HOME_CARE)))
    assert client.get(f"/en/care/contracts/{contract.uid}/print/").status_code == 404


def test_a_contraindication_recorded_on_the_page_blocks_admission_citing_the_rule(client) -> None:
    from qamqor.rules.models import Contraindication

    at = provider()
    staff = specialist(at)
    dossier = _dossier(at, staff)
    for number, state in ((1, "received"), (6, "not_applicable")):
        services.dossier_document_set(actor=staff, document=dossier.documents.get(document__number=number),
                                      state=state, on=date(2026, 3, 2))
    contraindication = Contraindication.objects.filter(institution_type=dossier.institution_type).first()
    client.force_login(staff)
    assert client.post(f"/en/care/dossiers/{dossier.uid}/medical-conclusion/", {
        "number": "17", "issued_on": "2026-03-02", "issued_by": "Polyclinic No. 1",
        "contraindications": [contraindication.code]}).status_code == 302
    before = _writes()
    refused = client.post(f"/en/care/dossiers/{dossier.uid}/admission/", {"admission_date": "2026-03-03"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert str(contraindication.source) in html
    assert "blocks admission" in html
    dossier.refresh_from_db()
    assert dossier.admission_date is None
    assert _writes() == before


def test_the_care_pages_pass_the_structural_accessibility_checks(client) -> None:
    from qamqor.accounts.models import Role
    from tests.factories import PersonFactory, UserFactory
    from tests.web.test_accessibility import problems

    at = provider()
    boss = head(at)
    plan = _filled(at)
    dossier = _dossier(at, specialist(at))
    officer = UserFactory(role=Role.LEB_OFFICER, region=at.region)
    person = PersonFactory(region=at.region, born=date(2015, 1, 1))
    services.need_application_record(actor=officer, person=person, region=at.region,
                                     application_date=date(2026, 3, 12))
    failures = {}
    for actor, method, url, data in [
        (boss, "get", "/en/care/", None),
        (boss, "get", f"/en/care/plans/{plan.uid}/", None),
        (boss, "post", f"/en/care/plans/{plan.uid}/approve/", {"approved_on": "2026-03-01"}),
        (boss, "get", f"/en/care/dossiers/{dossier.uid}/", None),
        (boss, "post", f"/en/care/dossiers/{dossier.uid}/documents/2/", {"d2-state": "requested"}),
        (boss, "get", "/en/care/services/", None),
        (boss, "post", "/en/care/services/", {"person_iin": "1"}),
        (boss, "get", f"/en/persons/{plan.person.uid}/", None),
        (officer, "get", "/en/care/need/", None),
        (officer, "post", "/en/care/need/applications/", {"person_iin": "1"}),
    ]:
        client.force_login(actor)
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code in (200, 400), url
        found = problems(response.content.decode())
        if found:
            failures[f"{method} {url}"] = found
    assert failures == {}
