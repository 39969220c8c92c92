"""Read product catalogs (CSV, JSON, JSON Lines) into one LangChain document per product."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

from agent.ingestion.columns import ColumnMappingError, detect_columns
from agent.ingestion.prices import parse_price
from agent.ingestion.problems import RowIssue, SourceError, decode_text

CATALOG_SUFFIXES = {".csv", ".tsv", ".json", ".jsonl", ".ndjson"}
_DELIMITERS = ",;\t|"

Row = tuple[int, dict[str, Any]]  # (1-based line, raw fields)


def read_catalog(
    path: Path, overrides: dict[str, str] | None = None
) -> tuple[list[Document], list[RowIssue]]:
    """Parse ``path``; rows that cannot be used are skipped and reported, never silently lost."""
    text = decode_text(path, path.read_bytes())
    rows = list(
        _json_rows(path, text)
        if path.suffix.lower() != ".csv" and path.suffix != ".tsv"
        else _csv_rows(path, text)
    )
    if not rows:
        raise SourceError(path, "no product rows found")
    headers = list(dict.fromkeys(key for _, raw in rows for key in raw))
    try:
        mapping = detect_columns(headers, overrides)
    except ColumnMappingError as error:
        raise SourceError(path, str(error)) from None
    if "name" not in mapping:
        raise SourceError(
            path,
            "no product name column found (looked for name/title/product name; use --columns name=...)",
            1,
        )
    documents: list[Document] = []
    issues: list[RowIssue] = []
    seen: dict[str, int] = {}
    for line, raw in rows:
        document, row_issues = _product(path, line, raw, mapping)
        issues.extend(row_issues)
        if document is None:
            continue
        product_id = document.metadata["id"]
        if product_id in seen:
            issues.append(
                RowIssue(str(path), line, f"duplicate id {product_id!r} (first on line {seen[product_id]})")
            )
            continue
        seen[product_id] = line
        documents.append(document)
    return documents, issues


def _csv_rows(path: Path, text: str) -> Iterator[Row]:
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(path, "the file has no header row") from None
    header = [h.strip() for h in header]
    if len([h for h in header if h]) < 1:
        raise SourceError(path, "the header row is empty", 1)
    start = reader.line_num
    try:
        for values in reader:
            line, start = start + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                values = values[: len(header)] + [delimiter.join(values[len(header) :])]
            yield line, {h: v for h, v in zip(header, values, strict=False) if h}
    except csv.Error as error:
        raise SourceError(path, f"malformed CSV: {error}", reader.line_num) from None


def _json_rows(path: Path, text: str) -> Iterator[Row]:
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


def _product(
    path: Path, line: int, raw: dict[str, Any], mapping: dict[str, str]
) -> tuple[Document | None, list[RowIssue]]:
    def field(name: str) -> str:
        value = raw.get(mapping.get(name, ""), "")
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        return "" if value is None else str(value).strip()

    source = str(path)
    name = field("name")
    if not name:
        return None, [RowIssue(source, line, "missing product name")]
    issues: list[RowIssue] = []
    product_id = field("id") or "P-" + hashlib.sha1(name.encode()).hexdigest()[:10]
    price = parse_price(raw.get(mapping.get("price", "")), field("currency").upper() or None)
    if price is None:
        issues.append(
            RowIssue(
                source, line, f"price {field('price')!r} could not be parsed; kept with unknown price", False
            )
        )
    metadata = {
        "kind": "product",
        "id": product_id,
        "name": name,
        "brand": field("brand"),
        "category": field("category"),
        "price": price.amount if price else None,
        "currency": (field("currency").upper() or (price.currency if price else None)) or None,
        "stock": _stock(field("stock")),
        "specs": field("key_specs"),
        "description": field("description"),
        "source": source,
        "line": line,
    }
    return Document(page_content=product_text(metadata), metadata=metadata, id=product_id), issues


def _stock(text: str) -> int | None:
    lowered = text.lower()
    if not lowered:
        return None
    if "out of stock" in lowered or lowered in {"no", "false", "sold out", "缺货"}:
        return 0
    digits = re.search(r"\d+", lowered.replace(",", ""))
    if digits:
        return int(digits.group(0))
    return 1 if lowered in {"yes", "true", "in stock", "available", "有货"} else None


def product_text(meta: dict[str, Any]) -> str:
    """The text that is embedded and keyword-indexed for one product."""
    parts = [meta["name"]]
    facts = [
        f"Brand: {meta['brand']}" if meta["brand"] else "",
        f"Category: {meta['category']}" if meta["category"] else "",
    ]
    parts.append(" | ".join(f for f in facts if f))
    if meta["specs"]:
        parts.append(f"Specs: {meta['specs']}")
    if meta["description"]:
        parts.append(meta["description"])
    return "\n".join(p for p in parts if p)
