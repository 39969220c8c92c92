"""Recommendation computed in code: constraints in, ranked catalog products out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.consult.records import Record, records_from_hits
from agent.retrieval.hybrid import Filters, HybridRetriever


@dataclass(frozen=True)
class Constraints:
    need: str
    max_price: float | None = None
    min_price: float | None = None
    category: str | None = None
    brand: str | None = None

    @classmethod
    def from_profile(cls, need: str, profile: dict[str, Any]) -> Constraints:
        return cls(
            need=need,
            max_price=profile.get("budget_max"),
            min_price=profile.get("budget_min"),
            category=profile.get("category"),
        )

    def filters(self, in_stock: bool) -> Filters:
        return Filters(
            min_price=self.min_price,
            max_price=self.max_price,
            category=self.category,
            brand=self.brand,
            in_stock=in_stock,
            kind="product",
        )


def recommend(retriever: HybridRetriever, constraints: Constraints, k: int = 3) -> list[Record]:
    """Best matches within the constraints, in-stock first; relaxes the category if nothing fits.

    A budget is never relaxed: recommending above it is what customers complain about.
    """
    tries = [constraints.filters(in_stock=True), constraints.filters(in_stock=False)]
    if constraints.category:
        loose = Constraints(constraints.need, constraints.max_price, constraints.min_price)
        tries.append(loose.filters(in_stock=True))
    for filters in tries:
        hits = retriever.search(constraints.need, k, filters)
        if hits:
            return records_from_hits(hits)
    return []
