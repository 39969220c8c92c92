"""A customer asking about returns is not turned away where the shop's policies accept them."""

from __future__ import annotations

import pytest

from agent.consult.denials import refused_returns
from agent.consult.records import Record

RETURNS: Record = {
    "id": "returns.md#1",
    "kind": "policy",
    "title": "Returns > Return window",
    "text": "Unopened packaged products can be returned within 7 days of delivery for a full refund. "
    "Fresh fruit, vegetables, dairy and meat cannot be returned.",
}
NO_RETURNS_WORD: Record = {
    "id": "delivery.md#1",
    "kind": "policy",
    "title": "Delivery",
    "text": "We deliver in 2 days.",
}


@pytest.mark.parametrize(
    ("question", "answer", "refused"),
    [
        ("可以退货吗？", "不可以。", True),  # the 0.5B, to a shop that accepts returns
        ("Can I return it if I don't like it?", "No, you cannot.", True),
        ("Can I return the coffee?", "Unfortunately we don't accept returns.", True),
        ("我能退款吗？", "抱歉，我们不支持退货。", True),
        ("Can I return it?", "Yes: unopened products within 7 days of delivery.", False),
        ("Can I return it?", "No problem: unopened products can be returned within 7 days.", False),
        ("Do you have coffee?", "No, we have no coffee.", False),  # not a question about returns
    ],
)
def test_a_refusal_of_returns_the_policies_accept_is_named(question: str, answer: str, refused: bool) -> None:
    found = refused_returns(answer, question, [RETURNS])
    assert [v.kind for v in found] == (["returns"] if refused else [])


def test_a_shop_whose_policies_accept_no_returns_may_refuse_them() -> None:
    assert refused_returns("不可以。", "可以退货吗？", [NO_RETURNS_WORD]) == []
    assert refused_returns("No, you cannot.", "Can I return it?", []) == []
