"""A listing the shop's export marks as not for sale is never offered, priced or ordered: a customer
who names it is told it is not available, with the nearest products that are."""

from __future__ import annotations

from agent.consult.builder import open_consultant
from agent.llm.factory import ChatModelChoice
from agent.llm.fake import ScriptedChatModel
from tests.consult.conftest import DepsFor

BEDDING = """商品编号,商品名称,分类,价格,币种,库存,上架状态
Q-1,暖冬 蚕丝被 200x230,床上用品,599,CNY,8,上架
Q-2,暖冬 羽绒被 220x240,床上用品,899,CNY,5,已下架
Q-3,安睡 冬季加厚棉被 200x230,床上用品,299,CNY,12,上架
Q-4,安睡 记忆棉枕头,床上用品,99,CNY,30,上架
"""


async def test_a_delisted_product_is_never_found_priced_or_ordered(deps_for: DepsFor) -> None:
    deps = deps_for(BEDDING)
    assert "Q-2" not in [h.meta["id"] for h in deps.retriever.search("羽绒被", k=4)]
    model = ScriptedChatModel()
    async with open_consultant(deps.settings, deps, ChatModelChoice("fake", model, False)) as consultant:
        asked = await consultant.answer("t-down", "暖冬 羽绒被 220x240 多少钱？")
        ordered = await consultant.answer("t-order", "我要买两条 暖冬 羽绒被 220x240，电话 13800138000")
    assert "不在售" in asked.answer and "899" not in asked.answer
    assert "Q-2" not in {r["id"] for r in asked.records} and {r["id"] for r in asked.records} & {"Q-1", "Q-3"}
    assert not ordered.actions and "不在售" in ordered.answer  # no order request for it
    assert not model.calls  # decided in code


async def test_staff_can_still_look_a_delisted_product_up(deps_for: DepsFor) -> None:
    deps = deps_for(BEDDING)
    assert "Q-2" in deps.retriever.by_id and not deps.retriever.for_sale("Q-2")
    assert deps.retriever.for_sale("Q-1")
