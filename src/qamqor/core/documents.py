"""Printable documents and spreadsheets: one way to turn a template into PDF and rows into XLSX."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string


def pdf_bytes(template: str, context: dict[str, Any], *, base_url: str | None = None) -> bytes:
    """Render a Django template (HTML + print CSS) to PDF with WeasyPrint."""
    from weasyprint import HTML  # imported here: it loads system libraries (pango) on first use

    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def xlsx_bytes(sheet_title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]],
               preface: Sequence[Sequence[Any]] = ()) -> bytes:
    """A one-sheet workbook: optional preface lines (e.g. the form's header fields), then a header row
    and the data rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    for line in preface:
        sheet.append([str(c) if c is not None else "" for c in line])
    sheet.append([str(h) for h in header])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([c if isinstance(c, int | float) or c is None else str(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
