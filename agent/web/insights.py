"""The report's charts in the app (Chainlit's Plotly element) and the staff ``forecast`` command:
the fixed pipeline's route to the forecast (a model with tools calls ``forecast_demand`` instead).
Every figure here is computed in code; customers are refused on the server."""

from __future__ import annotations

import asyncio
from typing import Any

import chainlit as cl

from agent.consult.state import Role
from agent.insights.ask import brief_for
from agent.insights.demand import build_view
from agent.language import detect_language
from agent.report.assemble import ChartedReport
from agent.settings import Settings
from agent.storage.orders import OrdersMissingError

FORECAST_COMMAND: Any = {  # Chainlit's CommandDict
    "id": "forecast",
    "icon": "trending-up",
    "description": "Demand forecast: a product or category, or 'which laptops will run short?'",
    "button": False,
}
REFUSED = {"en": "This command is for staff only.", "zh": "此命令仅限员工使用。"}


def chart_elements(charted: ChartedReport, language: str = "en") -> list[cl.Plotly]:
    return [
        cl.Plotly(name=key, figure=figure, display="inline", size="large")
        for key, figure in charted.figures(language).items()
    ]


async def forecast_command(settings: Settings, role: Role, text: str) -> None:
    language = detect_language(text) if text.strip() else "en"
    if not role.is_staff:
        await cl.Message(content=REFUSED[language]).send()
        return
    try:
        view = await asyncio.to_thread(build_view, settings)
    except OrdersMissingError as error:
        await cl.Message(content=f"Forecast: {error}").send()
        return
    brief = brief_for(view, text or "which will run short?", language)
    await cl.Message(content=brief.text).send()
