"""Risk scores: the breakdown states findings, severities, formula and parameters as of a date; the history
keeps every change; manual findings and their withdrawal move the score."""

from datetime import date
from decimal import Decimal

import pytest

from qamqor.accounts.models import Role
from qamqor.control.models import RiskScore
from qamqor.control.selectors import score_history
from qamqor.control.services.findings import finding_record, finding_withdraw
from qamqor.control.services.risk import risk_recompute
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from tests.control.helpers import AS_OF, inspector, provider_subject, user
from tests.factories import RegionFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def record(actor, subject, criterion, group=1, **evidence):
    evidence = evidence or {"act_number": "A-1"}
    return finding_record(actor, subject, criterion=criterion, source_group=group, found_on=date(2026, 10, 1),
                          **evidence)


def test_breakdown_and_history():
    subject = provider_subject("stationary")
    actor = inspector()
    zero = risk_recompute(subject, actor=actor, as_of=AS_OF)
    assert (zero.score, zero.degree) == (Decimal("0.00"), "low")
    assert risk_recompute(subject, actor=actor, as_of=AS_OF).pk == zero.pk     # nothing changed: no new row

    record(actor, subject, 3)                           # significant, App. 3: SP1 = 11
    record(actor, subject, 11)                          # minor: SN1 = 3
    latest = subject.scores.order_by("-id").first()
    expected = (Decimal(100) / 11 * Decimal("0.7") + Decimal(100) / 3 * Decimal("0.3")).quantize(Decimal("0.01"))
    assert latest.score == expected == Decimal("16.36")
    b = latest.breakdown
    assert b["method_status"] == "not_stated_in_seed"
    assert (b["result"]["sp1"], b["result"]["sp2"], b["result"]["sn1"], b["result"]["sn2"]) == (11, 1, 3, 1)
    assert {f["criterion"] for f in b["findings"]} == {3, 11}
    params = {p["code"]: p for p in b["parameters"]}
    assert params["risk_weight_significant"]["value"] == 0.7 and params["risk_weight_significant"]["is_default"]
    assert set(params) == {"risk_gross_score", "risk_weight_significant", "risk_weight_minor",
                           "risk_threshold_medium", "risk_threshold_high"}

    gross = record(actor, subject, 7)                   # social-domestic, gross
    assert subject.scores.order_by("-id").first().score == 100
    finding_withdraw(actor, gross, reason="Recorded against the wrong subject")
    assert subject.scores.order_by("-id").first().score == expected
    history = list(score_history(actor, subject))
    assert [h.score for h in history] == [expected, Decimal(100), expected, Decimal("6.36"), Decimal(0)]
    assert [h.trigger for h in history][:3] == ["finding", "finding", "finding"]


def test_finding_record_validates_the_source_and_evidence():
    subject = provider_subject("stationary")
    actor = inspector()
    with pytest.raises(DomainError) as err:
        finding_record(actor, subject, criterion=3, source_group=1, found_on=date(2026, 10, 1))
    assert err.value.code == "evidence_required"
    with pytest.raises(DomainError) as err:
        record(actor, subject, 72, group=1, publication_url="https://example.kz/news/1")
    assert err.value.code == "source_mismatch"
    finding = record(actor, subject, 72, group=2, publication_url="https://example.kz/news/1")
    assert (finding.severity, finding.source_group, finding.origin) == ("gross", 2, "manual")
    with pytest.raises(DomainError) as err:
        finding_withdraw(actor, finding, reason=" ")
    assert err.value.code == "reason_required"


def test_who_may_record_and_recompute():
    subject = provider_subject("stationary")
    with pytest.raises(PermissionRefused):
        record(user(Role.LEB_OFFICER, region=subject.region), subject, 3)
    with pytest.raises(PermissionRefused):
        risk_recompute(subject, actor=user(Role.ANALYST))
    with pytest.raises(NotFound):
        record(inspector(region=RegionFactory()), subject, 3)
    assert record(inspector(region=subject.region), subject, 3).recorded_by.role == Role.INSPECTOR
    assert RiskScore.objects.filter(subject=subject).exists()
