"""Catalog and policy records as plain dicts (what state, prompt, validator and UI share)."""

from __future__ import annotations

from typing import Any

from langchain_core.documents import Document

from agent.ingestion.cleaning import shorten, spec_pairs
from agent.records_answer import brand_words, price_words
from agent.retrieval.hybrid import Hit

Record = dict[str, Any]
PRODUCT_FIELDS = (
    "name", "brand", "category", "subcategory", "price", "list_price", "currency", "stock", "specs",
    "description", "image", "url",
)  # fmt: skip


def record_from_document(document: Document) -> Record:
    meta = document.metadata
    record: Record = {"id": str(meta["id"]), "kind": meta["kind"], "source": meta["source"]}
    if meta["kind"] == "product":
        for key in PRODUCT_FIELDS:
            record[key] = meta.get(key)
        record["title"] = meta.get("name")
    else:
        record["title"] = meta.get("title")
        record["text"] = document.page_content.split("\n", 1)[-1].strip()
    return record


def record_text(record: Record) -> str:
    """What a record says, as one text: a policy's title and passage, a product's name, specs and
    description (a product's title is its name)."""
    return " ".join(str(record.get(k) or "") for k in ("title", "text", "specs", "description"))


def records_from_hits(hits: list[Hit]) -> list[Record]:
    return [record_from_document(hit.document) for hit in hits]


def price_text(record: Record, language: str = "en") -> str:
    return price_words(record, language)


DESCRIPTION_CHARS = 120


def stock_text(record: Record) -> str:
    """What the catalog says of stock; "" when it says nothing (never a guess)."""
    stock = record.get("stock")
    if stock is None:
        return ""
    return "out of stock" if stock == 0 else f"in stock ({stock})"


def fact_line(record: Record) -> str:
    """One compact line per record: clean specs and a short description, never a whole blob.
    Every character is prefilled on every turn that shows the record (about 100 tokens/s on the
    laptop engine): the description's first sentence or so carries the reason it fits."""
    if record["kind"] == "product":
        specs = f" Specs: {shorten(record['specs'], 160)}." if record.get("specs") else ""
        about = f" {shorten(record['description'], DESCRIPTION_CHARS)}" if record.get("description") else ""
        stock = f", {stock_text(record)}" if stock_text(record) else ""
        return f"[{record['id']}] {record['name']}{brand_words(record)} — {price_text(record)}{stock}.{specs}{about}"
    return f"{record['title']}: {record.get('text', '')}"


def quoted_texts(records: list[Record]) -> list[str]:
    """The shop's own words an answer may quote in whatever language the shop wrote them: policy
    passages and spec pairs ("CPU: Core i5" shown to a Chinese customer is the catalog's)."""
    texts = [str(r.get("text") or "") for r in records]
    return texts + [f"{key}: {value}" for r in records for key, value in spec_pairs(r.get("specs"))]


def fact_lines(records: list[Record]) -> str:
    """The records' fact lines, one per line: what the model reads, so what it may say back."""
    return "\n".join(fact_line(r) for r in records)


def facts_block(records: list[Record]) -> str:
    """The records as the LLM sees them, inside <facts> markers (documents are data)."""
    return f"<facts>\n{fact_lines(records)}\n</facts>"


def citations(records: list[Record]) -> list[str]:
    """The ids of the records an answer rests on: product ids and policy passage ids
    (``file#chunk``, never a server path)."""
    return list(dict.fromkeys(record["id"] for record in records))


def source_labels(records: list[Record]) -> list[str]:
    """What a customer is shown as sources: product names and document titles."""
    return list(dict.fromkeys(str(r.get("name") or r.get("title") or r["id"]) for r in records))


def with_sources(text: str, labels: list[str], language: str) -> str:
    """The answer as shown to a reader: the text, then its sources (names and titles)."""
    if not labels:
        return text
    return f"{text}\n\n{'来源' if language == 'zh' else 'Sources'}: " + ", ".join(labels)
