"""A product the customer names that the shop no longer offers (the export marks it not for sale):
said in code, with the nearest products that are for sale, so that no price of it is quoted and no
order of it is taken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.consult.recommend import Constraints, recommend
from agent.prompts import load_localized
from agent.records_answer import price_words
from agent.retrieval.hybrid import HybridRetriever

if TYPE_CHECKING:
    from agent.consult.planner import TurnPlan


def not_for_sale(plan: TurnPlan, product_id: str, retriever: HybridRetriever) -> None:
    """Answer ``plan``'s turn: the product is not available; these are (the search finds only
    products for sale)."""
    meta = retriever.product_metadata[product_id]
    need = " ".join(filter(None, (str(meta.get("name") or ""), str(meta.get("category") or ""))))
    nearest = recommend(retriever, Constraints.of(need, plan.profile.budget, retriever.currency), k=3)
    plan.records = nearest
    plan.shown = plan.about = [r["id"] for r in nearest]
    lines = "\n".join(f"- **{r['name']}** — {price_words(r, plan.language)}" for r in nearest)
    name = "reply_not_for_sale" if nearest else "reply_not_for_sale_alone"
    plan.reply = load_localized(name, plan.language, product=meta["name"], nearest=lines).strip()
