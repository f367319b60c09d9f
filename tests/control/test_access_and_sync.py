"""Who sees which controlled subjects and findings; the subjects kept in step with the registry."""

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.control.models import Finding, Subject
from qamqor.control.selectors import finding_list, subject_list
from qamqor.control.services.subjects import leb_subjects_ensure, subjects_sync_from_registry
from qamqor.registry.models import ProviderSetting
from tests.control.helpers import inspector, provider_subject, user
from tests.factories import ProviderFactory, ProviderSettingFactory, RegionFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def test_scopes_of_the_roles():
    here, there = RegionFactory(), RegionFactory()
    mine = provider_subject("stationary", region=here)
    theirs = provider_subject("stationary", region=there)
    for s in (mine, theirs):
        Finding.objects.create(subject=s, criterion_id=None, source_group=1, found_on=date(2026, 10, 1),
                               act_number="A")
    assert set(subject_list(inspector())) == {mine, theirs}
    assert set(subject_list(user(Role.ANALYST))) == {mine, theirs}
    assert list(subject_list(inspector(region=here))) == [mine]
    leb = user(Role.LEB_OFFICER, region=here)
    assert list(subject_list(leb)) == [mine]
    assert [f.subject for f in finding_list(leb)] == [mine]
    staff = user(Role.PROVIDER_HEAD, provider=mine.provider)
    assert list(subject_list(staff)) == [] and list(finding_list(staff)) == []


def test_sync_creates_one_subject_per_provider_setting_and_is_idempotent():
    provider = ProviderFactory(head_name="Head")
    ProviderSettingFactory(provider=provider, setting="stationary")
    ProviderSettingFactory(provider=provider, setting="home_care")
    first = subjects_sync_from_registry()
    assert (first.created, first.updated, first.deactivated) == (2, 0, 0)
    subjects = Subject.objects.filter(provider=provider)
    assert sorted(subjects.values_list("setting", flat=True)) == ["home_care", "stationary"]
    s = subjects.get(setting="stationary")
    assert (s.kind, s.bin_iin, s.region_id, s.head_name) == ("provider", provider.bin, provider.region_id, "Head")
    assert subjects_sync_from_registry().as_dict() == {"created": 0, "updated": 0, "deactivated": 0}

    provider.address = "New address"
    provider.save()
    ProviderSetting.objects.filter(provider=provider, setting="home_care").delete()
    third = subjects_sync_from_registry()
    assert (third.updated, third.deactivated) == (1, 1)
    assert not subjects.get(setting="home_care").is_active
    assert subjects.get(setting="stationary").address == "New address"


def test_one_leb_subject_per_region():
    RegionFactory(), RegionFactory()
    added = leb_subjects_ensure()
    assert added >= 2
    assert leb_subjects_ensure() == 0
    assert Subject.objects.filter(kind="leb").count() == added


def test_subjects_by_risk_highest_first_unscored_last():
    from decimal import Decimal

    from qamqor.control.models import RiskScore

    region = RegionFactory()
    unscored = provider_subject("stationary", region=region)
    low = provider_subject("home_care", region=region)
    high = provider_subject("temporary_stay", region=region)
    RiskScore.objects.create(subject=low, as_of=date(2026, 11, 1), score=Decimal("10"), degree="low", breakdown={})
    RiskScore.objects.create(subject=high, as_of=date(2026, 11, 1), score=Decimal("80"), degree="high", breakdown={})
    assert list(subject_list(inspector(region=region))) == [high, low, unscored]
    assert list(subject_list(inspector(region=region), degree="high")) == [high]
