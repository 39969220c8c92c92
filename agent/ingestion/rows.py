"""Read the rows of a catalog file (CSV, JSON, JSON Lines), each with the line it starts on."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from agent.ingestion.problems import SourceError

_DELIMITERS = ",;\t|"

Row = tuple[int, dict[str, Any]]  # (1-based line, raw fields)


def read_rows(path: Path, text: str) -> list[Row]:
    """Every row of ``path`` (decoded to ``text``); a malformed file is an error naming the line."""
    is_csv = path.suffix.lower() in {".csv", ".tsv"}
    return list(csv_rows(path, text) if is_csv else json_rows(path, text))


def csv_rows(path: Path, text: str) -> Iterator[Row]:
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix == ".tsv" else ","
    # strict: an unterminated quote is an error, not a field that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(path, "the file has no header row") from None
    except csv.Error as error:
        raise SourceError(path, f"malformed CSV header: {error}", 1) from None
    header = [h.strip() for h in header]
    if len([h for h in header if h]) < 1:
        raise SourceError(path, "the header row is empty", 1)
    start = reader.line_num
    while True:
        line = start + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise SourceError(path, f"malformed CSV row starting here: {_csv_problem(error)}", line) from None
        start = reader.line_num
        if reader.line_num - line > 50 and any(v.count("\n") > 50 for v in values):
            raise SourceError(path, "a quoted field runs over more than 50 lines: unterminated quote?", line)
        if not any(v.strip() for v in values):
            continue
        extra = values[len(header) :]
        if len(values) < len(header) or any(v.strip() for v in extra):
            raise SourceError(
                path,
                f"malformed CSV row starting here: {len(values)} fields, the header has {len(header)} "
                "(a stray delimiter or quote?)",
                line,
            )
        yield line, {h: v for h, v in zip(header, values, strict=False) if h}


def _csv_problem(error: csv.Error) -> str:
    message = str(error)
    return (
        "unterminated quote (the file ends inside a quoted field)" if "unexpected end" in message else message
    )


def json_rows(path: Path, text: str) -> Iterator[Row]:
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise SourceError(path, f"malformed JSON line: {error.msg}", number) from None
            if not isinstance(item, dict):
                raise SourceError(path, "each line must be a JSON object", number)
            yield number, item
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(path, f"malformed JSON: {error.msg}", error.lineno) from None
    items, offset = _product_list(path, data, text)
    for item, position in zip(items, _item_positions(text, offset), strict=False):
        item_line = text.count("\n", 0, position) + 1
        if not isinstance(item, dict):
            raise SourceError(path, "each product must be a JSON object", item_line)
        yield item_line, item


def _product_list(path: Path, data: Any, text: str) -> tuple[list[Any], int]:
    """Accept a top-level list or an object holding one (``{"products": [...]}``)."""
    if isinstance(data, list):
        return data, text.index("[")
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, list):
                match = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
                return value, (match.end() - 1) if match else text.index("[")
    raise SourceError(path, "expected a JSON list of products (or an object holding one)", 1)


def _item_positions(text: str, array_start: int) -> Iterator[int]:
    """Character offsets where each element of the JSON array at ``array_start`` begins."""
    decoder = json.JSONDecoder()
    pos = array_start + 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        yield pos
        _, pos = decoder.raw_decode(text, pos)
