"""End to end with the embedded local model (no fakes): a short consultation, EN then ZH."""

from __future__ import annotations

import re

import pytest

from agent.llm.factory import make_chat_model
from agent.settings import Settings
from tests.consult.conftest import OpenConsultant

pytestmark = pytest.mark.slow


async def test_embedded_model_holds_a_grounded_consultation(
    open_with: OpenConsultant, settings: Settings
) -> None:
    choice = make_chat_model("embedded", settings)
    assert not choice.calls_tools
    streamed: list[str] = []

    async def collect(token: str) -> None:
        streamed.append(token)

    async with open_with(choice.model, calls_tools=False) as consultant:
        first = await consultant.answer(
            "e2e", "I need a light laptop for university under $1000", on_token=collect
        )
        second = await consultant.answer("e2e", "第一款笔记本的保修期是多久？")
    assert streamed, "tokens stream from the local model inside the async agent"
    assert first.intent == "product_recommendation" and first.ending != "llm_error"
    products = [r for r in first.records if r["kind"] == "product"]
    assert products and all(r["price"] <= 1000 for r in products)
    assert any(c in first.citations for c in (r["id"] for r in products))
    assert second.ending != "llm_error" and re.search(r"[\u4e00-\u9fff]", second.answer)
