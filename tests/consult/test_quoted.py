"""A product name the customer quotes is read as a name: its numbers are no quantity, its words no
request ("Nimbus Quiet 700", "Voltix Phone 15 Max", "Kestrel Scout 14")."""

from __future__ import annotations

import pytest

from agent.consult.deps import ConsultDeps
from agent.consult.quoted import without_quoted_names
from agent.llm.fake import ScriptedChatModel
from tests.consult.test_agent import _pipeline

EMAIL = "quoted@example.com"


@pytest.mark.parametrize(
    "question",
    [
        "Is the Nimbus Quiet 700 good for long flights?",
        "Nimbus Quiet 700 适合坐飞机用吗？",
        "Voltix Phone 15 Max 的电池能用多久？",
        "Would the Kestrel Scout 14 fit in a small backpack?",
    ],
)
async def test_a_question_quoting_a_name_with_numbers_orders_nothing(
    deps: ConsultDeps, question: str
) -> None:
    thread = f"q-{abs(hash(question))}"
    async with _pipeline(deps, ScriptedChatModel()) as consultant:
        result = await consultant.answer(thread, f"{question} {EMAIL}")
    assert "order" not in result.outcome.acts, result.outcome.acts
    assert deps.ledger.leads(thread) == []


@pytest.mark.parametrize(
    ("message", "quantity"),
    [
        (f"I'll take 2 Kestrel Scout 14, my email is {EMAIL}", 2),
        (f"Kestrel Scout 14 我要三个，邮箱 {EMAIL}", 3),
        (f"Please order the Nimbus Quiet 700 for me, {EMAIL}", 1),
    ],
)
async def test_an_order_quoting_a_name_gets_the_stated_quantity(
    deps: ConsultDeps, message: str, quantity: int
) -> None:
    thread = f"o-{abs(hash(message))}"
    async with _pipeline(deps, ScriptedChatModel()) as consultant:
        await consultant.answer(thread, message)
    [lead] = deps.ledger.leads(thread)
    assert lead["items"][0]["quantity"] == quantity


def test_a_name_that_is_a_kind_of_product_stays_a_need() -> None:
    names = {"green tea": "1", "organic green tea bags": "2"}
    text, quoted = without_quoted_names("Any green tea under 200?", names, kinds={"green tea"})
    assert text == "Any green tea under 200?" and quoted == []
    text, quoted = without_quoted_names(
        "Is the Organic Green Tea Bags caffeine free?", names, kinds={"green tea"}
    )
    assert quoted == ["Organic Green Tea Bags"] and "Organic" not in text
