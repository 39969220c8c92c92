"""Catalog and policy records as plain dicts (what state, prompt, validator and UI share)."""

from __future__ import annotations

from typing import Any

from langchain_core.documents import Document

from agent.records_answer import format_price
from agent.retrieval.hybrid import Hit

Record = dict[str, Any]


def record_from_document(document: Document) -> Record:
    meta = document.metadata
    record: Record = {"id": str(meta["id"]), "kind": meta["kind"], "source": meta["source"]}
    if meta["kind"] == "product":
        for key in ("name", "brand", "category", "price", "currency", "stock", "specs", "description"):
            record[key] = meta.get(key)
        record["title"] = meta.get("name")
    else:
        record["title"] = meta.get("title")
        record["text"] = document.page_content.split("\n", 1)[-1].strip()
    return record


def records_from_hits(hits: list[Hit]) -> list[Record]:
    return [record_from_document(hit.document) for hit in hits]


def price_text(record: Record) -> str:
    return format_price(record.get("price"), record.get("currency")) or "price on request"


def stock_text(record: Record) -> str:
    stock = record.get("stock")
    if stock is None:
        return "stock unknown"
    return "out of stock" if stock == 0 else f"in stock ({stock})"


def fact_line(record: Record) -> str:
    if record["kind"] == "product":
        specs = f" Specs: {record['specs']}." if record.get("specs") else ""
        about = f" {record['description']}" if record.get("description") else ""
        return (
            f"[{record['id']}] {record['name']} — {price_text(record)}, {stock_text(record)}.{specs}{about}"
        )
    return f"[{record['id']}] {record['title']}: {record.get('text', '')}"


def facts_block(records: list[Record]) -> str:
    """The records as the LLM sees them, inside <facts> markers (documents are data)."""
    body = "\n".join(fact_line(r) for r in records)
    return f"<facts>\n{body}\n</facts>"


def citations(records: list[Record]) -> list[str]:
    """Product ids and FAQ sources, as shown to the user."""
    cited: list[str] = []
    for record in records:
        cite = record["id"] if record["kind"] == "product" else f"{record['source']}#{record['title']}"
        if cite not in cited:
            cited.append(cite)
    return cited


def records_cited(text: str, records: list[Record]) -> list[Record]:
    """The records an answer refers to (by id or product name), in the order it mentions them."""
    lowered = text.lower()
    found: list[tuple[int, Record]] = []
    for record in records:
        spots = [text.find(record["id"])]
        if record["kind"] == "product" and record.get("name"):
            spots.append(lowered.find(str(record["name"]).lower()))
        if (first := min((p for p in spots if p >= 0), default=-1)) >= 0:
            found.append((first, record))
    return [record for _, record in sorted(found, key=lambda item: item[0])]


def with_sources(text: str, cited: list[str], language: str) -> str:
    """The answer as shown to a reader without a UI: the text, then its citations."""
    if not cited:
        return text
    return f"{text}\n\n{'来源' if language == 'zh' else 'Sources'}: " + ", ".join(cited)
