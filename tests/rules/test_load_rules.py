"""``manage.py load_rules``: every file is checked before anything is written, and a second run changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from qamqor.rules.loader import FILES, SPECS, RulesDataError, rules_load, rules_read
from qamqor.rules.models import InstitutionType, LegalDocument, Parameter, RecipientCategory

from .helpers import MODELS, data_copy, edit, row_count, snapshot


@pytest.fixture
def empty_rules(db):
    """No rules rows at the start of the test; the test's transaction is rolled back, so the
    session's loaded rows come back afterwards. Plain DELETEs, so that other apps' tables pointing
    at the rules (checked only at commit, which never comes) do not matter."""
    tables = [InstitutionType.categories.through._meta.db_table]
    tables += [model._meta.db_table for model in reversed(MODELS)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def test_first_load_creates_every_row(empty_rules):
    report = rules_load()
    assert report.created == row_count() > 600
    assert report.counts["risk criteria"].created == 90
    assert report.counts["service items"].created == 187
    assert report.updated == 0


def test_second_load_changes_nothing(empty_rules):
    first = rules_load()
    before = snapshot()
    second = rules_load()
    assert (second.created, second.updated) == (0, 0)
    assert {name: c.unchanged for name, c in second.counts.items()} == {
        name: c.created for name, c in first.counts.items()}
    assert snapshot() == before


def test_a_changed_row_is_updated_and_nothing_else(rules_loaded, db, tmp_path):
    data = data_copy(tmp_path)

    def lengthen(params):
        next(p for p in params if p["code"] == "offer_arrival_days")["value"] = 14
    edit(data, "parameters.json", lengthen)
    report = rules_load(data_dir=data)
    assert report.counts["parameters"].updated == 1
    assert (report.created, report.updated) == (0, 1)
    assert Parameter.objects.get(code="offer_arrival_days").value == 14


def _drop_name_ru(categories):
    del categories[1]["name_ru"]


def _blank_name_kk(criteria):
    criteria[4]["text_kk"] = "  "


def _overlap_parameter(params):
    first = next(p for p in params if p["code"] == "postponement_days_stationary")
    params.append({**first, "value": 45, "effective_from": "2022-06-01", "effective_to": None})


def _unknown_institution_type(docs):
    docs[0]["institution_type"] = "no_such_type"


def _unknown_source(types):
    types[0]["source_document"] = "009"


def _reversed_dates(docs):
    docs[0]["effective_from"], docs[0]["effective_to"] = "2020-01-01", "2019-01-01"


def _default_not_flagged(params):
    next(p for p in params if p["source_document"] == "QAMQOR")["is_default"] = False


def _duplicate_code(categories):
    categories.append(dict(categories[0]))


def _bad_setting(types):
    types[0]["setting"] = "boarding"


@pytest.mark.parametrize(("filename", "spoil", "message"), [
    ("recipient_categories.json", _drop_name_ru, "recipient_categories.json[1] (orphans): name_ru is missing"),
    ("risk_criteria.json", _blank_name_kk, "risk_criteria.json[4] (5): text_kk: This field cannot be blank."),
    ("parameters.json", _overlap_parameter, "parameter postponement_days_stationary has overlapping periods"),
    ("admission_documents.json", _unknown_institution_type,
     "institution_type 'no_such_type' is not a known institution type"),
    ("institution_types.json", _unknown_source, "source_document '009' is not in legal_documents.json"),
    ("exit_documents.json", _reversed_dates, "effective_to 2019-01-01 is before effective_from 2020-01-01"),
    ("parameters.json", _default_not_flagged, "is_default must be true exactly when source_document is QAMQOR"),
    ("recipient_categories.json", _duplicate_code, "repeats recipient_categories.json[0]"),
    ("institution_types.json", _bad_setting, "setting: Value 'boarding' is not a valid choice."),
])
def test_a_bad_file_refuses_the_whole_load_and_writes_nothing(empty_rules, tmp_path, filename, spoil, message):
    data = data_copy(tmp_path)
    edit(data, filename, spoil)
    with pytest.raises(RulesDataError) as refused:
        rules_load(data_dir=data)
    assert any(message in line for line in refused.value.errors), refused.value.errors
    assert row_count() == 0


def test_a_missing_file_is_named(empty_rules, tmp_path):
    data = data_copy(tmp_path)
    (data / "checklists.json").unlink()
    with pytest.raises(RulesDataError) as refused:
        rules_load(data_dir=data)
    assert refused.value.errors == [f"checklists.json: the file is missing from {data}"]
    assert row_count() == 0


def test_a_refused_load_keeps_the_rows_already_loaded(rules_loaded, db, tmp_path):
    data = data_copy(tmp_path)

    def rename_and_spoil(categories):
        categories[0]["name_en"] = "renamed"
        del categories[1]["name_ru"]
    edit(data, "recipient_categories.json", rename_and_spoil)
    before = snapshot()
    with pytest.raises(RulesDataError):
        rules_load(data_dir=data)
    assert snapshot() == before
    assert RecipientCategory.objects.get(code="minors_special_upbringing").name_en != "renamed"


def test_check_only_reads_without_writing(empty_rules):
    report = rules_load(check_only=True)
    assert report.counts["legal documents"].total == 5
    assert not LegalDocument.objects.exists()


def test_every_catalog_is_fed_by_the_data_files():
    data = rules_read()
    assert len(FILES) == 13
    assert [c.name for c in data.catalogs] == list(SPECS)
    assert all(c.rows for c in data.catalogs)


def test_the_command_prints_counts_per_catalog(empty_rules):
    out = io.StringIO()
    call_command("load_rules", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert any(line.startswith("risk criteria") and "90  (created 90," in line for line in lines)
    out = io.StringIO()
    call_command("load_rules", stdout=out, stderr=io.StringIO())
    assert "rules: created 0, updated 0" in out.getvalue()


def test_the_command_refuses_a_bad_file_and_lists_the_problems(empty_rules, tmp_path):
    data = data_copy(tmp_path)
    edit(data, "recipient_categories.json", _drop_name_ru)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_rules", data_dir=data, stdout=io.StringIO(), stderr=err)
    assert "name_ru is missing" in err.getvalue()
    assert row_count() == 0
