"""The scheduled control job: subjects follow the registry and every subject gets its score, once a day."""

from __future__ import annotations

import pytest

from qamqor.control.jobs import recompute_risk
from qamqor.control.models import RiskScore, Subject
from qamqor.core import jobs
from qamqor.core.models import JobRun
from tests.journal.support import TODAY, provider_with

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def test_the_daily_job_syncs_subjects_scores_them_and_is_not_repeated():
    home = provider_with(capacity=3)
    run = jobs.run("recompute_risk", day=TODAY, function=recompute_risk)
    assert run.status == JobRun.Status.DONE and run.result["subjects_synced"]["created"] >= 1
    subject = Subject.objects.get(provider=home)
    assert RiskScore.objects.filter(subject=subject, as_of=TODAY).count() == 1
    assert jobs.run("recompute_risk", day=TODAY, function=recompute_risk) is None
    assert RiskScore.objects.filter(subject=subject).count() == 1
