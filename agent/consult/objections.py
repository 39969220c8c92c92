"""Haggling, objections and "cheaper ones?": about the product under discussion.

Their words name no product ("That's too expensive", "有没有更便宜的？"), so searching with them finds
whatever shares a word (deodorants after coffees, storage boxes after "cheaper"). The product the
conversation is about stays; only "cheaper ones?" adds others, of its kind and for less.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.consult.recommend import cheaper_than
from agent.consult.records import record_from_document
from agent.consult.requests import haggles, wants_alternatives
from agent.retrieval.hybrid import HybridRetriever

if TYPE_CHECKING:
    from agent.consult.planner import ReplyPlan


def about_the_product(
    plan: ReplyPlan, message: str, retriever: HybridRetriever, focus: str | None, listed: list[str]
) -> None:
    """Give ``plan`` the product under discussion (``focus``) when the message haggles or objects
    and names none; for "cheaper ones?", the cheaper ones of its kind after it (``listed``: the
    products last shown, whose names tell the kind)."""
    haggling = haggles(message)
    objecting = plan.intent == "objection" or wants_alternatives(message)
    if not plan.records and focus in retriever.by_id and (haggling or objecting):
        plan.records = [record_from_document(retriever.by_id[focus])]
        # Haggling is answered from the catalog price and the discount policy: no other products.
        if haggling:
            plan.intent = plan.intent if plan.intent in ("objection", "price_inquiry") else "price_inquiry"
        else:
            plan.intent = "objection"
    if plan.records and wants_alternatives(message):
        # It stays first, for the comparison.
        shown = [record_from_document(retriever.by_id[i]) for i in listed if i in retriever.by_id]
        have = {r["id"] for r in plan.records}
        plan.records += [r for r in cheaper_than(plan.records[0], retriever, shown) if r["id"] not in have]
        plan.recommended = [r["id"] for r in plan.records if r["kind"] == "product"]
        plan.intent = "objection"
