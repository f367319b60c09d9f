"""Writing rows as CSV, JSON or XLSX: CSV and JSON are produced chunk by chunk (for streaming
responses and files), XLSX is built in memory (use CSV or JSON for very large exports)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence

FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_chunks(columns: Sequence[str], rows: Iterable[dict[str, str]], every: int = 1000) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
        count += 1
        if count % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(columns: Sequence[str], rows: Iterable[dict[str, str]]) -> Iterator[str]:
    yield "["
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + json.dumps({c: row.get(c, "") for c in columns}, ensure_ascii=False)
        first = False
    yield "\n]\n"


def xlsx_data(title: str, columns: Sequence[str], rows: Iterable[dict[str, str]]) -> bytes:
    from qamqor.core.documents import xlsx_bytes

    return xlsx_bytes(title, list(columns), ([row.get(c, "") for c in columns] for row in rows))


def chunks(fmt: str, columns: Sequence[str], rows: Iterable[dict[str, str]], title: str = "export") -> Iterator[bytes]:
    if fmt == "csv":
        yield "\ufeff".encode()
        for part in csv_chunks(columns, rows):
            yield part.encode()
    elif fmt == "json":
        for part in json_chunks(columns, rows):
            yield part.encode()
    elif fmt == "xlsx":
        yield xlsx_data(title, columns, rows)
    else:
        raise ValueError(fmt)
