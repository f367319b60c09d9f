"""The pure roster rules: row validation and the comparison, without a database."""

from __future__ import annotations

from datetime import date

from qamqor.exchange.domain.roster import (
    ContentDigest,
    EsobesRecord,
    QamqorRecord,
    compare,
    normalize_header,
    parse_date,
    parse_row,
)

ON = date(2026, 5, 1)
IIN = "500412400299"


def known(_bin: str) -> str:
    return ""


def test_headers_in_kazakh_russian_and_english_map_to_the_columns():
    assert [normalize_header(h) for h in ("ЖСН", "Фамилия", "Given name", "Дата поступления", "BIN")] == [
        "iin", "surname", "name", "admission_date", "provider_bin"]


def test_dates_in_the_usual_spellings():
    assert parse_date("2026-05-01") == parse_date("01.05.2026") == parse_date("2026-05-01T00:00:00") == ON
    assert parse_date("") is None


def test_a_row_reports_every_problem_at_once():
    row, problems = parse_row({"iin": "12345", "surname": "", "name": "A", "provider_bin": "x",
                               "setting": "moon", "admission_date": "soon"}, provider_known=known)
    assert row is None
    assert {(p.field, p.code) for p in problems} == {
        ("iin", "iin_wrong_length"), ("surname", "missing"), ("provider_bin", "bin_not_digits"),
        ("setting", "unknown_setting"), ("admission_date", "bad_date")}


def test_the_birth_date_must_be_the_one_in_the_iin():
    _, problems = parse_row({"iin": IIN, "surname": "A", "name": "B", "provider_bin": "100140011059",
                             "setting": "стационар", "admission_date": "2026-01-01", "birth_date": "1950-04-13"},
                            provider_known=known)
    assert [(p.field, p.code) for p in problems] == [("birth_date", "birth_date_mismatch")]


def test_the_content_digest_ignores_the_order_of_rows():
    rows = [parse_row({"iin": IIN, "surname": s, "name": "B", "provider_bin": "100140011059",
                       "setting": "home_care", "admission_date": "2026-01-01"}, provider_known=known)[0]
            for s in ("A", "B")]
    one, two = ContentDigest(), ContentDigest()
    for r in rows:
        one.add(r)
    for r in reversed(rows):
        two.add(r)
    assert one.hexdigest() == two.hexdigest() != ""


def e(iin=IIN, setting="stationary", adm=date(2026, 1, 1), dis=None, **kw) -> EsobesRecord:
    return EsobesRecord(iin, setting, adm, dis, **kw)


def q(iin=IIN, setting="stationary", start=date(2026, 1, 1), end=None, **kw) -> QamqorRecord:
    return QamqorRecord(iin, setting, start, end, **kw)


def kinds(diffs) -> list[tuple[str, str]]:
    return [(str(d.kind), d.field) for d in diffs]


def test_the_same_stay_on_both_sides_is_no_difference():
    assert compare([e()], [q()], ON) == []


def test_presence_on_one_side_only():
    assert kinds(compare([e()], [], ON)) == [("only_in_esobes", "")]
    assert kinds(compare([], [q()], ON)) == [("only_in_qamqor", "")]
    # ended before the date on both sides: nothing to compare
    assert compare([e(dis=date(2026, 2, 1))], [q(end=date(2026, 2, 1))], ON) == []


def test_another_setting_is_a_field_difference():
    assert kinds(compare([e(setting="home_care")], [q()], ON)) == [("field", "setting")]


def test_discharged_on_one_side_only_is_a_discharge_date_difference():
    diffs = compare([e()], [q(end=date(2026, 4, 1))], ON)
    assert kinds(diffs) == [("field", "discharge_date")] and diffs[0].qamqor_value == "2026-04-01"
    diffs = compare([e(dis=date(2026, 3, 1))], [q()], ON)
    assert kinds(diffs) == [("field", "discharge_date")] and diffs[0].esobes_value == "2026-03-01"


def test_a_later_start_on_one_side_is_an_admission_date_difference():
    assert kinds(compare([e()], [q(start=date(2026, 6, 1))], ON)) == [("field", "admission_date")]
    assert kinds(compare([e(adm=date(2026, 1, 2))], [q()], ON)) == [("field", "admission_date")]


def test_names_are_compared_ignoring_case_and_yo():
    assert compare([e(surname="Сёмина")], [q(surname="СЕМИНА", person_id=1)], ON) == []
    assert kinds(compare([e(surname="Сёмина")], [q(surname="Петрова", person_id=1)], ON)) == [("field", "surname")]
