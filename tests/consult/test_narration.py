"""The model's talk about its prompt is taken out of a customer's answer; the rest stays."""

from __future__ import annotations

from agent.consult.narration import narrates, without_narration

# Said by the 0.5B on BigBasket, asked "I'm looking for green tea under ₹200".
NARRATED = """Based on the facts provided, here are the best matching products for ₹200:

1. Green Tea - Tulsi (Good Morning) — ₹175.00 (list price ₹350.00)
  - 25 tea bags

The customer has a budget of ₹200, so they are looking for green tea under ₹200. Would you like details?"""


def test_the_opening_about_the_facts_and_the_customer_in_the_third_person_go() -> None:
    assert without_narration(NARRATED) == (
        "Here are the best matching products for ₹200:\n\n"
        "1. Green Tea - Tulsi (Good Morning) — ₹175.00 (list price ₹350.00)\n  - 25 tea bags\n\n"
        "Would you like details?"
    )
    assert without_narration("根据提供的信息，这款绿茶售价₹175.00。客户的预算是₹200。需要详细信息吗？") == (
        "这款绿茶售价₹175.00。需要详细信息吗？"
    )


def test_an_answer_spoken_to_the_customer_is_left_as_it_is() -> None:
    plain = "Our customer service team answers within a day. The Green Tea - Tulsi costs ₹175.00 [175]."
    assert not narrates(plain) and without_narration(plain) == plain
    assert not narrates("您的预算是₹200，这款绿茶售价₹175.00。如有问题请联系客服。")
