"""Stock flags: a product whose forecast demand over the restock lead time exceeds its catalog
stock "will run short in about N weeks"."""

from __future__ import annotations

from dataclasses import dataclass

from agent.insights.catalog import ProductInfo
from agent.insights.forecast import Forecast


@dataclass(frozen=True)
class Shortage:
    product_id: str
    name: str
    stock: int
    demand: float  # forecast units over the lead time
    weeks: int  # the week (1 = the coming one) in which the stock runs out

    def message(self, language: str = "en") -> str:
        if language == "zh":
            return f"{self.name}：库存 {self.stock}，预计约 {self.weeks} 周后缺货"
        return f"{self.name}: {self.stock} in stock, will run short in about {self.weeks} week{'s' if self.weeks > 1 else ''}"


def shortages(
    forecasts: dict[str, Forecast], products: dict[str, ProductInfo], lead_weeks: int
) -> list[Shortage]:
    """Soonest first; products without a stock figure or a forecast are left out."""
    found = []
    for product_id, fc in forecasts.items():
        info = products.get(product_id)
        if info is None or info.stock is None:
            continue
        cumulative, weeks = 0.0, None
        for number, week in enumerate(fc.weeks[:lead_weeks], start=1):
            cumulative += week.mean
            if cumulative > info.stock and weeks is None:
                weeks = number
        if weeks is not None:
            found.append(Shortage(product_id, info.name, info.stock, cumulative, weeks))
    return sorted(found, key=lambda s: (s.weeks, s.stock - s.demand))
