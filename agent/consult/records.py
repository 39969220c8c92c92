"""Catalog and policy records as plain dicts (what state, prompt, validator and UI share)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from langchain_core.documents import Document

from agent.consult.claims import sentences
from agent.consult.ordinals import ordinal_mentions, singular
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
    stock = record.get("stock")
    if stock is None:
        return "stock unknown"
    return "out of stock" if stock == 0 else f"in stock ({stock})"


def fact_line(record: Record) -> str:
    """One compact line per record: clean specs and a short description, never a whole blob.
    Every character is prefilled on every turn that shows the record (about 100 tokens/s on the
    laptop engine): the description's first sentence or so carries the reason it fits."""
    if record["kind"] == "product":
        specs = f" Specs: {shorten(record['specs'], 160)}." if record.get("specs") else ""
        about = f" {shorten(record['description'], DESCRIPTION_CHARS)}" if record.get("description") else ""
        return (
            f"[{record['id']}] {record['name']}{brand_words(record)} — {price_text(record)}, "
            f"{stock_text(record)}.{specs}{about}"
        )
    return f"[{record['id']}] {record['title']}: {record.get('text', '')}"


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


def shows_discount(product: Record) -> bool:
    """The catalog gives a list price above the sale price (what a stated discount may rest on)."""
    price, listed = product.get("price"), product.get("list_price")
    return price is not None and bool(listed) and listed > price


def prices_of(products: list[Record], fields: tuple[str, ...] = ("price",)) -> set[float]:
    """The products' prices (or any of ``fields``), to the cent: what answers are compared by."""
    return {round(float(p[k]), 2) for p in products for k in fields if p.get(k) is not None}


_MIN_NAME_CHARS = 6  # a shorter leftover of a name ("14" of "Lumio Tab 14") would match anything


def name_spot(folded: str, product: Mapping[str, Any]) -> int:
    """Where the case-folded ``folded`` names ``product``: by its catalog name, or by that name
    without its brand ("the AirBook 13", "轻薄本 Air 14" for "华光 轻薄本 Air 14"); -1 if nowhere."""
    name = str(product.get("name") or "").casefold().strip()
    brand = str(product.get("brand") or "").casefold().strip()
    short = name.removeprefix(brand).strip() if brand and name.startswith(brand) else ""
    spots = [folded.find(c) for c in (name, short) if len(c) >= _MIN_NAME_CHARS]
    return min((s for s in spots if s >= 0), default=-1)


def id_spot(text: str, record_id: str) -> int:
    """Where ``text`` writes ``record_id`` as a whole token; -1 if nowhere. BigBasket's ids are
    plain numbers: id 175 is not cited by "₹175.00", nor id 13 by "Air 13"."""
    # ASCII neighbours only: "LAP-001的价格" cites LAP-001; "LAP-12" does not cite id 12.
    match = re.search(rf"(?<![A-Za-z0-9_.,/-]){re.escape(record_id)}(?![A-Za-z0-9_]|[.,/-][A-Za-z0-9])", text)
    return match.start() if match else -1


def records_cited(text: str, records: list[Record], listed: Sequence[Record] = ()) -> list[Record]:
    """The records an answer refers to (by id, product name, or "the second one" of the ``listed``
    products the customer was shown), in the order it mentions them, each once: the same product
    among the records twice (shown before and a fact again) is one product, not a pair for the
    comparison and price checks."""
    folded = text.casefold()
    kinds = {
        singular(word)
        for r in listed
        for key in ("name", "category", "subcategory")
        for word in re.findall(r"[a-z]+", str(r.get(key) or "").lower())
    }
    found = [
        (at, listed[i])
        for at, i in ordinal_mentions(text, strict=True, kinds=kinds)
        if -len(listed) <= i < len(listed)
    ]
    for record in records:
        spots = [id_spot(text, str(record["id"]))]
        if record["kind"] == "product" and record.get("name"):
            spots.append(name_spot(folded, record))
        elif record.get("title"):  # a policy passage quoted under its title
            spots.append(text.find(f"[{record['title']}]"))
        if (first := min((p for p in spots if p >= 0), default=-1)) >= 0:
            found.append((first, record))
    first_spots: dict[str, tuple[int, Record]] = {}
    for at, record in sorted(found, key=lambda item: item[0]):
        first_spots.setdefault(str(record["id"]), (at, record))
    return [record for _, record in first_spots.values()]


@dataclass(frozen=True)
class CitedAnswer:
    """An answer read once, sentence by sentence, with the products each sentence names: the
    price checks (pairing, comparisons) each read every sentence this way."""

    text: str
    products: list[Record]
    listed: Sequence[Record] = ()  # what "the first one" of the answer points at

    @cached_property
    def sentences(self) -> list[tuple[str, list[Record]]]:
        return [(s, records_cited(s, self.products, self.listed)) for s in sentences(self.text)]


def with_sources(text: str, labels: list[str], language: str) -> str:
    """The answer as shown to a reader: the text, then its sources (names and titles)."""
    if not labels:
        return text
    return f"{text}\n\n{'来源' if language == 'zh' else 'Sources'}: " + ", ".join(labels)
