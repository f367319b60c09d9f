"""E-sobes roster import (CSV, XLSX, JSON), rejected rows, idempotency, reconciliation and exports."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.exchange.domain.roster import DifferenceKind
from qamqor.exchange.messages import row_error_text
from qamqor.exchange.models import RosterEntry, RosterImport, RosterRejectedRow
from qamqor.exchange.selectors import reconcile_import, roster_differences, roster_import_for
from qamqor.exchange.selectors.export import ROSTER_COLUMNS, journal_rows, roster_rows
from qamqor.exchange.services import SYSTEM, roster_import
from qamqor.exchange.writers import chunks
from tests.journal.support import TODAY, days

from .support import Scene, csv_bytes, json_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> Scene:
    return Scene()


def load(scene: Scene, data: bytes, name: str = "roster.csv", as_of=None, actor=None):
    return roster_import(actor=actor or scene.leb, stream=io.BytesIO(data), file_name=name, as_of=as_of or TODAY)


def planted(diffs) -> set[tuple]:
    return {(d.iin, str(d.kind), d.field) for d in diffs}


def test_import_accepts_good_rows_and_reports_each_bad_row_with_its_reason(scene):
    data = csv_bytes(scene.good_rows() + scene.bad_rows())
    outcome = load(scene, data)
    imp = outcome.roster_import
    assert not outcome.duplicate
    assert (imp.status, imp.rows_total, imp.rows_accepted, imp.rows_rejected) == ("done", 14, 5, 9)
    reasons = {r.row_number: {(p["field"], p["code"]) for p in r.errors} for r in imp.rejected.all()}
    assert reasons == {
        7: {("iin", "iin_wrong_check_digit")},
        8: {("provider_bin", "bin_impossible_date")},
        9: {("provider_bin", "unknown_provider")},
        10: {("admission_date", "bad_date")},
        11: {("discharge_date", "discharge_before_admission")},
        12: {("iin", "duplicate")},
        13: {("setting", "unknown_setting")},
        14: {("provider_bin", "provider_out_of_scope")},
        15: {("surname", "missing")},
    }
    dup = imp.rejected.get(row_number=12)
    assert dup.errors[0]["detail"] == "2"   # the earlier row it repeats
    assert "earlier row" in row_error_text(dup.errors[0])
    assert RosterEntry.objects.filter(roster_import=imp).count() == 5
    assert list(imp.coverage.values_list("provider_id", "rows")) == [(scene.provider.pk, 5)]


def test_importing_the_same_file_twice_changes_nothing(scene):
    data = csv_bytes(scene.good_rows() + scene.bad_rows())
    first = load(scene, data).roster_import
    counts = (RosterImport.objects.count(), RosterEntry.objects.count(), RosterRejectedRow.objects.count())
    again = load(scene, data)
    assert again.duplicate and again.roster_import == first
    # the same rows in another format and order are the same content
    as_json = load(scene, json_bytes(list(reversed(scene.good_rows()))), name="roster.json")
    assert as_json.duplicate and as_json.roster_import == first
    assert (RosterImport.objects.count(), RosterEntry.objects.count(), RosterRejectedRow.objects.count()) == counts


def test_xlsx_and_json_lines_are_read(scene):
    imp = load(scene, xlsx_bytes(scene.good_rows()), name="roster.xlsx", as_of=days(-1)).roster_import
    assert (imp.file_format, imp.rows_accepted, imp.rows_rejected) == ("xlsx", 5, 0)
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in scene.good_rows()[:2]).encode()
    imp2 = load(scene, lines, name="roster.jsonl", as_of=days(-2)).roster_import
    assert (imp2.file_format, imp2.rows_accepted) == ("json", 2)


def test_a_file_that_cannot_be_read_is_refused_whole(scene):
    with pytest.raises(DomainError) as exc:
        load(scene, b'[{"iin": "1"}, {"iin": ', name="broken.json")
    assert exc.value.code == "file_bad_json"
    assert RosterImport.objects.count() == 0


def test_only_the_import_permission_may_import(scene):
    with pytest.raises(PermissionRefused):
        load(scene, csv_bytes(scene.good_rows()), actor=scene.head)


def test_reconciliation_finds_the_planted_differences(scene):
    assert roster_differences(scene.provider, TODAY) == [] and roster_import_for(scene.provider, TODAY) is None
    imp = load(scene, csv_bytes(scene.good_rows() + scene.bad_rows())).roster_import
    assert roster_import_for(scene.provider, TODAY) == imp
    assert roster_import_for(scene.provider, days(-1)) is None     # as_of after that date
    diffs = roster_differences(scene.provider, TODAY)
    assert planted(diffs) == {
        (scene.b.iin, "only_in_qamqor", ""),
        (scene.c_iin, "only_in_esobes", ""),
        (scene.d.iin, "field", "admission_date"),
        (scene.e.iin, "field", "discharge_date"),
        (scene.f.iin, "field", "surname"),
    }
    by_iin = {d.iin: d for d in diffs}
    d = by_iin[scene.d.iin]
    assert (d.esobes_value, d.qamqor_value) == (days(-25).isoformat(), days(-20).isoformat())
    assert d.import_id == imp.pk and d.row_number == 4 and d.placement_id and d.entry_id
    c = by_iin[scene.c_iin]
    assert c.placement_id is None and c.person_id is None and c.row_number == 3
    b = by_iin[scene.b.iin]
    assert b.row_number is None and b.person_id == scene.b.pk
    assert by_iin[scene.e.iin].qamqor_value == days(-5).isoformat()
    assert "not on the E-sobes roster" in b.message
    assert roster_differences(scene.provider.pk, TODAY) == diffs      # a provider id works too


def test_the_streaming_reconciliation_gives_the_same_differences(scene):
    imp = load(scene, csv_bytes(scene.good_rows())).roster_import
    assert planted(reconcile_import(imp, TODAY)) == planted(roster_differences(scene.provider, TODAY))


def test_an_exported_roster_imports_back_without_differences(scene):
    rows = list(roster_rows(actor=scene.leb, provider=scene.provider, on=TODAY))
    assert {r["iin"] for r in rows} == {scene.a.iin, scene.b.iin, scene.d.iin, scene.f.iin}
    data = b"".join(chunks("csv", ROSTER_COLUMNS, rows))
    imp = load(scene, data, name="export.csv").roster_import
    assert imp.rows_rejected == 0
    assert roster_differences(scene.provider, TODAY) == []


def test_journal_export_lists_the_events_of_the_period(scene):
    rows = list(journal_rows(actor=scene.leb, provider=scene.provider, start=days(-31), end=TODAY))
    kinds = [(r["iin"], r["kind"]) for r in rows]
    assert (scene.e.iin, "discharge") in kinds and kinds.count((scene.a.iin, "admission")) == 1
    assert all(r["provider_bin"] == scene.provider.bin for r in rows)
    assert list(journal_rows(actor=scene.leb, provider=scene.provider, start=days(-4), end=TODAY)) == []
    payload = json.loads(b"".join(chunks("json", ["iin", "kind"], rows)))
    assert len(payload) == len(rows)


def test_the_management_command_imports_and_is_idempotent(scene, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes(scene.good_rows() + scene.bad_rows()))
    out = io.StringIO()
    call_command("import_esobes", str(path), "--as-of", TODAY.isoformat(), stdout=out)
    assert "14 rows read, 6 accepted, 8 rejected" in out.getvalue()
    assert "row 7: IIN: The control digit" in out.getvalue()
    out = io.StringIO()
    call_command("import_esobes", str(path), stdout=out)
    assert "nothing changed" in out.getvalue()
    assert RosterImport.objects.count() == 1
    # the system import is not limited to a region: the other provider's row is accepted
    assert RosterImport.objects.get().rows_accepted == 6


def test_reconcile_command_writes_the_differences(scene, tmp_path):
    load(scene, csv_bytes(scene.good_rows()), actor=SYSTEM)
    target = tmp_path / "diff.csv"
    err = io.StringIO()
    call_command("reconcile_esobes", "--output", str(target), "--date", TODAY.isoformat(), stderr=err)
    text = target.read_text(encoding="utf-8-sig")
    assert "5 difference(s)" in err.getvalue()
    assert scene.c_iin in text and "only_in_esobes" in text


def test_the_reconciliation_is_computed_without_per_row_queries(scene, django_assert_max_num_queries):
    load(scene, csv_bytes(scene.good_rows()))
    with django_assert_max_num_queries(4):
        roster_differences(scene.provider, timezone.localdate())
    assert DifferenceKind.FIELD == "field"


def test_nul_characters_and_odd_values_never_reach_the_database(scene):
    rows = scene.good_rows()[:1]
    rows.append({**rows[0], "iin": "1\x002", "surname": "A\x00B"})
    imp = load(scene, json_bytes(rows), name="odd.json").roster_import
    assert (imp.rows_accepted, imp.rows_rejected) == (1, 1)
    bad = imp.rejected.get()
    assert bad.iin == "12" and "\x00" not in json.dumps(bad.values)


def test_imports_are_seen_within_scope(scene):
    from qamqor.exchange.selectors import import_list
    from tests.journal.support import staff

    imp = load(scene, csv_bytes(scene.good_rows())).roster_import
    assert list(import_list(actor=scene.head)) == [imp]          # covers the head's provider
    other_head = staff(scene.other, "provider_head")
    assert list(import_list(actor=other_head)) == []
    assert list(import_list(actor=staff(scene.provider))) == []   # no exchange.esobes.view
