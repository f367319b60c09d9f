"""Streaming readers of roster files: CSV, XLSX and JSON (an array of objects or JSON Lines).

Each reader yields ``(row_number, {canonical column: value})`` without loading the whole file:
CSV and XLSX number rows as a spreadsheet shows them (the header is row 1), JSON by the 1-based
position of the object in the array (or the line in JSON Lines)."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from qamqor.exchange.domain.roster import normalize_header

Row = tuple[int, dict[str, Any]]


class FileFormatError(ValueError):
    """The file cannot be read as the format it claims (the message is a code)."""


def detect_format(name: str, head: bytes) -> str:
    lower = name.lower()
    for ext in ("csv", "xlsx", "json", "jsonl"):
        if lower.endswith("." + ext):
            return "json" if ext == "jsonl" else ext
    if head.startswith(b"PK"):
        return "xlsx"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def read_rows(stream: IO[bytes], file_format: str) -> Iterator[Row]:
    if file_format == "csv":
        return read_csv(stream)
    if file_format == "xlsx":
        return read_xlsx(stream)
    if file_format == "json":
        return read_json(stream)
    raise FileFormatError("unknown_format")


def _header(cells: list[Any]) -> list[str]:
    header = [normalize_header(c) for c in cells]
    if "iin" not in header:
        raise FileFormatError("no_iin_column")
    return header


def read_csv(stream: IO[bytes]) -> Iterator[Row]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise FileFormatError("not_utf8") from None
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        header = _header(next(csv.reader([first], delimiter=delimiter), []))
    except csv.Error:
        raise FileFormatError("bad_csv") from None
    reader = csv.reader(text, delimiter=delimiter)
    number = 1
    try:
        for cells in reader:
            number += 1
            if not any(c.strip() for c in cells):
                continue
            yield number, dict(zip(header, cells, strict=False))
    except UnicodeDecodeError:
        raise FileFormatError("not_utf8") from None
    except csv.Error:
        raise FileFormatError("bad_csv") from None


def read_xlsx(stream: IO[bytes]) -> Iterator[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any failure to open is "not an XLSX file"
        raise FileFormatError("not_xlsx") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = _header(list(next(rows, ()) or ()))
        for number, cells in enumerate(rows, start=2):
            if not any(c not in (None, "") for c in cells):
                continue
            yield number, dict(zip(header, cells, strict=False))
    finally:
        book.close()


def _objects(stream: IO[bytes], chunk_size: int = 1 << 16) -> Iterator[Any]:
    """The top-level values of a JSON array, or of JSON Lines, decoded one at a time (the buffer
    holds at most one chunk plus one unfinished value)."""
    decoder = json.JSONDecoder()
    reader = codecs.getincrementaldecoder("utf-8-sig")()
    buffer, i = "", 0
    in_array: bool | None = None
    eof = False
    while True:
        n = len(buffer)
        while i < n and (buffer[i].isspace() or (in_array and buffer[i] == ",")):
            i += 1
        if i < n:
            if in_array is None:
                in_array = buffer[i] == "["
                if in_array:
                    i += 1
                    continue
            if in_array and buffer[i] == "]":
                return
            try:
                value, end = decoder.raw_decode(buffer, i)
            except json.JSONDecodeError:
                if eof:
                    raise FileFormatError("bad_json") from None
            else:
                if end < n or eof:
                    yield value
                    i = end
                    continue
        if eof:
            if in_array:
                raise FileFormatError("bad_json")
            return
        chunk = stream.read(chunk_size)
        try:
            buffer = buffer[i:] + reader.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise FileFormatError("not_utf8") from None
        i = 0
        eof = not chunk


def read_json(stream: IO[bytes]) -> Iterator[Row]:
    for number, obj in enumerate(_objects(stream), start=1):
        if not isinstance(obj, dict):
            raise FileFormatError("bad_json")
        yield number, {normalize_header(k): v for k, v in obj.items()}
