"""Forming the semi-annual preventive-control list: high and medium only, by score, one visit per subject
per half-year by default, the publication date and the 30-day notice."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from qamqor.accounts.models import Role
from qamqor.control.models import RiskScore
from qamqor.control.services.lists import preventive_list_form
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from tests.control.helpers import inspector, provider_subject, user
from tests.factories import RegionFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def scored(subject, score, degree, as_of=date(2026, 12, 1)):
    return RiskScore.objects.create(subject=subject, as_of=as_of, score=Decimal(score), degree=degree, breakdown={})


def test_list_for_the_first_half_year():
    region = RegionFactory()
    medium = provider_subject("stationary", region=region)
    high = provider_subject("home_care", region=region)
    low = provider_subject("temporary_stay", region=region)
    unscored = provider_subject("semi_stationary", region=region)
    scored(medium, "20", "low", as_of=date(2026, 6, 1))
    scored(medium, "45.50", "medium")                  # the latest score counts
    scored(high, "100", "high")
    scored(low, "30", "low")
    actor = inspector(region=region)

    control_list = preventive_list_form(actor, year=2027, half=1, region=region, formed_on=date(2026, 12, 20))

    assert (control_list.publish_by, control_list.period_start, control_list.period_end) == (
        date(2026, 12, 25), date(2027, 1, 1), date(2027, 6, 30))
    entries = list(control_list.entries.order_by("order"))
    assert [(e.subject_id, e.degree, e.score) for e in entries] == [
        (high.pk, "high", Decimal("100.00")), (medium.pk, "medium", Decimal("45.50"))]
    assert low.pk not in {e.subject_id for e in entries} and unscored.pk not in {e.subject_id for e in entries}
    for e in entries:
        assert e.notice_by == e.planned_visit_on - timedelta(days=30)
        assert date(2027, 1, 19) <= e.planned_visit_on <= date(2027, 6, 30)
    assert control_list.parameters["visits_per_half_year"]["value"] == 1
    assert control_list.parameters["notice_days"]["value"] == 30

    with pytest.raises(DomainError) as err:
        preventive_list_form(actor, year=2027, half=1, region=region, formed_on=date(2026, 12, 21))
    assert err.value.code == "list_exists"


def test_second_half_year_is_published_by_25_may_and_scope_is_enforced():
    region = RegionFactory()
    subject = provider_subject("stationary", region=region)
    scored(subject, "75", "high", as_of=date(2026, 5, 1))
    with pytest.raises(NotFound):
        preventive_list_form(inspector(region=RegionFactory()), year=2026, half=2, region=region,
                             formed_on=date(2026, 5, 20))
    with pytest.raises(PermissionRefused):
        preventive_list_form(user(Role.ANALYST), year=2026, half=2, formed_on=date(2026, 5, 20))
    national = preventive_list_form(inspector(), year=2026, half=2, formed_on=date(2026, 5, 20))
    assert national.publish_by == date(2026, 5, 25) and national.region is None
    assert [e.subject_id for e in national.entries.all()] == [subject.pk]
