"""The demo journal is written through the journal services: admissions on grounds, leaves and a
re-admission with the «қайта оралды» mark; a second run writes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from qamqor.journal.models import JournalEvent, Placement

pytestmark = pytest.mark.django_db


def test_demo_journal_is_filled_once(rules_loaded: None) -> None:
    for command in ("load_regions", "load_demo"):
        call_command(command, stdout=StringIO())
    out = StringIO()
    call_command("load_demo_journal", stdout=out)
    events = JournalEvent.objects.count()
    assert Placement.objects.exists()
    kinds = set(JournalEvent.objects.values_list("kind", flat=True))
    assert {"admission", "leave", "readmission"} <= kinds, kinds
    call_command("load_demo_journal", stdout=StringIO())
    assert JournalEvent.objects.count() == events
