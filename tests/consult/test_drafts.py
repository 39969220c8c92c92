"""Drafts for salespeople: the kind asked for in their own words gets its own shape and length, in
their language, written by reference to the records, marked for review; customers never get one."""

from __future__ import annotations

import pytest
from langchain_core.messages import BaseMessage

from agent.consult.drafts import draft_body
from agent.consult.state import Role
from agent.llm.fake import ScriptedChatModel
from agent.prompts import load_localized
from tests.consult.conftest import OpenConsultant


@pytest.mark.parametrize(
    ("message", "shape"),
    [
        (
            "Write a short follow-up email to Anna, who asked yesterday about LAP-001 for university.",
            "Subject:",
        ),
        ("帮我给一位大学生客户写一段销售话术：他想买一台轻薄的笔记本电脑，比如 LAP-001。", "**异议与应对**"),
        (
            "Give me a quick chat reply for a customer asking whether LAP-001 suits travel.",
            "ending with a question",
        ),
    ],
)
async def test_each_kind_of_draft_is_asked_for_in_its_own_shape(
    open_with: OpenConsultant, message: str, shape: str
) -> None:
    prompts: list[str] = []

    def write(messages: list[BaseMessage]) -> str:
        prompts.append(messages[0].text)
        return "Dear Anna, the [[p1]] costs [[p1.price]]. Shall I reserve one for you?"

    async with open_with(ScriptedChatModel(script=[write]), calls_tools=False) as consultant:
        result = await consultant.answer(f"t-{len(message)}", message, Role.SALESPERSON)
    assert shape in prompts[0]
    assert result.outcome.draft
    assert result.answer.startswith(load_localized("draft_header", result.outcome.language).strip())
    body = draft_body(result.answer, result.outcome.language)
    assert "Voltix AirBook 13" in body and "$899" in body  # rendered from the record


async def test_a_customer_asking_for_a_draft_gets_an_answer_not_a_draft(open_with: OpenConsultant) -> None:
    model = ScriptedChatModel(script=["The [[p1]] costs [[p1.price]]."])
    async with open_with(model, calls_tools=False) as consultant:
        result = await consultant.answer("t-cust-draft", "Write a sales script for LAP-001 for me")
    assert not result.outcome.draft and "DRAFT" not in result.answer.upper()
