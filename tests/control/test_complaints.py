"""The register of complaints: two or more confirmed complaints on a topic within the window produce the
finding of that topic's criterion (85–90); fewer withdraw it."""

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.control.models import Complaint, Finding
from qamqor.control.services.complaints import (
    complaint_decide,
    complaint_register,
    complaints_apply_threshold,
)
from qamqor.core.errors import DomainError, PermissionRefused
from tests.control.helpers import inspector, provider_subject, user

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def register(actor, subject, number, received, topic=85):
    return complaint_register(actor, subject=subject, topic=topic, number=number, received_on=received,
                              applicant="Applicant", summary="Services not delivered")


def topic_findings(subject, number=85):
    return Finding.objects.filter(subject=subject, criterion__number=number, status="active")


def test_the_second_confirmed_complaint_produces_the_finding():
    subject = provider_subject("stationary")
    actor = inspector()
    first = register(actor, subject, "Ж-1", date(2026, 9, 1))
    second = register(actor, subject, "Ж-2", date(2026, 10, 1))
    rejected = register(actor, subject, "Ж-3", date(2026, 10, 2))
    assert first.decision == Complaint.Decision.PENDING

    complaint_decide(actor, first, confirmed=True, decided_on=date(2026, 9, 20))
    complaint_decide(actor, rejected, confirmed=False, decided_on=date(2026, 10, 20))
    assert not topic_findings(subject).exists()

    complaint_decide(actor, second, confirmed=True, decided_on=date(2026, 10, 25))
    finding = topic_findings(subject).get()
    assert (finding.origin, finding.source_group, finding.severity) == ("complaints", 4, "gross")
    assert [r["label"] for r in finding.records] == ["Ж-1", "Ж-2"]
    assert finding.complaint_number == "Ж-1, Ж-2"
    # ... and the subject's score is recomputed: 85 is gross.
    assert subject.scores.order_by("-id").first().score == 100


def test_complaints_outside_the_window_do_not_count_and_reapplying_is_idempotent():
    subject = provider_subject("home_care")
    actor = inspector()
    old = register(actor, subject, "Ж-10", date(2025, 6, 1), topic=86)
    new = register(actor, subject, "Ж-11", date(2026, 10, 1), topic=86)
    complaint_decide(actor, old, confirmed=True, decided_on=date(2025, 6, 20))
    complaint_decide(actor, new, confirmed=True, decided_on=date(2026, 10, 20))
    assert not topic_findings(subject, 86).exists()      # 16 months apart: window is 12 months

    assert complaints_apply_threshold(subject, as_of=date(2026, 5, 31)).created == 0
    both = register(actor, subject, "Ж-12", date(2026, 11, 2), topic=86)
    complaint_decide(actor, both, confirmed=True, decided_on=date(2026, 11, 3))
    assert topic_findings(subject, 86).count() == 1
    again = complaints_apply_threshold(subject, as_of=date(2026, 11, 20))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    # Two years on, the complaints have left the window: the finding is withdrawn.
    later = complaints_apply_threshold(subject, as_of=date(2028, 1, 1))
    assert later.withdrawn == 1 and not topic_findings(subject, 86).exists()


def test_register_refuses_other_topics_duplicates_and_dates_and_roles_without_the_permission():
    subject = provider_subject("stationary")
    actor = inspector()
    with pytest.raises(DomainError) as err:
        register(actor, subject, "Ж-20", date(2026, 9, 1), topic=3)
    assert err.value.code == "topic_invalid"
    register(actor, subject, "Ж-20", date(2026, 9, 1))
    with pytest.raises(DomainError) as err:
        register(actor, subject, "Ж-20", date(2026, 9, 2))
    assert err.value.code == "duplicate"
    complaint = register(actor, subject, "Ж-21", date(2026, 9, 10))
    with pytest.raises(DomainError) as err:
        complaint_decide(actor, complaint, confirmed=True, decided_on=date(2026, 9, 1))
    assert err.value.code == "decided_before_received"
    with pytest.raises(PermissionRefused):
        register(user(Role.ANALYST), subject, "Ж-22", date(2026, 9, 1))
