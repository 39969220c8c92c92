"""Forecast questions answered in code, in English and Chinese, and the number check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from agent.consult.ledger import LeadItem, SalesLedger
from agent.insights.ask import brief_for
from agent.insights.check import unbacked_numbers
from agent.insights.demand import DemandView, build_view, consultations
from agent.insights.load import load_orders
from agent.settings import Settings
from agent.storage.orders import OrdersStore
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def view(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> DemandView:
    home = tmp_path_factory.mktemp("orders")
    load_orders(OrdersStore(home / "orders.sqlite"), [ROOT / "knowledge" / "orders" / "orders.csv"])
    return build_view(
        settings.model_copy(update={"orders_db": home / "orders.sqlite", "sales_db": home / "sales.sqlite"})
    )


def test_a_product_question_gets_its_forecast_interval_and_history(view: DemandView) -> None:
    text = brief_for(view, "how many Voltix AirBook 13 will we sell in the next four weeks?").text
    assert text.startswith("Voltix AirBook 13 [LAP-001]: ") and "units expected in the 4 weeks from" in text
    assert "80% interval" in text and "seasonal-naive baseline" in text and "days and" in text
    zh = brief_for(view, "LAP-001 未来四周能卖多少台？", "zh").text
    assert "预计售出" in zh and "80% 区间" in zh


def test_which_laptops_will_run_short_lists_only_laptops(view: DemandView) -> None:
    brief = brief_for(view, "which laptops will run short?")
    assert brief.keys and all(key.startswith("LAP-") for key in brief.keys)
    assert "will run short in about" in brief.text
    assert brief_for(view, "哪些笔记本会缺货？", "zh").keys == brief.keys


def test_a_new_product_gets_not_enough_history_and_an_unclear_question_is_asked_back(
    view: DemandView,
) -> None:
    assert "not enough history to forecast" in brief_for(view, "forecast for WRB-008").text
    assert brief_for(view, "how is business?").text.startswith("Name a product")


def test_every_number_of_an_answer_must_come_from_the_forecast() -> None:
    brief = (
        "Voltix AirBook 13 [LAP-001]: 49 units expected in the 4 weeks from 2026-11-30 (80% interval 33-67)."
    )
    assert unbacked_numbers("About 49 units (33 to 67) over 4 weeks.", brief) == []
    assert unbacked_numbers("About 50 units, maybe 70.", brief) == ["50", "70"]


def test_the_consultation_records_are_the_second_signal(
    view: DemandView, tmp_path: Path, settings: Settings
) -> None:
    ledger = SalesLedger(tmp_path / "sales.sqlite").migrate()
    laptop = [{"id": "LAP-001", "name": "Voltix AirBook 13"}]
    ledger.add_turn("t1", "customer", "product_recommendation", 0.9, "en", laptop)
    ledger.add_turn("t1", "customer", "purchase", 0.9, "en", laptop)
    ledger.add_turn("t2", "salesperson", "comparison", 0.9, "en", laptop)  # staff work is not demand
    ledger.add_lead("t1", [LeadItem("LAP-001", "Voltix AirBook 13", 2, 899.0)], {"email": "a@b.co"}, "en")
    shown, requested = consultations(
        settings.model_copy(update={"sales_db": tmp_path / "sales.sqlite"}), date.today() + timedelta(1)
    )
    assert (shown["LAP-001"], requested["LAP-001"]) == (2, 2)
    text = brief_for(replace(view, shown=shown, requested=requested), "forecast LAP-001").text
    assert "Consultations in the last 4 weeks: shown in 2 customer turns; order requests for 2 units." in text
