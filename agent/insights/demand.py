"""Everything the report, the staff tool and the command show about demand, computed once per call:
the history, each product's and category's forecast, and the stock flags."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from agent.consult.ledger import LedgerMissingError
from agent.insights.catalog import ProductInfo, catalog_products
from agent.insights.forecast import Forecast, NotEnoughHistory, combine, forecast
from agent.insights.stock import Shortage, shortages
from agent.settings import Settings


@dataclass
class DemandView:
    last_day: date
    products: dict[str, ProductInfo]
    histories: dict[str, dict[date, int]]
    forecasts: dict[str, Forecast] = field(default_factory=dict)  # product id or category -> forecast
    too_short: dict[str, NotEnoughHistory] = field(default_factory=dict)
    shortages: list[Shortage] = field(default_factory=list)
    # The consultation records, a second signal: in the last four weeks, customer turns that were
    # shown each product, and the units of order requests (leads) for it.
    shown: Counter[str] = field(default_factory=Counter)
    requested: Counter[str] = field(default_factory=Counter)

    def category_of(self, product_id: str) -> str:
        info = self.products.get(product_id)
        return info.category if info else "other"

    def name_of(self, key: str) -> str:
        info = self.products.get(key)
        return info.name if info else key


def build_view(settings: Settings, category: str | None = None, until: date | None = None) -> DemandView:
    """Raises OrdersMissingError when no orders history was loaded. ``category`` limits the
    products (case-insensitive); ``until`` (exclusive) cuts the history, e.g. for a report's range."""
    from agent.cluster.stores import open_orders

    histories = open_orders(settings).daily(until)
    products = catalog_products(settings)
    if category:
        wanted = category.casefold()
        histories = {
            p: s
            for p, s in histories.items()
            if (products[p].category if p in products else "other").casefold() == wanted
        }
    last_day = max((d for s in histories.values() for d in s), default=until or date.today())
    view = DemandView(last_day, products, histories)
    weeks = max(settings.forecast_weeks, settings.restock_lead_weeks)
    by_category: dict[str, list[dict[date, int]]] = {}
    for product_id, sales in sorted(histories.items()):
        by_category.setdefault(view.category_of(product_id), []).append(sales)
        _keep(view, forecast(product_id, sales, last_day, weeks))
    for name, members in by_category.items():
        _keep(view, forecast(name, combine(members), last_day, weeks))
    product_forecasts = {k: f for k, f in view.forecasts.items() if k in histories}
    view.shortages = shortages(product_forecasts, products, settings.restock_lead_weeks)
    view.shown, view.requested = consultations(settings, until or date.today() + timedelta(days=1))
    return view


def consultations(settings: Settings, until: date, days: int = 28) -> tuple[Counter[str], Counter[str]]:
    """(turns shown, units requested) per product id over the ``days`` before ``until``."""
    from agent.cluster.stores import open_ledger

    lo, hi = (until - timedelta(days=days)).isoformat(), until.isoformat()
    ledger = open_ledger(settings)
    try:
        turns = ledger.turns(lo, hi)
        leads = [lead for lead in ledger.leads() if lo <= lead["created_at"] < hi]
    except LedgerMissingError:
        return Counter(), Counter()  # the app has not run yet: no consultations
    shown = Counter(p["id"] for t in turns if t["role"] == "customer" for p in t["products"])
    requested: Counter[str] = Counter()
    for lead in leads:
        for item in lead["items"]:
            requested[item["product_id"]] += int(item["quantity"])
    return shown, requested


def _keep(view: DemandView, result: Forecast | NotEnoughHistory) -> None:
    if isinstance(result, Forecast):
        view.forecasts[result.key] = result
    else:
        view.too_short[result.key] = result
