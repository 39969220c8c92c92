"""The staff-only ``forecast_demand`` tool: the forecast brief as the tool result and as a record,
so the validator accepts exactly the numbers the forecast gave. Refused to customers where tools
are bound (agent/consult/tools.py STAFF_TOOLS)."""

from __future__ import annotations

from collections.abc import Callable

from agent.insights.ask import brief_for
from agent.insights.demand import build_view
from agent.language import detect_language
from agent.settings import Settings
from agent.storage.orders import OrdersMissingError

Record = dict[str, object]


def forecast_record(text: str) -> Record:
    return {
        "id": "demand-forecast",
        "kind": "forecast",
        "source": "orders",
        "title": "Demand forecast",
        "text": text,
    }


def forecast_tool(settings: Settings) -> Callable[[str], tuple[str, list[Record]]]:
    def forecast_demand(question: str) -> tuple[str, list[Record]]:
        """STAFF ONLY. Demand forecast from the sales history for a product or category (units over
        the next weeks, with the interval), or which products will run short of stock."""
        try:
            brief = brief_for(build_view(settings), question, detect_language(question)).text
        except OrdersMissingError as error:
            return str(error), []
        return brief, [forecast_record(brief)]

    return forecast_demand
