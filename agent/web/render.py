"""What a turn looks like in the UI: product cards for everyone, internal steps for staff only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.consult.records import Record, fact_line, price_text, stock_text
from agent.ingestion.cleaning import safe_url
from agent.prompts import load_localized

KEY_SPECS = 3


def card_actions(record: Record, language: str) -> list[dict[str, str]]:
    """The card's buttons (``prompts/card_actions.*``: ``label | message`` a line) and what they send."""
    name = record.get("name") or record["id"]
    lines = load_localized("card_actions", language, product=name, id=record["id"]).splitlines()
    return [
        {"label": label.strip(), "message": message.strip()}
        for label, _, message in (line.partition("|") for line in lines)
    ]


def card_props(record: Record, language: str = "en", staff: bool = False) -> dict[str, Any]:
    """Props of ``public/elements/ProductCard.jsx``: only catalog fields, never model text; the
    source file only for staff (a customer has no use for "products.csv")."""
    specs = record.get("specs") or {}
    if isinstance(specs, dict):
        spec_lines = [f"{key}: {value}" for key, value in list(specs.items())[:KEY_SPECS]]
    else:
        spec_lines = [part.strip() for part in str(specs).split(";") if part.strip()][:KEY_SPECS]
    return {
        "id": record["id"],
        "name": record.get("name") or record["id"],
        "price": price_text(record),
        "stock": stock_text(record),
        "inStock": bool(record.get("stock")),
        "specs": spec_lines,
        # The file name only: a server path tells too much even to staff.
        "source": Path(str(record.get("source", ""))).name if staff else "",
        # Ingestion keeps only http(s) URLs; checked again for an index written before it did.
        "image": safe_url(str(record.get("image") or "")) or None,
        "url": safe_url(str(record.get("url") or "")) or None,
        "actions": card_actions(record, language),
    }


def cards_for(
    records: list[Record], cited: list[str], limit: int = 4, language: str = "en", staff: bool = False
) -> list[dict[str, Any]]:
    """Cards for the products the answer cites, in citation order."""
    by_id = {r["id"]: r for r in records if r.get("kind") == "product"}
    return [card_props(by_id[c], language, staff) for c in cited if c in by_id][:limit]


def plan_step(update: dict[str, Any]) -> tuple[str, str] | None:
    """The step shown when the fixed pipeline has decided the turn (intent, stage, records)."""
    outcome = update.get("outcome")
    if not isinstance(outcome, dict) or "intent" not in outcome:
        return None
    records: list[Record] = update.get("records") or []
    head = [
        f"intent: {outcome['intent']} (confidence {float(outcome.get('confidence', 0.0)):.2f}), "
        f"stage: {outcome.get('stage', '')}"
    ]
    head += [f"action: {a.get('type')} {a.get('id', '')}".rstrip() for a in outcome.get("actions", [])]
    listed = "\n".join(f"- {fact_line(r)}" for r in records) or "- none"
    # Markdown: paragraphs for the decisions, a list for the records.
    return "Intent and records", "\n\n".join([*head, f"records ({len(records)}):", listed])


def tool_step(update: dict[str, Any]) -> list[tuple[str, str]]:
    """One step per tool the model called, with what the tool returned."""
    steps = []
    for message in update.get("messages", []):
        name = getattr(message, "name", None)
        if name:
            steps.append((f"Tool: {name}", str(getattr(message, "content", ""))[:4000]))
    return steps
