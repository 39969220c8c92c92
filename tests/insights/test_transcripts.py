"""Which customer messages the report counts as not answered, read from the stored replies."""

from __future__ import annotations

from typing import Any

from agent.insights.transcripts import pair_exchanges
from agent.prompts import load_localized

NOW = "2026-12-06T10:00:00.000Z"


def _exchange(question: str, answer: str) -> tuple[str, ...]:
    steps: list[dict[str, Any]] = [
        {"type": "user_message", "thread": "t1", "output": question, "created_at": NOW},
        {"type": "assistant_message", "thread": "t1", "output": answer, "created_at": NOW, "vote": None},
    ]
    turns = [{"thread_id": "t1", "created_at": NOW, "intent": "product_recommendation"}]
    [exchange] = pair_exchanges(steps, turns, [])
    return exchange.reasons


def test_a_product_the_catalog_has_no_word_for_is_an_unmet_need() -> None:
    reply = load_localized("reply_not_in_catalog", "zh", ask="", categories="Beauty、Beverages")
    assert _exchange("有自行车吗？", reply) == ("not_in_catalog",)
    assert _exchange("有绿茶吗？", "Green Tea ₹130.00 [901]") == ()
