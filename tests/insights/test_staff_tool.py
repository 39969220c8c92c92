"""The staff-only forecast through the real agent (index, intent model, SQLite) with a scripted LLM:
refused to a customer in code, given to a salesperson with the figures from the forecast, and an
answer with a figure the forecast did not give is not let through."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from agent.consult.state import Role
from agent.insights.ask import brief_for
from agent.insights.demand import build_view
from agent.insights.load import load_orders
from agent.llm.fake import ScriptedChatModel
from agent.settings import Settings
from agent.storage.orders import OrdersStore
from tests.conftest import ROOT
from tests.consult.conftest import OpenConsultant, deps, intent_tool, open_with, parser  # noqa: F401

QUESTION = "How many Voltix AirBook 13 will we sell in the next four weeks?"
CALL = {"name": "forecast_demand", "args": {"question": QUESTION}, "id": "f1"}


@pytest.fixture
def consult_settings(settings: Settings, tmp_path: Path) -> Settings:
    load_orders(OrdersStore(tmp_path / "orders.sqlite"), [ROOT / "knowledge" / "orders" / "orders.csv"])
    return settings.model_copy(
        update={
            "conversations_db": tmp_path / "conversations.sqlite",
            "sales_db": tmp_path / "sales.sqlite",
            "orders_db": tmp_path / "orders.sqlite",
        }
    )


def _tool_text(messages: list[BaseMessage]) -> str:
    return next(m for m in reversed(messages) if isinstance(m, ToolMessage)).text


async def test_a_customer_is_refused_the_forecast_tool(open_with: OpenConsultant) -> None:  # noqa: F811
    seen: list[str] = []

    def reply(messages: list[BaseMessage]) -> str:
        seen.append(_tool_text(messages))
        return "I can help you choose a laptop."

    model = ScriptedChatModel(script=[AIMessage(content="", tool_calls=[CALL]), reply])
    async with open_with(model) as consultant:
        result = await consultant.answer("t-customer-forecast", "Tell me about the Voltix AirBook 13")
    assert "forecast_demand" not in model.bound_tools
    assert seen == ["Refused: this tool is for staff only."]
    assert "units expected" not in result.answer


async def test_a_salesperson_gets_the_forecast_figures_and_a_made_up_one_is_stopped(
    open_with: OpenConsultant,  # noqa: F811
    consult_settings: Settings,
) -> None:
    brief = brief_for(build_view(consult_settings), QUESTION).text
    total = brief.split(": ", 1)[1].split(" units")[0]  # "Voltix AirBook 13 [LAP-001]: 49 units ..."
    tool_results: list[str] = []

    def phrased(messages: list[BaseMessage]) -> str:
        tool_results.append(_tool_text(messages))
        return f"We expect to sell about {total} Voltix AirBook 13 in the next 4 weeks."

    model = ScriptedChatModel(script=[AIMessage(content="", tool_calls=[CALL]), phrased])
    async with open_with(model) as consultant:
        result = await consultant.answer("t-staff-forecast", QUESTION, Role.SALESPERSON)
    assert "forecast_demand" in model.bound_tools
    assert tool_results == [brief] and "80% interval" in brief
    assert result.answer.startswith(f"We expect to sell about {total}") and not result.outcome.violations

    invented = "We expect to sell 9999 Voltix AirBook 13 next month."
    liar = ScriptedChatModel(script=[AIMessage(content="", tool_calls=[CALL]), invented, invented])
    async with open_with(liar) as consultant:
        result = await consultant.answer("t-staff-forecast-2", QUESTION, Role.SALESPERSON)
    assert "9999" not in result.answer
    assert any("9999" in v for v in result.outcome.violations)
