"""An answer that is grounded but does not answer: no product named, a false "we don't have it",
no price for a price question, a comparison with one price."""

from __future__ import annotations

import pytest

from agent.consult.helpfulness import check_helpful
from agent.consult.planner import PRODUCT_INTENTS
from agent.consult.records import Record
from agent.consult.requests import asks_price

TEA: list[Record] = [
    {"id": "10034", "kind": "product", "name": "Green Tea", "price": 130.0, "currency": "INR"},
    {"id": "20871", "kind": "product", "name": "Green Tea Bags", "price": 141.55, "currency": "INR"},
]


@pytest.mark.parametrize(
    ("answer", "intent", "unhelpful"),
    [
        ("No, I do not have green tea.", "product_recommendation", True),  # the search found two
        ("很抱歉，我们没有绿茶 Green Tea。", "product_recommendation", True),
        ("Yes: Green Tea at ₹130.00 and Green Tea Bags at ₹141.55.", "product_recommendation", False),
        ("Recommend the Green Tea Bags.", "product_recommendation", True),  # what does it cost?
        ("The first one is Green Tea.", "price_inquiry", True),  # asked the price, got a name
        ("The first one is Green Tea, ₹130.00.", "price_inquiry", False),
        ("Green Tea Bags cost more than Green Tea.", "comparison", True),
    ],
)
def test_a_refusal_or_a_missing_price_is_unhelpful(answer: str, intent: str, unhelpful: bool) -> None:
    found = check_helpful(answer, intent, TEA, PRODUCT_INTENTS)
    assert bool(found) is unhelpful and all(v.kind == "unhelpful" for v in found), found


def test_a_forecast_answer_is_not_held_to_the_price_question_rule() -> None:
    # "How many Green Tea will we sell?" may be labelled a price question; its answer is the forecast.
    forecast: Record = {"id": "forecast", "kind": "forecast", "text": "Green Tea [10034]: 49 units"}
    answer = "We expect to sell about 49 Green Tea."
    assert check_helpful(answer, "price_inquiry", TEA, PRODUCT_INTENTS)
    assert not check_helpful(answer, "price_inquiry", [*TEA, forecast], PRODUCT_INTENTS)


def test_a_policy_question_the_answer_leaves_out_is_unhelpful() -> None:
    # "How much is the first one, and does it ship for free?" with the shipping passage found.
    asked = ["shipping"]
    silent = check_helpful("Green Tea is ₹130.00.", "price_inquiry", TEA, PRODUCT_INTENTS, asked)
    assert [v.kind for v in silent] == ["unhelpful"] and "shipping" in silent[0].detail
    both = "Green Tea is ₹130.00; delivery is free from ₹500."
    assert check_helpful(both, "price_inquiry", TEA, PRODUCT_INTENTS, asked) == []
    cheaper = "Green Tea (₹130.00) is cheaper than Green Tea Bags (₹141.55)."
    assert check_helpful(cheaper, "comparison", TEA, PRODUCT_INTENTS, ["discount"]) == []


def test_haggling_answered_with_the_price_alone_leaves_the_discount_question_open() -> None:
    # "能便宜点吗？": the price again, as small models copy their last answer, says nothing of discounts.
    policy: Record = {
        "id": "d.md#1",
        "kind": "faq",
        "title": "Welcome discount",
        "text": "10% off your first order.",
    }
    facts = [*TEA, policy]
    price_again = check_helpful(
        "Green Tea is ₹130.00.", "price_inquiry", facts, PRODUCT_INTENTS, ["discount"]
    )
    assert [v.kind for v in price_again] == ["unhelpful"] and "discount" in price_again[0].detail
    honest = "Green Tea is ₹130.00; new customers get 10% off their first order."
    assert check_helpful(honest, "price_inquiry", facts, PRODUCT_INTENTS, ["discount"]) == []


RETURNS: Record = {
    "id": "returns.md#0",
    "kind": "faq",
    "title": "Returns > Return window",
    "text": "Unopened packaged products can be returned within 7 days of delivery for a full refund.",
}


@pytest.mark.parametrize(
    ("answer", "unhelpful"),
    [
        ("不可以。", True),  # "can I return it?" - "No.": what the policy says is left out
        ("可以，未开封的商品签收后 7 天内可以退货。", False),
        ("Unopened packs can be sent back within 7 days.", False),  # the passage's figure
        ("Yes, see Returns > Return window.", False),
    ],
)
def test_a_policy_answer_must_say_what_the_passage_found_says(answer: str, unhelpful: bool) -> None:
    found = check_helpful(answer, "after_sales", [RETURNS], PRODUCT_INTENTS, ["returns"])
    assert bool(found) is unhelpful, found


def test_a_spec_question_answered_without_the_value_is_unhelpful() -> None:
    quiet: Record = {
        "id": "h-77",
        "kind": "product",
        "name": "Quiet 700",
        "price": 349.0,
        "specs": "Weight: 250 g",
    }
    asked = ["Weight"]
    assert check_helpful("The Quiet 700 is $349.00.", "product_question", [quiet], PRODUCT_INTENTS, (), asked)
    assert not check_helpful(
        "The Quiet 700 weighs 250 g.", "product_question", [quiet], PRODUCT_INTENTS, (), asked
    )


@pytest.mark.parametrize(
    ("message", "answer", "unhelpful"),
    [
        # Labelled shipping by the classifier; the price was asked all the same.
        (
            "How much is the first one, and does it ship for free?",
            "The first one does not ship for free.",
            True,
        ),
        (
            "How much is the first one, and does it ship for free?",
            "Green Tea is ₹130.00; shipping is ₹40.",
            False,
        ),
        ("第一个多少钱？包邮吗？", "第一个不包邮。", True),
        ("Does it ship for free?", "It does not ship for free.", False),  # no price was asked
    ],
)
def test_a_price_asked_beside_another_question_must_be_given(
    message: str, answer: str, unhelpful: bool
) -> None:
    found = check_helpful(answer, "shipping", TEA, PRODUCT_INTENTS, asks_price=asks_price(message))
    assert bool(found) == unhelpful, found
