"""The demo of state control is written through the control services on top of the registry and journal
demo: subjects, complaints reaching the threshold, manual findings of source groups 2 and 3, a completed
inspection with two non-compliances, risk scores and the preventive-control list; a second run writes
nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from qamqor.control.models import (
    Complaint,
    Finding,
    Inspection,
    PreventiveControlEntry,
    PreventiveControlList,
    RiskScore,
    Subject,
)
from qamqor.control.selectors import score_latest
from qamqor.core.models import AuditEvent

pytestmark = pytest.mark.django_db

MODELS = (Subject, Complaint, Finding, Inspection, RiskScore, PreventiveControlList, PreventiveControlEntry,
          AuditEvent)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_demo_control_is_loaded_once(rules_loaded: None) -> None:
    for command in ("load_regions", "load_demo", "load_demo_journal"):
        call_command(command, stdout=StringIO())
    call_command("load_demo_control", stdout=StringIO())
    first = _counts()

    subjects = Subject.objects.filter(is_active=True)
    assert subjects.filter(kind="provider").exists() and subjects.filter(kind="leb").exists()
    # Two confirmed complaints on one topic produce the threshold finding (criterion 85).
    complaint_finding = Finding.objects.get(origin="complaints", status="active", criterion__number=85)
    assert Complaint.objects.filter(subject=complaint_finding.subject, decision="confirmed").count() == 2
    # Manual findings with evidence from source groups 2 and 3.
    manual = Finding.objects.filter(origin="manual", status="active")
    assert set(manual.values_list("source_group", flat=True)) == {2, 3}
    assert all(f.publication_url or f.data_extract for f in manual)
    # One completed inspection, its two non-compliances became findings of source group 1.
    inspection = Inspection.objects.get(status="completed")
    assert inspection.subject.region.name_ru.startswith("Караганд")
    assert inspection.items.filter(required=True, compliant=False).count() == 2
    assert Finding.objects.filter(inspection=inspection, status="active", source_group=1).count() == 2
    # Every active subject has a score; at least one is high or medium risk and is on the list.
    degrees = {score_latest(s).degree for s in subjects}
    assert degrees & {"high", "medium"}
    entries = PreventiveControlEntry.objects.all()
    assert entries.exists()
    assert set(entries.values_list("degree", flat=True)) <= {"high", "medium"}
    assert {e.subject_id for e in entries} >= {complaint_finding.subject_id, inspection.subject_id}

    out = StringIO()
    call_command("load_demo_control", stdout=out)
    assert _counts() == first


@override_settings(PRODUCTION=True)
def test_demo_control_refuses_in_production() -> None:
    with pytest.raises(CommandError):
        call_command("load_demo_control", stdout=StringIO())
