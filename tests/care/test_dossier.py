"""The admission dossier: each institution type's document list with each document's state, missing
documents listed until received, contraindications and age limits blocking admission with the rule
cited, the exit documents (seed 000 п. 1, 5, 6; seed 002 App. 1 п. 2, 8–9, App. 2 п. 4, 12)."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.care import selectors, services
from qamqor.care.models import AdmissionDossier, DossierContraindication, DossierDocument, ExitDocumentIssue
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.rules.models import Contraindication, ExitDocument
from tests.care.helpers import (
    HOME_CARE,
    PSYCHONEURO,
    SEMI_STATIONARY,
    SPECIAL_REGIME,
    audit_count,
    child,
    provider,
    specialist,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("care_catalog")

OPENED = date(2026, 3, 2)


def _open(kind: str = SPECIAL_REGIME, funding: str = "budget", born: date = date(2013, 9, 1)):
    at = provider(kind)
    staff = specialist(at)
    person = child(at, born)
    return services.dossier_open(actor=staff, person=person, provider=at, funding=funding, opened_on=OPENED), staff


def _doc(dossier: AdmissionDossier, number: int) -> DossierDocument:
    return dossier.documents.get(document__number=number)


@pytest.mark.parametrize(
    ("kind", "funding", "count"),
    [
        (SPECIAL_REGIME, "budget", 6),     # seed 000 п. 5
        (PSYCHONEURO, "budget", 11),       # seed 002 App. 1 п. 8
        (PSYCHONEURO, "paid", 7),          # seed 002 App. 1 п. 9
        (SEMI_STATIONARY, "budget", 11),   # seed 002 App. 3 п. 8
        (SEMI_STATIONARY, "paid", 7),
        (HOME_CARE, "budget", 10),         # seed 002 App. 2 п. 12
    ],
)
def test_the_dossier_lists_the_institution_types_documents(kind: str, funding: str, count: int) -> None:
    dossier, _ = _open(kind, funding, born=date(2016, 1, 1))
    docs = list(dossier.documents.order_by("document__number"))
    assert len(docs) == count
    assert [d.document.number for d in docs] == list(range(1, count + 1))
    assert {d.state for d in docs} == {DossierDocument.State.PENDING}


def test_a_second_open_dossier_at_the_same_provider_is_refused() -> None:
    dossier, staff = _open()
    with pytest.raises(DomainError) as caught:
        services.dossier_open(actor=staff, person=dossier.person, provider=dossier.provider, funding="budget",
                              opened_on=OPENED)
    assert caught.value.code == "duplicate"
    assert AdmissionDossier.objects.count() == 1


def test_document_states_received_requested_not_applicable() -> None:
    dossier, staff = _open()
    received = services.dossier_document_set(actor=staff, document=_doc(dossier, 1), state="received",
                                             on=date(2026, 3, 2))
    assert (received.state, received.received_on) == ("received", date(2026, 3, 2))
    requested = services.dossier_document_set(actor=staff, document=_doc(dossier, 3), state="requested",
                                              on=date(2026, 3, 3), requested_from="City polyclinic No. 2")
    assert (requested.requested_on, requested.requested_from) == (date(2026, 3, 3), "City polyclinic No. 2")
    # document 4 (school certificate) is required "if the child studied"
    not_applicable = services.dossier_document_set(actor=staff, document=_doc(dossier, 4), state="not_applicable")
    assert not_applicable.state == "not_applicable"


def test_only_an_if_any_document_can_be_not_applicable_and_a_refusal_changes_nothing() -> None:
    dossier, staff = _open()
    before = audit_count()
    with pytest.raises(DomainError) as caught:
        services.dossier_document_set(actor=staff, document=_doc(dossier, 1), state="not_applicable")
    assert caught.value.code == "not_if_any"
    with pytest.raises(DomainError) as caught:
        services.dossier_document_set(actor=staff, document=_doc(dossier, 2), state="requested", on=OPENED)
    assert caught.value.code == "body_required"
    with pytest.raises(DomainError) as caught:
        services.dossier_document_set(actor=staff, document=_doc(dossier, 2), state="received")
    assert caught.value.code == "date_required"
    assert set(dossier.documents.values_list("state", flat=True)) == {"pending"}
    assert audit_count() == before


def test_missing_documents_stay_listed_until_received() -> None:
    dossier, staff = _open()
    assert selectors.missing_document_list(actor=staff, person=dossier.person).count() == 6
    services.dossier_document_set(actor=staff, document=_doc(dossier, 2), state="requested", on=OPENED,
                                  requested_from="Guardianship body of Almaty district")
    missing = selectors.missing_document_list(actor=staff, person=dossier.person)
    assert missing.count() == 6
    assert missing.get(document__number=2).requested_from == "Guardianship body of Almaty district"
    services.dossier_document_set(actor=staff, document=_doc(dossier, 2), state="received", on=date(2026, 3, 20))
    assert 2 not in set(selectors.missing_document_list(actor=staff, person=dossier.person)
                        .values_list("document__number", flat=True))
    other = specialist(provider())
    assert not selectors.missing_document_list(actor=other).exists()


def test_documents_two_to_five_may_be_requested_after_admission() -> None:
    dossier, staff = _open()
    refusals = selectors.admission_refusals(person=dossier.person, provider=dossier.provider, on=OPENED)
    assert [(r.code, r.source.document) for r in refusals] == [("document_missing", "000"),
                                                               ("document_missing", "000")]
    services.dossier_document_set(actor=staff, document=_doc(dossier, 1), state="received", on=OPENED)
    services.dossier_document_set(actor=staff, document=_doc(dossier, 6), state="not_applicable")
    assert selectors.admission_refusals(person=dossier.person, provider=dossier.provider, on=OPENED) == []


def _ready(dossier: AdmissionDossier, staff) -> None:
    services.dossier_document_set(actor=staff, document=_doc(dossier, 1), state="received", on=OPENED)
    services.dossier_document_set(actor=staff, document=_doc(dossier, 6), state="not_applicable")


def test_a_contraindication_blocks_admission_citing_the_rule() -> None:
    dossier, staff = _open()
    _ready(dossier, staff)
    contraindication = Contraindication.objects.get(institution_type__code=SPECIAL_REGIME)
    services.dossier_medical_conclusion_record(actor=staff, dossier=dossier, number="17", issued_on=OPENED,
                                               issued_by="Children's polyclinic No. 1",
                                               contraindications=[contraindication])
    [refusal] = selectors.admission_refusals(person=dossier.person, provider=dossier.provider, on=OPENED)
    assert refusal.code == "contraindication"
    assert refusal.source == contraindication.source
    assert str(contraindication.source) in str(refusal.message)

    before = audit_count()
    with pytest.raises(DomainError) as caught:
        services.dossier_admission_record(actor=staff, dossier=dossier, admission_date=OPENED)
    assert caught.value.code == "admission_refused"
    assert caught.value.source == contraindication.source
    dossier.refresh_from_db()
    assert dossier.admission_date is None
    assert audit_count() == before

    row = DossierContraindication.objects.get(dossier=dossier)
    services.dossier_contraindication_resolve(actor=staff, contraindication=row, resolved_on=date(2026, 4, 1))
    assert selectors.admission_refusals(person=dossier.person, provider=dossier.provider, on=date(2026, 4, 1)) == []
    dossier = services.dossier_admission_record(actor=staff, dossier=dossier, admission_date=date(2026, 4, 1))
    assert dossier.admission_date == date(2026, 4, 1)


def test_a_contraindication_of_another_institution_type_is_refused() -> None:
    dossier, staff = _open()
    foreign = Contraindication.objects.filter(institution_type__code=HOME_CARE).first()
    with pytest.raises(DomainError) as caught:
        services.dossier_medical_conclusion_record(actor=staff, dossier=dossier, number="1", issued_on=OPENED,
                                                   issued_by="x", contraindications=[foreign])
    assert caught.value.code == "contraindication_other_type"
    dossier.refresh_from_db()
    assert dossier.medical_conclusion_number == ""
    assert not DossierContraindication.objects.exists()


@pytest.mark.parametrize(
    ("kind", "born", "on", "code"),
    [
        (SPECIAL_REGIME, date(2015, 6, 1), date(2026, 5, 31), "too_young"),   # 10: the rule starts at 11
        (SPECIAL_REGIME, date(2015, 6, 1), date(2026, 6, 1), None),           # 11 on the day
        (SPECIAL_REGIME, date(2008, 6, 1), date(2026, 6, 1), "too_old"),      # 18: no longer a minor
        (PSYCHONEURO, date(2023, 6, 2), date(2026, 6, 1), "too_young"),       # 2: from 3 to 18
        (PSYCHONEURO, date(2023, 6, 1), date(2026, 6, 1), None),
        (PSYCHONEURO, date(2008, 6, 2), date(2026, 6, 1), None),              # 17
    ],
)
def test_age_limits_of_the_institution_type(kind: str, born: date, on: date, code: str | None) -> None:
    at = provider(kind)
    person = child(at, born)
    codes = [r.code for r in selectors.admission_refusals(person=person, provider=at, on=on)
             if r.code != "document_missing"]
    assert codes == ([code] if code else [])


def test_exit_documents_of_the_special_regime_organisation() -> None:
    dossier, staff = _open()
    listed = selectors.exit_document_list(actor=staff, dossier=dossier, on=date(2026, 6, 1))
    assert len(listed.rows) == 5   # seed 000 п. 6
    assert all(row.issued is None for row in listed.rows)
    certificate = ExitDocument.objects.get(code="special_regime_org.02")
    services.exit_document_issue(actor=staff, dossier=dossier, document=certificate, issued_on=date(2026, 6, 1))
    listed = selectors.exit_document_list(actor=staff, dossier=dossier, on=date(2026, 6, 1))
    assert [r.issued is not None for r in listed.rows] == [False, True, False, False, False]
    with pytest.raises(DomainError) as caught:
        services.exit_document_issue(actor=staff, dossier=dossier, document=certificate, issued_on=date(2026, 6, 2))
    assert caught.value.code == "duplicate"
    assert ExitDocumentIssue.objects.count() == 1


def test_a_repealed_rule_continues_until_replaced() -> None:
    dossier, staff = _open(PSYCHONEURO)
    listed = selectors.exit_document_list(actor=staff, dossier=dossier, on=date(2026, 6, 1))
    assert len(listed.rows) == 2 and listed.continued     # seed 002 was repealed from 2011


def test_who_may_open_a_dossier() -> None:
    at = provider()
    person = child(at)
    with pytest.raises(NotFound):
        services.dossier_open(actor=specialist(provider()), person=person, provider=at, funding="budget",
                              opened_on=OPENED)
    with pytest.raises(PermissionRefused):
        services.dossier_open(actor=UserFactory(role=Role.INSPECTOR, region=at.region), person=person, provider=at,
                              funding="budget", opened_on=OPENED)
    assert not AdmissionDossier.objects.exists()


def test_a_closed_dossier_cannot_change() -> None:
    dossier, staff = _open()
    services.dossier_close(actor=staff, dossier=dossier, closed_on=date(2026, 9, 1))
    with pytest.raises(DomainError) as caught:
        services.dossier_document_set(actor=staff, document=_doc(dossier, 1), state="received", on=date(2026, 9, 2))
    assert caught.value.code == "dossier_closed"
    assert not selectors.missing_document_list(actor=staff, person=dossier.person).exists()
