"""The report's charts and the staff forecast command in the running app, over Chainlit's socket
protocol: customers are refused on the server, staff get figures computed from the orders history."""

from __future__ import annotations

import pytest

from agent.insights.load import load_orders
from agent.storage.orders import OrdersStore
from tests.conftest import ROOT
from tests.web.client import ChainlitClient
from tests.web.conftest import LiveApp, customer_token, login_token

pytestmark = pytest.mark.slow


async def _ask(app: LiveApp, token: str, text: str, command: str) -> tuple[str, list[dict[str, object]]]:
    client = ChainlitClient(app.url, token)
    await client.connect()
    reply = await client.ask(text, command=command)
    await client.close()
    return reply.answer, reply.elements


async def test_forecast_is_refused_to_a_customer_and_answered_for_a_salesperson(
    live_app: LiveApp, shop_origin: str
) -> None:
    answer, _ = await _ask(live_app, customer_token(live_app, shop_origin), "LAP-001", "forecast")
    assert answer == "This command is for staff only."
    answer, _ = await _ask(live_app, login_token(live_app, "sam"), "LAP-001", "forecast")
    assert "no orders history" in answer and "ingest.py --orders" in answer
    load_orders(OrdersStore(live_app.home / "orders.sqlite"), [ROOT / "knowledge" / "orders" / "orders.csv"])
    answer, _ = await _ask(
        live_app, login_token(live_app, "sam"), "which laptops will run short?", "forecast"
    )
    assert "will run short in about" in answer and "Voltix" in answer
    answer, _ = await _ask(
        live_app, login_token(live_app, "sam"), "Voltix AirBook 13 next four weeks", "forecast"
    )
    assert answer.startswith("Voltix AirBook 13 [LAP-001]: ") and "80% interval" in answer


async def test_the_admin_report_comes_with_interactive_charts(live_app: LiveApp) -> None:
    load_orders(OrdersStore(live_app.home / "orders.sqlite"), [ROOT / "knowledge" / "orders" / "orders.csv"])
    answer, elements = await _ask(live_app, login_token(live_app, "ada"), "2026-09-01", "report")
    assert "Sales report 2026-09-01" in answer and "### Demand forecast" in answer
    charts = [e for e in elements if e.get("type") == "plotly"]
    assert {str(e["name"]) for e in charts} == {
        "activity",
        "intents",
        "funnel",
        "products",
        "thumbs",
        "forecast",
        "stock",
    }
