"""Other products than the one under discussion: cheaper ones of its kind ("anything less
pricey?"), or similar ones ("got anything like this?"). The message names no product, so it is
never searched with its own words (those find whatever shares "cheaper" or "similar")."""

from __future__ import annotations

from agent.consult.recommend import Constraints, cheaper_than, kind_words, recommend
from agent.consult.records import Record
from agent.retrieval.hybrid import HybridRetriever
from agent.understand.request import Budget


def alternatives(
    product: Record,
    shown: list[Record],
    retriever: HybridRetriever,
    cheaper: bool,
    budget: Budget | None = None,
    k: int = 3,
) -> list[Record]:
    """Products of ``product``'s kind (told by what the ``shown`` products' names share) that cost
    less, or, when not asked for cheaper, any of its kind within the ``budget``; never ``product``."""
    if cheaper:
        return cheaper_than(product, retriever, shown, k)
    kind = " ".join(sorted(kind_words([product, *shown]))) or str(product.get("category") or "")
    like = Constraints.of(f"{kind} {product.get('name') or ''}".strip(), budget, retriever.currency)
    like = Constraints(like.need, like.max_price, like.min_price, product.get("category"))
    return [r for r in recommend(retriever, like, k + 1) if r["id"] != product["id"]][:k]
