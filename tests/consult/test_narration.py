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


def test_talk_about_the_facts_inside_or_after_a_first_sentence_goes_too() -> None:
    # Said by the 0.5B on BigBasket, two conversations at once (2026-12-07).
    said = {
        "You're looking for ghee under ₹331. Based on the facts provided, I recommend these:": (
            "You're looking for ghee under ₹331. I recommend these:"
        ),
        "The best matching honey from the facts is:": "The best matching honey is:",
        "No, there are no cheaper dark chocolates in the records.": "No, there are no cheaper dark chocolates.",
        "The facts state that Keratin Smooth Shampoo (TRESemme) costs ₹65.00.": (
            "Keratin Smooth Shampoo (TRESemme) costs ₹65.00."
        ),
        "Great! Based on the information provided in the facts, oats under ₹206 are:": (
            "Great! Oats under ₹206 are:"
        ),
        "根据上面的 facts，洗面奶的价格是₹63.25。": "洗面奶的价格是₹63.25。",
    }
    for narrated, mended in said.items():
        assert narrates(narrated) and without_narration(narrated) == mended, narrated
    # The same words about something else stay.
    assert not narrates("It plays vinyl from the records shop next door.")
