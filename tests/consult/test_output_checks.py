"""The form of an answer: the customer's language, no prompt or tool markup, no degenerate loops."""

from __future__ import annotations

import pytest

from agent.consult.output_checks import (
    check_language,
    check_markup,
    check_repetition,
    echoes_message,
    english_for_good,
    repeats_previous,
)


@pytest.mark.parametrize(
    "answer",
    [
        '<tools> {"type": "function", "function": {"name": "recommend"}}',
        "Here are the facts: <facts>[LAP-001] Voltix AirBook 13</facts>",
        "Sure!<|im_end|>",
        '{"name": "policy_lookup", "arguments": {"topic": "returns"}}',
        "Here is the code:\n```python\nprint(1)",
    ],
)
def test_prompt_and_tool_markup_is_a_violation(answer: str) -> None:
    assert [v.kind for v in check_markup(answer)] == ["markup"]


def test_plain_markdown_is_fine() -> None:
    assert check_markup("**Voltix AirBook 13** — $899.00 [LAP-001]\n- light\n- quiet") == []


def test_one_phrase_repeated_is_degenerate_a_product_list_is_not() -> None:
    loop = "I am sorry for the inconvenience. " * 20
    assert [v.kind for v in check_repetition(loop)] == ["repetition"]
    listing = "\n".join(f"- **Green Tea {n}** — ₹{100 + n}.00, stock unknown [{n}]" for n in range(5))
    assert check_repetition(listing) == []


def test_a_spec_sentence_the_facts_hold_for_each_product_is_not_a_loop() -> None:
    # Three BigBasket face washes, each "Specs: Type: Face Care." in its fact line.
    lines = [f"[{n}] Face Wash {n} — ₹{90 + n}.00, stock unknown. Specs: Type: Face Care." for n in range(3)]
    assert check_repetition("\n".join(lines), facts_text="\n".join(lines)) == []
    assert [v.kind for v in check_repetition("\n".join(lines))] == ["repetition"]
    looped = "\n".join(lines) + " Specs: Type: Face Care." * 3
    assert [v.kind for v in check_repetition(looped, facts_text="\n".join(lines))] == ["repetition"]


PREVIOUS = (
    "The Green Tea - Tulsi by Organic India costs ₹175.00 [175]. "
    "It comes in a pack of 25 tea bags. It is a good choice for a calm evening."
)


def test_the_previous_answer_said_again_is_a_violation() -> None:
    # Asked "How heavy is it?", the 0.5B copied its last answer and added one line.
    again = PREVIOUS.replace("[175]. ", "[175].\n") + " The weight is not listed."
    assert [v.kind for v in repeats_previous(again, PREVIOUS)] == ["repeated"]
    assert [
        v.kind
        for v in repeats_previous(
            "好的。" + "这款绿茶售价₹175.00。适合晚上喝的一款茶。",
            "这款绿茶售价₹175.00。适合晚上喝的一款茶。",
        )
    ] == ["repeated"]


def test_one_sentence_said_again_or_a_new_answer_is_not_a_copy() -> None:
    # "What was the price again?" is rightly answered with the sentence that said it.
    assert repeats_previous("The Green Tea - Tulsi by Organic India costs ₹175.00 [175].", PREVIOUS) == []
    new = (
        "The Green Tea - Tulsi by Organic India costs ₹175.00 [175]. Its weight is not listed, "
        "but the pack holds 25 tea bags of 2 g each, so about 50 g of tea in all."
    )
    assert repeats_previous(new, PREVIOUS) == []
    assert repeats_previous(PREVIOUS, "") == []


def test_this_turns_fact_lines_said_again_are_an_answer_not_a_copy() -> None:
    # "Tell me more about the second one" after a comparison: the second product's line again.
    second = (
        "[LAP-004] Kestrel Scout 14 — $549.00, in stock (25). Specs: CPU: Core i5; RAM: 8 GB; "
        "Battery: 10 h. Affordable everyday laptop for homework and office work."
    )
    compared = "[LAP-001] Voltix AirBook 13 — $899.00, in stock (14). Specs: RAM: 16 GB.\n" + second
    assert repeats_previous(second, compared, facts_text=second) == []
    assert [v.kind for v in repeats_previous(second, compared)] == ["repeated"]


def test_language_ignores_names_and_flags_the_wrong_language() -> None:
    names = ["Masala Oats - Chinese"]
    assert check_language("推荐 Masala Oats - Chinese，价格₹18.00，很适合早餐。", "zh", names) == []
    assert [v.kind for v in check_language("The Masala Oats - Chinese costs ₹18.", "zh", names)] == [
        "language"
    ]
    assert [v.kind for v in check_language("这款燕麦很适合早餐，价格实惠。", "en", names)] == ["language"]
    assert check_language("₹18.00", "zh", names) == []  # an amount alone is in no language
    # A catalog line alone gives a Chinese customer not one word of Chinese (the 0.5B's whole
    # answer to 第二个怎么样？ on an English catalog).
    assert [v.kind for v in check_language("Masala Oats - Chinese ₹18.00", "zh", names)] == ["language"]
    assert check_language("Masala Oats - Chinese ₹18.00，适合早餐。", "zh", names) == []


def test_a_chinese_description_inside_an_english_answer_is_the_wrong_language() -> None:
    name = "华光 轻薄本 Air 14"
    english = f"The {name} costs $699.00: Ryzen 5, 16 GB RAM and a 14-hour battery, light enough for travel."
    assert check_language(english, "en", [name]) == []  # a Chinese name stays as the catalog writes it
    pasted = f"{english} 轻薄办公笔记本，仅重 1.1 公斤，适合学生和商务出差。"
    assert [v.kind for v in check_language(pasted, "en", [name])] == ["language"]


def test_a_quoted_policy_counts_only_beside_words_in_the_customers_language() -> None:
    title, passage = "Returns > Return window", "Unopened products can be returned within 7 days."
    quoted = f"[returns.md#0] {title}: {passage}"
    assert [v.kind for v in check_language(quoted, "zh", [title], [passage])] == ["language"]
    assert check_language(f"可以退货：{passage}", "zh", [title], [passage]) == []
    chinese = "自签收之日起 30 天内可无理由退货。"
    assert check_language(f"[售后.md#1] 退换货: {chinese}", "zh", ["退换货"], [chinese]) == []


def test_the_customers_question_said_back_is_a_copy() -> None:
    # The 0.5B's whole answer to "第一个多少钱？包邮吗？".
    assert [v.kind for v in echoes_message("第一个多少钱？包邮吗？", "第一个多少钱？包邮吗？")] == [
        "repeated"
    ]
    assert [v.kind for v in echoes_message("How much is the first one?", "how much is the FIRST one")] == [
        "repeated"
    ]
    assert echoes_message("The first one is ₹130.00.", "How much is the first one?") == []
    assert echoes_message("Yes.", "Yes, is it in stock?") == []  # too short to be a copy
    # A prefix restating part of the need is no copy yet; most of the message said back is.
    assert echoes_message("降噪耳机，预算200美元。", "我想要一副降噪耳机，预算200美元", share=0.8) == []


@pytest.mark.parametrize(
    ("streamed", "for_good"),
    [
        ("The Nimbus Quiet 700 is a great choice for your daily commute on the train.", True),
        ("Nimbus Quiet 700 — $349.00\n", False),  # a product line may open a Chinese answer
        ("Nimbus Quiet 700 — $349.00\n这款耳机有自适应降噪，适合在火车上通勤使用。", False),
        ("Yes, we have it.", False),  # too short to tell
    ],
)
def test_an_answer_to_a_chinese_customer_is_english_for_good_after_a_sentence_of_it(
    streamed: str, for_good: bool
) -> None:
    assert english_for_good(streamed, ["Nimbus Quiet 700"]) is for_good
