"""Findings computed from planted records: each names the records behind it, only for the subject
concerned, and re-computation is idempotent."""

from datetime import date

import pytest

from qamqor.care.models import NeedAssessment, ServiceDecision
from qamqor.control.models import Finding
from qamqor.control.services.computed import findings_compute
from qamqor.control.services.risk import risk_recompute_all
from qamqor.journal.models import EventKind
from tests.control.helpers import AS_OF, event, other_subject, placed, plan, provider_subject
from tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def active(subject, number=None):
    qs = Finding.objects.filter(subject=subject, status="active", origin="computed")
    return qs.filter(criterion__number=number) if number is not None else qs


def late_plan(provider, person=None):
    """Arrived 1 Sep: to be developed by 15 Sep, approved by 22 Sep; developed 1 Oct, approved 10 Oct."""
    return plan(provider, basis=date(2026, 9, 1), due=date(2026, 9, 15), fill_by=date(2026, 9, 22),
                developed=date(2026, 10, 1), approved=date(2026, 10, 10), person=person)


def test_a_late_plan_produces_criterion_3_for_that_provider_and_no_other():
    late = provider_subject("stationary")
    on_time = provider_subject("stationary", region=late.region)
    bad = late_plan(late.provider)
    plan(on_time.provider, basis=date(2026, 9, 1), due=date(2026, 9, 15), fill_by=date(2026, 9, 22),
         developed=date(2026, 9, 10), approved=date(2026, 9, 20))

    report = findings_compute(as_of=AS_OF)

    finding = active(late, 3).get()
    assert (finding.severity, finding.source_group, finding.rule_code) == ("significant", 1, "plan_late")
    assert finding.found_on == AS_OF
    assert [r["id"] for r in finding.records] == [bad.pk]
    assert finding.records[0]["model"] == "care.individualworkplan"
    assert "2026-09-15" in finding.explanation and "2026-10-01" in finding.explanation
    assert not Finding.objects.filter(subject=on_time, criterion__number=3).exists()
    assert Finding.objects.filter(criterion__number=3).count() == 1
    assert report.created >= 1


def test_recomputation_is_idempotent_and_withdraws_what_the_records_no_longer_show():
    subject = provider_subject("stationary")
    late_plan(subject.provider)
    first = findings_compute(subject, as_of=AS_OF)
    again = findings_compute(subject, as_of=AS_OF)
    assert first.created == 1 and (again.created, again.updated, again.withdrawn) == (0, 0, 0)
    assert again.unchanged == 1
    assert Finding.objects.filter(subject=subject).count() == 1

    # A second late plan: the same finding now names both records.
    second = late_plan(subject.provider)
    updated = findings_compute(subject, as_of=AS_OF)
    assert updated.updated == 1
    assert sorted(r["id"] for r in active(subject, 3).get().records) == sorted(
        [second.pk, *[r["id"] for r in Finding.objects.get(subject=subject).records if r["id"] != second.pk]])
    assert Finding.objects.filter(subject=subject).count() == 1

    # A year later the plans are outside the window: the finding is withdrawn, not deleted.
    later = findings_compute(subject, as_of=date(2027, 10, 1))
    assert later.withdrawn == 1
    finding = Finding.objects.get(subject=subject)
    assert finding.status == "withdrawn" and finding.withdrawal_reason


def test_a_suspension_without_its_decision_produces_criterion_6_and_a_correction_clears_it():
    subject = provider_subject("home_care")
    person = PersonFactory(region=subject.region)
    bare = event(subject.provider, "home_care", person, EventKind.SUSPENSION, date(2026, 10, 5))
    event(subject.provider, "home_care", PersonFactory(region=subject.region), EventKind.TERMINATION,
          date(2026, 10, 6), order_number="T-7", order_date=date(2026, 10, 6))

    findings_compute(subject, as_of=AS_OF)
    finding = active(subject, 6).get()
    assert [r["id"] for r in finding.records] == [bare.pk]
    assert finding.records[0]["kind"] == "suspension"

    # The provider records a correction adding the decision: the finding is withdrawn on re-computation.
    event(subject.provider, "home_care", person, EventKind.CORRECTION, date(2026, 10, 7), corrects=bare,
          data={"amend": {"order_number": "S-12", "order_date": "2026-10-05"}})
    report = findings_compute(subject, as_of=AS_OF)
    assert report.withdrawn == 1
    assert not active(subject, 6).exists()


def test_a_recipient_without_a_plan_or_an_admission_without_its_order_produces_criterion_4():
    subject = provider_subject("stationary")
    stay = placed(subject.provider, "stationary", date(2026, 8, 1))
    with_plan = placed(subject.provider, "stationary", date(2026, 8, 1))
    plan(subject.provider, basis=date(2026, 8, 1), due=date(2026, 8, 15), fill_by=date(2026, 8, 22),
         developed=date(2026, 8, 10), approved=date(2026, 8, 20), person=with_plan.person)
    bare_admission = event(subject.provider, "stationary", PersonFactory(region=subject.region),
                           EventKind.ADMISSION, date(2026, 9, 3))

    findings_compute(subject, as_of=AS_OF)
    records = active(subject, 4).get().records
    assert {(r["model"], r["id"], r["what"]) for r in records} == {
        ("journal.placement", stay.pk, "no_plan"), ("journal.journalevent", bare_admission.pk, "journal_incomplete")}


def test_late_assessment_and_decision_of_a_local_executive_body_produce_criteria_1_and_2():
    leb = other_subject("leb")
    elsewhere = other_subject("leb")
    person = PersonFactory(region=leb.region)
    # Applied 1 Sep 2026; the need assessed 1 Oct (10 working days = 15 Sep); decided 30 Oct (due ~15 Oct).
    late = NeedAssessment.objects.create(person=person, region=leb.region, application_date=date(2026, 9, 1),
                                         assessment_date=date(2026, 10, 1), outcome="need")
    ServiceDecision.objects.create(assessment=late, person=person, region=leb.region, outcome="granted",
                                   number="D-1", decision_date=date(2026, 10, 30))
    on_time = NeedAssessment.objects.create(person=PersonFactory(region=leb.region), region=leb.region,
                                            application_date=date(2026, 9, 1), assessment_date=date(2026, 9, 8),
                                            outcome="need")
    ServiceDecision.objects.create(assessment=on_time, person=on_time.person, region=leb.region, outcome="granted",
                                   number="D-2", decision_date=date(2026, 9, 10))

    findings_compute(as_of=AS_OF)
    one, two = active(leb, 1).get(), active(leb, 2).get()
    assert [r["id"] for r in one.records] == [late.pk] and [r["id"] for r in two.records] == [late.pk]
    assert "Qamqor" in one.explanation or "default" in one.explanation
    assert not Finding.objects.filter(subject=elsewhere).exists()


def test_the_scheduled_recompute_scores_every_subject_and_is_idempotent():
    late = provider_subject("stationary")
    clean = provider_subject("stationary", region=late.region)
    late_plan(late.provider)
    first = risk_recompute_all(as_of=AS_OF)
    assert first.subjects == 2 and first.scores_added == 2 and first.findings_created == 1
    second = risk_recompute_all(as_of=AS_OF)
    assert (second.scores_added, second.findings_created, second.findings_updated) == (0, 0, 0)
    assert late.scores.count() == 1 and clean.scores.count() == 1
    assert late.scores.get().breakdown["severity_counts"]["significant"] == 1
    assert clean.scores.get().score == 0


def test_a_roster_that_differs_from_the_imported_esobes_roster_produces_criteria_5_and_78():
    from qamqor.exchange.models import RosterEntry, RosterImport, RosterImportProvider

    subject = provider_subject("stationary")
    same = placed(subject.provider, "stationary", date(2026, 8, 1))
    missing = placed(subject.provider, "stationary", date(2026, 8, 2))
    roster = RosterImport.objects.create(file_name="esobes.csv", file_format="csv", as_of=date(2026, 11, 1),
                                         status="done")
    RosterImportProvider.objects.create(roster_import=roster, provider=subject.provider, rows=1)
    p = same.person
    RosterEntry.objects.create(roster_import=roster, row_number=1, iin=p.iin, surname=p.surname,
                               given_name=p.given_name, patronymic=p.patronymic, birth_date=p.birth_date,
                               provider=subject.provider, setting="stationary", admission_date=date(2026, 8, 1))

    findings_compute(subject, as_of=AS_OF)
    five, seventy_eight = active(subject, 5).get(), active(subject, 78).get()
    assert (five.severity, five.source_group, seventy_eight.severity, seventy_eight.source_group) == (
        "minor", 1, "significant", 3)
    assert [r["placement_id"] for r in five.records] == [missing.pk]
    assert five.records[0]["kind"] == "only_in_qamqor" and five.explanation

    # The same provider without an imported roster: no data, no finding.
    other = provider_subject("stationary", region=subject.region)
    placed(other.provider, "stationary", date(2026, 8, 1))
    findings_compute(other, as_of=AS_OF)
    assert not active(other, 5).exists() and not active(other, 78).exists()


def test_a_plan_filled_in_without_any_service_produces_criterion_4():
    subject = provider_subject("stationary")
    empty = plan(subject.provider, basis=date(2026, 9, 1), due=date(2026, 9, 15), fill_by=date(2026, 9, 22),
                 developed=date(2026, 9, 10), approved=date(2026, 9, 20), with_items=False)
    findings_compute(subject, as_of=AS_OF)
    assert [(r["id"], r["what"]) for r in active(subject, 4).get().records] == [(empty.pk, "plan_without_items")]
    assert not active(subject, 3).exists()
