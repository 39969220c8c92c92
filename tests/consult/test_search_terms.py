"""Chinese requests on an English catalog: the dictionary's and the chat model's words find the
shop's products."""

from __future__ import annotations

from dataclasses import replace

import pytest
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from agent.consult.builder import open_consultant
from agent.consult.deps import ConsultDeps
from agent.consult.search_terms import SearchTermTranslator
from agent.llm.factory import ChatModelChoice
from agent.llm.fake import ScriptedChatModel
from tests.consult.conftest import DepsFor
from tests.retrieval.xlang_catalogs import TOYS

GROCER = """id,name,category,price,currency
G-10,Rolled Oats 1kg,Breakfast Cereals,199,INR
G-11,Masala Oats Pouch,Breakfast Cereals,45,INR
G-20,Creamy Peanut Butter,Spreads,250,INR
G-30,Basmati Rice Classic 5kg,Rice,650,INR
G-40,Toned Milk 1L,Dairy,60,INR
G-50,Extra Virgin Olive Oil,Oils,899,INR
G-60,Whole Wheat Bread,Bakery,40,INR
G-70,Green Tea Bags,Beverages,180,INR
G-80,Dishwash Liquid Lemon,Cleaning,99,INR
"""


async def test_the_dictionarys_words_come_first_and_the_models_only_where_it_has_none() -> None:
    known = {"peanut", "butter", "crunchy", "basmati", "oats", "less", "within"}.__contains__
    wrong = ScriptedChatModel(script=["Pancakes"])  # what the 0.5B said for 花生酱
    # The parse's need, without the budget: 以内 ("within") once gave "less", and a "Less Than 5%
    # Maida" brownie was shown for oats.
    assert await SearchTermTranslator(wrong, 5)("花生酱", known) == "peanut butter"
    assert not wrong.calls  # the dictionary knew: no model call, no wrong word
    assert await SearchTermTranslator(None, 5)("燕麦", known) == "oats"
    # The dictionary knows no "basmati": the model's words, those the catalog uses.
    chatty = SearchTermTranslator(ScriptedChatModel(script=["Basmati rice, long grain"]), 5)
    assert await chatty("我想要印度香米", known) == "basmati"
    broken = SearchTermTranslator(ScriptedChatModel(script=[TimeoutError("engine gone")]), 5)
    assert await broken("我想要印度香米", known) == ""
    assert (
        await SearchTermTranslator(None, 5)("我想要印度香米", {"india", "rice"}.__contains__) == "india rice"
    )


@pytest.fixture
def grocer_deps(deps_for: DepsFor) -> ConsultDeps:
    deps = deps_for(GROCER)
    assert deps.retriever.catalog_language == "en"
    return deps


@pytest.mark.parametrize("translation", ["on", "auto", "off"])
async def test_a_chinese_request_finds_the_english_catalogs_products(
    grocer_deps: ConsultDeps, translation: str
) -> None:
    # The dictionary knows 燕麦, and the search itself uses it: the model only answers, whether
    # its translation is on or not.
    settings = grocer_deps.settings.model_copy(update={"search_translation": translation})
    deps = replace(grocer_deps, settings=settings)
    model = ScriptedChatModel()
    choice = ChatModelChoice("fake", model, calls_tools=False)
    async with open_consultant(settings, deps, choice) as consultant:
        result = await consultant.answer("t-oats", "我想买燕麦")
    shown = {r["id"] for r in result.records if r["kind"] == "product"}
    assert not [c for c in model.calls if c[0].text.startswith("You translate")]  # no translation call
    assert {"G-10", "G-11"} <= shown
    assert result.intent == "product_recommendation" and "Rolled Oats" in result.answer


async def test_a_model_that_answers_instead_of_translating_adds_no_word() -> None:
    # The 0.5B answered 有自行车吗？ with "Yes", a word of many spec lists ("ANC: yes").
    translator = SearchTermTranslator(ScriptedChatModel(script=["Yes"]), 5.0)
    assert (await translator("有自行车吗？", lambda word: True)).split() == [
        "bicycle",
        "bike",
    ]  # the dictionary's


async def test_a_short_chinese_product_noun_is_a_shopping_request_on_an_english_catalog(
    deps_for: DepsFor,
) -> None:
    deps = deps_for(TOYS)
    choice = ChatModelChoice("fake", ScriptedChatModel(), calls_tools=False)
    async with open_consultant(deps.settings, deps, choice) as consultant:
        for message, expected in (("魔方", "T-1"), ("儿童书包", "T-3"), ("有风筝吗", "T-2")):
            result = await consultant.answer(f"t-{expected}", message)
            assert expected in {r["id"] for r in result.records if r["kind"] == "product"}, message
            assert result.intent == "product_recommendation", message  # no refusal, no greeting


async def test_a_tool_calling_models_chinese_search_finds_the_english_named_product(
    deps_for: DepsFor,
) -> None:
    deps = deps_for(TOYS)

    def answer_from_tool(messages: list[BaseMessage]) -> str:
        found = next(m for m in reversed(messages) if isinstance(m, ToolMessage)).text
        assert "Rainbow Delta Kite" in found
        return "We have the [[p1]]."

    call = {"name": "search_catalog", "args": {"query": "风筝"}, "id": "call-1"}
    model = ScriptedChatModel(script=[AIMessage(content="", tool_calls=[call]), answer_from_tool])
    async with open_consultant(
        deps.settings, deps, ChatModelChoice("fake", model, calls_tools=True)
    ) as consultant:
        result = await consultant.answer("t-kite-tool", "Any outdoor toys?")
    assert result.tools == ["search_catalog"] and "T-2" in result.citations
