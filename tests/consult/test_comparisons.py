"""Which of two products is cheaper, or that they cost the same, must be what the catalog says;
no amount need be stated for the comparison to be wrong."""

from __future__ import annotations

import pytest

from agent.consult.comparisons import false_comparisons
from agent.consult.product_mentions import Catalog
from agent.consult.records import CitedAnswer, Record
from agent.consult.validator import check_answer

PRODUCTS: list[Record] = [
    {"id": "LAP-002", "kind": "product", "name": "Kestrel Scout 14", "price": 549.0, "currency": "USD"},
    {"id": "LAP-001", "kind": "product", "name": "Voltix AirBook 13", "price": 899.0, "currency": "USD"},
    {"id": "40011", "kind": "product", "name": "Green Tea - Tulsi", "price": 175.0, "currency": "INR"},
    {"id": "40012", "kind": "product", "name": "Green Tea - Lemon Grass", "price": 175.0, "currency": "INR"},
]


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        ("The Kestrel Scout 14 is cheaper than the Voltix AirBook 13.", False),
        ("The Voltix AirBook 13 is cheaper than the Kestrel Scout 14.", True),
        ("The Voltix AirBook 13 [LAP-001] costs more than the Kestrel Scout 14 [LAP-002].", False),
        ("[LAP-002] is more expensive than [LAP-001], but lighter.", True),
        ("Kestrel Scout 14 is the more affordable choice next to the Voltix AirBook 13.", False),
        ("Voltix AirBook 13 is the lower-priced one of the two, Kestrel Scout 14 is heavier.", True),
        ("The Kestrel Scout 14 and the Voltix AirBook 13 cost the same.", True),
        ("Green Tea - Tulsi and Green Tea - Lemon Grass are the same price.", False),
        ("Green Tea - Tulsi is cheaper than Green Tea - Lemon Grass.", True),
        ("Voltix AirBook 13 比 Kestrel Scout 14 便宜。", True),
        ("Kestrel Scout 14 比 Voltix AirBook 13 便宜，适合预算有限的客户。", False),
        ("Voltix AirBook 13 比 Kestrel Scout 14 贵一些，但屏幕更好。", False),
        ("Kestrel Scout 14 和 Voltix AirBook 13 价格一样。", True),
        ("Green Tea - Tulsi 和 Green Tea - Lemon Grass 价格相同。", False),
        # A denied comparison, a list and a single product state nothing to check here.
        ("The Voltix AirBook 13 is not cheaper than the Kestrel Scout 14.", False),
        ("The Kestrel Scout 14 is cheaper than most laptops.", False),
        ("Kestrel Scout 14 is $549.00 and Voltix AirBook 13 is $899.00; both ship tomorrow.", False),
    ],
)
def test_a_comparison_agrees_with_the_catalog_prices(answer: str, wrong: bool) -> None:
    assert bool(false_comparisons(CitedAnswer(answer, PRODUCTS))) is wrong
    found = check_answer(answer, PRODUCTS, Catalog.from_records(PRODUCTS))
    assert ("price" in {v.kind for v in found}) is wrong, found


def test_the_violation_names_both_prices() -> None:
    (found,) = false_comparisons(
        CitedAnswer("The Voltix AirBook 13 is cheaper than the Kestrel Scout 14.", PRODUCTS)
    )
    assert "Voltix AirBook 13 costs 899" in found.detail and "Kestrel Scout 14 549" in found.detail


def test_a_product_among_the_records_twice_is_still_compared() -> None:
    # The turn checks against the products shown before and this turn's facts: the same two
    # laptops twice each. Read as four products, the sentence was no pair and passed.
    shown_and_facts = PRODUCTS[:2] + PRODUCTS[:2]
    answer = "The Voltix AirBook 13 is cheaper than the Kestrel Scout 14."
    found = check_answer(answer, shown_and_facts, Catalog.from_records(PRODUCTS))
    assert [v.kind for v in found] == ["price"], found


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        # The list shown: the Kestrel Scout 14 ($549) first, the Voltix AirBook 13 ($899) second.
        ("The second one is cheaper at $899.00 compared to the first one at $549.00.", True),
        ("The first one is cheaper than the second one.", False),
        ("第二个比第一个便宜。", True),
        ("第一个比第二个便宜，只要 $549.00。", False),
        ("The second one is $549.00.", True),  # the first one's price given to the second
        (
            "First, the Kestrel Scout 14 is cheaper than the Voltix AirBook 13.",
            False,
        ),  # "First," is no product
    ],
)
def test_the_first_and_second_one_of_an_answer_are_the_list_the_customer_saw(
    answer: str, wrong: bool
) -> None:
    shown = PRODUCTS[:2]
    found = check_answer(answer, shown, Catalog.from_records(PRODUCTS), listed=shown)
    assert ("price" in {v.kind for v in found}) is wrong, found


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        # The 0.5B's words on the sample store, passed as grounded and shown: "the second laptop"
        # was no product, so the sentence compared nothing.
        (
            "The second laptop is cheaper than the first one. The second laptop costs $899.00, "
            "while the first laptop costs $549.00.",
            True,
        ),
        ("The first laptop is cheaper than the second laptop.", False),
        ("The second notebook is $549.00.", True),  # a word of the category: "Notebooks"
        # A word that names nothing listed is no product: "the first time" is not the first laptop.
        ("The first time you turn it on, the Voltix AirBook 13 costs $899.00.", False),
    ],
)
def test_the_second_laptop_of_an_answer_is_the_second_product_listed(answer: str, wrong: bool) -> None:
    shown = [{**p, "category": "Laptops & Notebooks"} for p in PRODUCTS[:2]]
    found = check_answer(answer, shown, Catalog.from_records(shown), listed=shown)
    assert ("price" in {v.kind for v in found}) is wrong, found


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        # The 0.5B's answer to 哪个更便宜？ on BigBasket: both prices, then the wrong verdict alone.
        (
            "Kestrel Scout 14 的价格是 $549.00，Voltix AirBook 13 的价格是 $899.00。因此，Voltix AirBook 13 更便宜。",
            True,
        ),
        (
            "Kestrel Scout 14 的价格是 $549.00，Voltix AirBook 13 的价格是 $899.00。因此，Kestrel Scout 14 更便宜。",
            False,
        ),
        (
            "The Kestrel Scout 14 is $549.00 and the Voltix AirBook 13 $899.00. The AirBook 13 is more expensive.",
            False,
        ),
        (
            "The Kestrel Scout 14 is $549.00 and the Voltix AirBook 13 $899.00. The Voltix AirBook 13 is cheaper.",
            True,
        ),
        # One product only, or a comparand not among them: nothing to check.
        ("The Kestrel Scout 14 is cheaper.", False),
        ("Both are in stock. The Voltix AirBook 13 is cheaper than most ultrabooks.", False),
    ],
)
def test_a_verdict_naming_one_of_the_two_compared_products_must_be_right(answer: str, wrong: bool) -> None:
    shown = PRODUCTS[:2]
    found = check_answer(answer, shown, Catalog.from_records(PRODUCTS))
    assert ("price" in {v.kind for v in found}) is wrong, found
