"""Read product catalogs (CSV, JSON, JSON Lines) into one LangChain document per product."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

from agent.ingestion.cleaning import clean_text, for_sale, parse_specs, parse_stock, safe_url, shorten
from agent.ingestion.columns import SPEC_FIELD, ColumnMappingError, detect_columns
from agent.ingestion.layouts import Fields, detect_layout, flat_rows, shopify_rows, woocommerce_rows
from agent.ingestion.prices import parse_price
from agent.ingestion.problems import RowIssue, SourceError, decode_text
from agent.ingestion.rows import read_rows
from agent.retrieval.crosslang import product_words

CATALOG_SUFFIXES = {".csv", ".tsv", ".json", ".jsonl", ".ndjson"}
# Raised when what a product's indexed text holds changes: unchanged files are read again once.
PRODUCT_TEXT_VERSION = 5


def read_catalog(
    path: Path, overrides: dict[str, str] | None = None
) -> tuple[list[Document], list[RowIssue]]:
    """Parse ``path``; rows that cannot be used are skipped and reported, never silently lost."""
    text = decode_text(path, path.read_bytes())
    rows = read_rows(path, text)
    if not rows:
        raise SourceError(path, "no product rows found")
    headers = list(dict.fromkeys(key for _, raw in rows for key in raw))
    overrides, default_currency = _currency_code(overrides or {}, headers)
    layout = "flat" if overrides else detect_layout(headers)
    if layout == "shopify":
        products = shopify_rows(rows)
    elif layout == "woocommerce":
        products = woocommerce_rows(rows)
    else:
        try:
            mapping = detect_columns(headers, overrides, [raw for _, raw in rows])
        except ColumnMappingError as error:
            raise SourceError(path, str(error)) from None
        if "name" not in mapping:
            raise SourceError(
                path,
                "no product name column found (looked for name/title/product name/商品名称/名称/标题; "
                "use --columns name=...)",
                1,
            )
        products = flat_rows(rows, mapping)
    documents: list[Document] = []
    issues: list[RowIssue] = []
    seen: dict[str, int] = {}
    for line, fields in products:
        document, row_issues = _product(path, line, fields, default_currency)
        issues.extend(row_issues)
        if document is None:
            continue
        product_id = document.metadata["id"]
        if product_id in seen:
            issues.append(
                RowIssue(
                    str(path),
                    line,
                    f"duplicate id {product_id!r}: lines {seen[product_id]} and {line} have the same id; "
                    f"line {line} skipped",
                )
            )
            continue
        seen[product_id] = line
        documents.append(document)
    return documents, issues


def _currency_code(overrides: dict[str, str], headers: list[str]) -> tuple[dict[str, str], str | None]:
    """``--columns currency=INR`` names the currency of a file that has no currency column."""
    code = overrides.get("currency", "")
    if re.fullmatch(r"[A-Z]{3}", code) and code.lower() not in {h.lower() for h in headers}:
        return {k: v for k, v in overrides.items() if k != "currency"}, code
    return overrides, None


def _product(
    path: Path, line: int, fields: Fields, default_currency: str | None = None
) -> tuple[Document | None, list[RowIssue]]:
    def field(name: str) -> str:
        return fields.get(name, "").strip()

    source = str(path)
    name = " ".join(clean_text(field("name")).split())
    if not name:
        return None, [RowIssue(source, line, "missing product name")]
    issues: list[RowIssue] = []
    currency = field("currency").upper() or default_currency
    price = parse_price(field("price"), currency)
    list_price = parse_price(field("list_price"), currency)
    if price is None:
        issues.append(
            RowIssue(
                source, line, f"price {field('price')!r} could not be parsed; kept with unknown price", False
            )
        )
    category, _, subcategory = (p.strip() for p in field("category").partition(">"))
    metadata = {
        "kind": "product",
        "id": field("id") or _content_id(fields),
        "name": name,
        "brand": field("brand"),
        "category": category,
        "subcategory": field("subcategory") or subcategory.split(">")[-1].strip(),
        "price": price.amount if price else None,
        # The crossed-out price, kept only when it is above what the customer pays.
        "list_price": list_price.amount
        if list_price and price and list_price.amount > price.amount
        else None,
        "currency": currency or (price.currency if price else None),
        "stock": parse_stock(field("stock")),
        "specs": _specs(fields),
        "description": shorten(clean_text(field("description")), 600),
        "image": safe_url(field("image")),
        "url": safe_url(field("url")),
        # A listing the export marks as not for sale is kept (staff may ask about it) but never
        # offered: the search leaves it out for everyone, and a customer naming it is told so.
        "available": for_sale(field("listing"), field("visibility")),
        "source": source,
        "line": line,
    }
    return Document(page_content=product_text(metadata), metadata=metadata, id=metadata["id"]), issues


def _specs(fields: Fields) -> str:
    """The spec blob's pairs, then the attribute columns' ("Rating: 3.9")."""
    columns = [
        f"{key.removeprefix(SPEC_FIELD)}: {value}"
        for key, raw in fields.items()
        if key.startswith(SPEC_FIELD) and (value := " ".join(clean_text(raw).replace(";", ",").split()))
    ]
    return "; ".join(filter(None, [parse_specs(fields.get("key_specs", "")), *columns]))


def _content_id(fields: Fields) -> str:
    """An id for a row without one, from its whole content: two rows that share a name but
    differ in anything else (size, price) are two products; identical rows are one."""
    content = "\x1f".join(f"{k}={v}" for k, v in sorted(fields.items()))
    return "P-" + hashlib.sha1(content.encode()).hexdigest()[:10]


def product_text(meta: dict[str, Any]) -> str:
    """The text that is embedded and keyword-indexed for one product."""
    parts = [meta["name"]]
    facts = [
        f"Brand: {meta['brand']}" if meta["brand"] else "",
        f"Category: {meta['category']}" if meta["category"] else "",
        f"Subcategory: {meta['subcategory']}" if meta.get("subcategory") else "",
    ]
    parts.append(" | ".join(f for f in facts if f))
    if meta["specs"]:
        parts.append(f"Specs: {meta['specs']}")
    if meta["description"]:
        parts.append(meta["description"])
    # Its name in the other language (agent.retrieval.crosslang): a Chinese request finds an
    # English name, and the reverse. Only indexed: a record shows the catalog's own words.
    parts.append(
        product_words(meta["name"], meta["category"], meta.get("subcategory") or "", meta["description"])
    )
    return "\n".join(p for p in parts if p)
