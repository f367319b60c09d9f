"""PDF and XLSX documents carry the text they were given (read back, not just generated)."""

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from qamqor.core.documents import pdf_bytes, xlsx_bytes


def test_pdf_contains_kazakh_text(tmp_path, settings) -> None:
    (tmp_path / "doc.html").write_text("<html><body><h1>{{ title }}</h1></body></html>", encoding="utf-8")
    settings.TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}]
    data = pdf_bytes("doc.html", {"title": "Қайта оралды — Әлеуметтік қызмет"})
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Қайта оралды" in text and "Әлеуметтік" in text


def test_xlsx_round_trips_header_and_rows() -> None:
    data = xlsx_bytes("Журнал", ["№", "Аты-жөні"], [[1, "Сейітова Айгүл"]], preface=[["Ұйым", "Орталық"]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["Ұйым", "Орталық"]
    assert [c.value for c in sheet[2]] == ["№", "Аты-жөні"]
    assert [c.value for c in sheet[3]] == [1, "Сейітова Айгүл"]
