"""The forecast on the shipped sample history: it beats the seasonal-naive baseline in a rolling-
origin backtest, says "not enough history" for a new product, and flags stock that runs short."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from agent.ingestion.orders import read_orders
from agent.insights.backtest import backtest, last_day_of
from agent.insights.catalog import ProductInfo
from agent.insights.forecast import Forecast, NotEnoughHistory, forecast
from agent.insights.load import histories_of
from agent.insights.stock import shortages
from tests.conftest import ROOT

Histories = dict[str, dict[date, int]]


@pytest.fixture(scope="module")
def sample() -> tuple[Histories, dict[str, str]]:
    histories = histories_of(read_orders(ROOT / "knowledge" / "orders" / "orders.csv"))
    with (ROOT / "knowledge" / "catalog" / "products.csv").open(encoding="utf-8") as handle:
        categories = {row["id"]: row["category"] for row in csv.DictReader(handle)}
    return histories, categories


def test_the_shipped_history_covers_the_catalog_for_more_than_a_year(
    sample: tuple[Histories, dict[str, str]],
) -> None:
    histories, categories = sample
    assert set(histories) == set(categories)
    days = {d for sales in histories.values() for d in sales}
    assert (max(days) - min(days)).days >= 365


def test_the_backtest_beats_seasonal_naive_by_at_least_ten_percent(
    sample: tuple[Histories, dict[str, str]],
) -> None:
    histories, categories = sample
    rows = backtest(histories, categories, last_day_of(histories))
    overall = rows[-1]
    assert overall.category == "all" and overall.series > 100
    assert overall.model.mase < 0.9 * overall.baseline.mase
    assert overall.model.smape < overall.baseline.smape
    assert {r.category for r in rows} == set(categories.values()) | {"all"}


def test_a_product_with_three_weeks_of_sales_gets_not_enough_history(
    sample: tuple[Histories, dict[str, str]],
) -> None:
    histories, _ = sample
    result = forecast("WRB-008", histories["WRB-008"], last_day_of(histories))
    assert isinstance(result, NotEnoughHistory)
    assert (
        result.message() == "WRB-008: not enough history to forecast (21 days of sales, at least 56 needed)."
    )
    assert "历史数据不足" in result.message("zh")


def test_a_forecast_has_weeks_an_interval_around_it_and_the_baseline(
    sample: tuple[Histories, dict[str, str]],
) -> None:
    histories, _ = sample
    last = last_day_of(histories)
    result = forecast("LAP-001", histories["LAP-001"], last, weeks=4)
    assert isinstance(result, Forecast)
    assert [w.start for w in result.weeks] == [last + timedelta(days=1 + 7 * n) for n in range(4)]
    assert result.lower < result.total < result.upper
    assert all(w.lower <= w.mean <= w.upper for w in result.weeks)
    assert result.history_units == sum(histories["LAP-001"].values())


def test_stock_short_of_the_forecast_demand_is_flagged_with_the_week() -> None:
    last = date(2026, 11, 29)
    steady = {last - timedelta(days=n): 3 for n in range(120)}  # 21 a week
    result = forecast("X-1", steady, last)
    assert isinstance(result, Forecast)
    products = {
        "X-1": ProductInfo("X-1", "Thing", "Gadgets", 30),
        "X-2": ProductInfo("X-2", "Other", "Gadgets", 500),
    }
    flagged = shortages({"X-1": result, "X-2": result}, products, lead_weeks=4)
    assert [(s.product_id, s.weeks) for s in flagged] == [("X-1", 2)]
    assert flagged[0].message() == "Thing: 30 in stock, will run short in about 2 weeks"
