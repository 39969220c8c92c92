"""Haggling, objections and "cheaper ones?" are about the product under discussion: it stays, and
only "cheaper ones?" adds others, of its kind and for less."""

from __future__ import annotations

import pytest

from agent.consult.planner import IncomingMessage, plan_reply
from agent.consult.state import Role
from agent.retrieval.hybrid import HybridRetriever


@pytest.mark.parametrize(
    ("message", "alternatives"),
    [
        ("That's too expensive", False),  # the product stays, no switch the customer did not ask for
        ("这个太贵了", False),
        ("Do you have cheaper ones?", True),
        ("有没有更便宜的？", True),
    ],
)
def test_an_objection_is_about_the_product_under_discussion(
    retriever: HybridRetriever, message: str, alternatives: bool
) -> None:
    state = {"recommended": ["AUD-001", "AUD-002"], "focus": ["AUD-001"]}  # Nimbus Quiet 700, $349
    incoming = IncomingMessage(message, "t-objection", Role.CUSTOMER, "objection", 0.9, state)
    plan = plan_reply(incoming, retriever, "Shop", 4)
    shown = [r for r in plan.records if r["kind"] == "product"]
    assert shown[0]["id"] == "AUD-001"
    others = shown[1:]
    assert bool(others) is alternatives
    assert all(r["category"] == "Headphones" and r["price"] < 349 for r in others), others
    if alternatives:  # products asked for: no shipping or contact passage beside them
        assert all(r["kind"] == "product" for r in plan.records), plan.records
