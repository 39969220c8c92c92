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


@pytest.mark.parametrize(
    ("message", "language", "marks"),
    [
        ("Write a follow-up email to Marcus Chen about LAP-001 for his studies.", "en",
         ["Subject:", "Dear Marcus Chen,", "Best regards,"]),
        ("给刘女士写封跟进邮件，她上周来店里看了 LAP-001", "zh", ["主题：", "刘女士，您好：", "祝好！"]),
        ("Mrs. Iyer liked LAP-001 but found it pricey. Write me a call script.", "en",
         ["**Opening**", "Hello Mrs. Iyer", "**Discovery questions**", "**Objections and answers**", "$899", "**Close**"]),
        ("王总觉得 LAP-001 太贵了，帮我写段应对话术", "zh", ["**开场白**", "王总您好", "**异议与应对**", "$899", "**促成成交**"]),
        ("Quick chat reply for a customer asking if LAP-001 is good for travel", "en", ["?"]),
        ("帮我写个产品推荐文案，推 LAP-001 给大学生", "zh", ["Voltix AirBook 13"]),
        ("One-page training brief for the team on selling LAP-001", "en", ["**Products**", "**Key facts**", "$899"]),
    ],
)  # fmt: skip
async def test_code_gives_each_draft_its_shape_whatever_the_model_wrote(
    open_with: OpenConsultant, message: str, language: str, marks: list[str]
) -> None:
    """A small model forgets the shape: the greeting, parts, headings and the facts in them are code's."""
    model = ScriptedChatModel(script=["The [[p1]] is a light laptop for travel and study."])
    async with open_with(model, calls_tools=False) as consultant:
        result = await consultant.answer(f"shape-{abs(hash(message))}", message, Role.SALESPERSON)
    body = draft_body(result.answer, result.outcome.language)
    assert result.outcome.draft and result.outcome.language == language
    for mark in marks:
        assert mark in body, (mark, body)
    if result.outcome.draft == "chat reply":
        assert body.rstrip().endswith(("?", "？")) and len(body) <= 600
    if result.outcome.draft == "product pitch":
        assert 2 <= body.count(".") + body.count("。") <= 8
