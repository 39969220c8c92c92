"""A customer asking for a kind of product that no catalog word names (in Chinese on an English
catalog: that no translated word names) is told so, with the shop's categories, instead of being
shown whatever the search found nearest."""

from __future__ import annotations

import pytest

from agent.consult.builder import open_consultant
from agent.consult.conversation import Conversation
from agent.consult.deps import ConsultDeps
from agent.consult.planner import IncomingMessage, plan_turn
from agent.consult.session import Exchange
from agent.consult.state import Role
from agent.llm.factory import ChatModelChoice
from agent.llm.fake import ScriptedChatModel
from agent.retrieval.hybrid import HybridRetriever
from agent.understand.parse import RequestParser
from tests.consult.conftest import DepsFor

GROCER = """id,name,category,price,currency
13303,Face Wash,Beauty,340,INR
4410,Mix Fruit Face Wash,Beauty,65,INR
77,Neem Face Wash,Beauty,99,INR
901,Green Tea,Beverages,130,INR
902,Green Tea Bags,Beverages,150,INR
903,Masala Tea,Beverages,90,INR
"""


async def _consult(deps: ConsultDeps, *messages: str) -> list[Exchange]:
    choice = ChatModelChoice("fake", ScriptedChatModel(), False)
    async with open_consultant(deps.settings, deps, choice) as agent:
        return [await agent.answer("t-unmatched", message) for message in messages]


async def test_a_product_the_catalog_has_no_word_for_is_not_answered_with_guesses(deps_for: DepsFor) -> None:
    deps = deps_for(GROCER)
    asked, taken = await _consult(deps, "有自行车吗？", "我要第一个，邮箱是 asha@example.com")
    assert [r for r in asked.records if r["kind"] == "product"] == []
    assert asked.answer.startswith("抱歉，我没能在我们的商品目录中找到")
    assert "英文名称" in asked.answer and "Beauty、Beverages" in asked.answer  # an English-only catalog
    assert deps.ledger.leads() == []  # "the first one" of nothing orders nothing
    assert "Face Wash" not in taken.answer and "Green Tea" not in taken.answer


async def test_a_product_the_dictionary_finds_in_the_catalog_is_still_shown(deps_for: DepsFor) -> None:
    [result] = await _consult(deps_for(GROCER), "有绿茶吗？")
    shown = [r["name"] for r in result.records if r["kind"] == "product"]
    assert shown and all("Green Tea" in name for name in shown[:2]), shown
    assert "没能" not in result.answer


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("Do you sell bicycles?", False),
        ("I'm looking for a lawn mower under $300", False),
        ("Do you have hedphones?", True),  # a typo still names them
        ("I need laptops for my team", True),
        ("有自行车吗？", False),  # no Chinese name has 自行 or 行车 either
        ("有降噪耳机吗？", True),
    ],
)
def test_a_request_is_searched_only_when_the_catalog_has_a_word_for_it(
    retriever: HybridRetriever, parser: RequestParser, message: str, found: bool
) -> None:
    incoming = IncomingMessage(message, "t-ask", Role.CUSTOMER, parser.parse(message), Conversation())
    plan = plan_turn(incoming, retriever, "Shop", 4)
    shown = [r for r in plan.records if r["kind"] == "product"]
    assert bool(shown) is found, shown
    if not found:
        assert plan.reply is not None and "Laptops" in plan.reply
        assert plan.reply.startswith(("Sorry, I could not find that in our catalog.", "抱歉，我没能"))
        # The sample store names some products in Chinese: no "tell me its English name".
        assert "English name" not in plan.reply and "英文名称" not in plan.reply
