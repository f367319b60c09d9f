"""The local executive body's application, assessment of need and decision on the guaranteed volume,
and whether their deadlines were kept (risk criteria 1 and 2 of seed 004; the seeds set no deadline,
so the deadlines are Qamqor's stated defaults and say so)."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.care import selectors, services
from qamqor.care.models import NeedAssessment, ServiceDecision
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from tests.care.helpers import audit_count, child, provider, specialist
from tests.factories import PersonFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.usefixtures("care_catalog")


def _officer(region=None):
    return UserFactory(role=Role.LEB_OFFICER, region=region or RegionFactory())


def _applied(officer, applied_on=date(2026, 3, 12), **kwargs) -> NeedAssessment:
    person = PersonFactory(region=officer.region, born=date(2015, 1, 1))
    return services.need_application_record(actor=officer, person=person, region=officer.region,
                                            application_date=applied_on, **kwargs)


def test_application_assessment_and_decision_with_their_deadlines() -> None:
    officer = _officer()
    assessment = _applied(officer, setting="home_care")
    services.need_assessment_record(actor=officer, assessment=assessment, assessment_date=date(2026, 3, 31),
                                    outcome="need", conclusion="needs home care", assessor_name="A. Social worker")
    decision = services.service_decision_record(
        actor=officer, person=assessment.person, region=officer.region, number="12-3", decision_date=date(2026, 4, 20),
        outcome="granted", assessment=assessment, setting="home_care", volume="social-household, social-medical")
    assert decision.assessment == assessment

    [row] = selectors.need_deadlines(actor=officer, today=date(2026, 5, 1))
    # ten working days from Thu 12 March 2026 skip the weekends and Nauryz (23–25 March)
    assert (row.timing.assessment_due, row.timing.assessment_kept) == (date(2026, 3, 31), True)
    assert (row.timing.decision_due, row.timing.decision_kept) == (date(2026, 4, 14), False)
    assert row.decision == decision
    assert row.assessment_rule.is_default and row.decision_rule.is_default
    assert "leb_need_assessment_days = 10" in row.deadline_source
    assert "leb_decision_days = 10" in row.deadline_source
    assert "set no deadline" in row.deadline_source


def test_an_open_application_is_late_once_its_deadline_passes() -> None:
    officer = _officer()
    _applied(officer)
    [row] = selectors.need_deadlines(actor=officer, today=date(2026, 3, 31))
    assert row.timing.assessment_kept is None
    [row] = selectors.need_deadlines(actor=officer, today=date(2026, 4, 1))
    assert row.timing.assessment_kept is False
    assert row.timing.decision_due is None


def test_an_application_is_assessed_once_and_not_before_it_was_made() -> None:
    officer = _officer()
    assessment = _applied(officer)
    with pytest.raises(DomainError) as caught:
        services.need_assessment_record(actor=officer, assessment=assessment, assessment_date=date(2026, 3, 11),
                                        outcome="need")
    assert caught.value.code == "dates_out_of_order"
    services.need_assessment_record(actor=officer, assessment=assessment, assessment_date=date(2026, 3, 20),
                                    outcome="no_need")
    with pytest.raises(DomainError) as caught:
        services.need_assessment_record(actor=officer, assessment=assessment, assessment_date=date(2026, 3, 21),
                                        outcome="need")
    assert caught.value.code == "already_assessed"


@pytest.mark.parametrize(
    ("outcome", "kind", "with_assessment", "assessed", "code"),
    [
        ("granted", "initial", False, None, "assessment_required"),
        ("granted", "initial", True, None, "assessment_pending"),
        ("granted", "initial", True, "no_need", "contradicts_assessment"),
        ("refused", "initial", True, "no_need", None),
        ("granted", "continuation", False, None, None),   # seed 002 App. 2 п. 16: no new assessment
    ],
)
def test_what_a_decision_rests_on(outcome, kind, with_assessment, assessed, code) -> None:
    officer = _officer()
    assessment = _applied(officer)
    if assessed:
        services.need_assessment_record(actor=officer, assessment=assessment, assessment_date=date(2026, 3, 20),
                                        outcome=assessed)
    before = (ServiceDecision.objects.count(), audit_count())
    call = dict(actor=officer, person=assessment.person, region=officer.region, number="7",
                decision_date=date(2026, 3, 25), outcome=outcome, kind=kind,
                assessment=assessment if with_assessment else None)
    if code is None:
        services.service_decision_record(**call)
        assert ServiceDecision.objects.count() == 1
    else:
        with pytest.raises(DomainError) as caught:
            services.service_decision_record(**call)
        assert caught.value.code == code
        assert (ServiceDecision.objects.count(), audit_count()) == before


def test_a_decision_number_is_unique_in_the_region_on_its_date() -> None:
    officer = _officer()
    person = PersonFactory(region=officer.region)
    call = dict(actor=officer, person=person, region=officer.region, number="7", decision_date=date(2026, 3, 25),
                outcome="granted", kind="continuation")
    services.service_decision_record(**call)
    with pytest.raises(DomainError) as caught:
        services.service_decision_record(**call)
    assert caught.value.code == "duplicate"


def test_an_officer_records_only_for_their_own_region() -> None:
    officer = _officer()
    other_region = RegionFactory()
    person = PersonFactory(region=other_region)
    before = (NeedAssessment.objects.count(), audit_count())
    with pytest.raises(NotFound):
        services.need_application_record(actor=officer, person=person, region=other_region,
                                         application_date=date(2026, 3, 12))
    assert (NeedAssessment.objects.count(), audit_count()) == before


def test_provider_staff_read_but_do_not_decide() -> None:
    at = provider()
    staff = specialist(at)
    person = child(at)
    with pytest.raises(PermissionRefused):
        services.need_application_record(actor=staff, person=person, region=at.region,
                                         application_date=date(2026, 3, 12))
    officer = _officer(at.region)
    services.need_application_record(actor=officer, person=person, region=at.region,
                                     application_date=date(2026, 3, 12))
    assert selectors.need_assessment_list(actor=staff).count() == 1          # the person is tied to them
    assert selectors.need_assessment_list(actor=specialist(provider())).count() == 0
    assert selectors.need_assessment_list(actor=_officer()).count() == 0        # another region
    assert selectors.need_assessment_list(actor=UserFactory(role=Role.ANALYST)).count() == 0
