"""A catalog price stated beside the wrong product is caught; a comparison and a list are not."""

from __future__ import annotations

import pytest

from agent.consult.pairing import misattributed_prices, mislabelled_list_prices
from agent.consult.product_mentions import Catalog
from agent.consult.records import CitedAnswer, Record, records_cited
from agent.consult.validator import check_answer

LAPTOPS: list[Record] = [
    {"id": "LAP-007", "kind": "product", "name": "华光 轻薄本 Air 14", "price": 699.0, "currency": "USD"},
    {"id": "LAP-008", "kind": "product", "name": "Nimbus Chromebook 11", "price": 279.0, "currency": "USD"},
]


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        ("1. **LAP-008** — **轻薄本 Air 14** — $699.00，有货。", True),  # seen from the embedded model
        ("根据提供的价格信息，LAP-008的价格更便宜，为 $699.00。", True),
        ("The Nimbus Chromebook 11 is $699.00.", True),
        ("The Nimbus Chromebook 11 costs $279.00 [LAP-008].", False),
        ("The Nimbus Chromebook 11 at $279.00 is cheaper than the $699.00 one.", False),
        (
            "- **华光 轻薄本 Air 14** — $699.00 [LAP-007]\n- **Nimbus Chromebook 11** — $279.00 [LAP-008]",
            False,
        ),
        ("The 华光 轻薄本 Air 14 costs $699.00, and the Nimbus Chromebook 11 costs $279.00.", False),
    ],
)
def test_a_price_beside_the_wrong_product(answer: str, wrong: bool) -> None:
    assert bool(misattributed_prices(CitedAnswer(answer, LAPTOPS))) is wrong
    found = check_answer(answer, LAPTOPS, Catalog.from_records(LAPTOPS))
    assert ("price" in {v.kind for v in found}) is wrong, found


TEAS: list[Record] = [
    {"id": "40011", "kind": "product", "name": "Green Tea - Tulsi", "price": 175.0, "list_price": 350.0,
     "currency": "INR"},
    {"id": "40012", "kind": "product", "name": "Green Tea - Classic", "price": 350.0, "currency": "INR"},
    {"id": "40013", "kind": "product", "name": "Masala Chai", "price": 99.0, "list_price": 120.0,
     "currency": "INR"},
    {"id": "40014", "kind": "product", "name": "Pomace Olive Oil", "price": 899.0, "list_price": 1049.0,
     "currency": "INR"},
]  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        ("Masala Chai costs ₹120.", True),  # seen from the 0.5B on BigBasket: the market price
        ("我推荐 Masala Chai，价格 ₹120。", True),
        ("Masala Chai is ₹99 (market price ₹120), a saving of ₹21.", False),
        ("Masala Chai: ₹120, now 99.", False),  # the sale price may come without its currency
        ("Green Tea - Classic costs ₹350.", False),  # another product's sale price, not a list price
        ("Green Tea - Tulsi sells at ₹175.", False),
        ("Green Tea - Tulsi costs ₹350.", True),  # 350 is the Classic's price, but not the Tulsi's
        ("It costs ₹350.", False),  # no product named: the Classic's price
    ],
)
def test_a_list_price_is_stated_only_beside_the_sale_price(answer: str, wrong: bool) -> None:
    found = check_answer(answer, TEAS, Catalog.from_records(TEAS))
    assert ("price" in {v.kind for v in found}) is wrong, found


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        # Seen from the 0.5B on BigBasket: the sale price called the list price.
        ("Green Tea - Tulsi is ₹175.00. The list price is ₹175.00, same as the first one.", True),
        ("Green Tea - Tulsi: ₹175.00, market price ₹175.00.", True),
        ("Green Tea - Tulsi 售价₹175.00，原价₹175.00。", True),
        ("Green Tea - Tulsi costs ₹175.00 (list price ₹350.00).", False),  # how the records answer says it
        ("Green Tea - Tulsi 售价₹175.00（原价 ₹350.00）。", False),
        ("The MRP of Green Tea - Tulsi is ₹350.00, now only ₹175.00.", False),
        ("Green Tea - Tulsi's list price is higher than its price of ₹175.00.", False),
        ("Green Tea - Classic has no discount: its regular price is ₹350.", False),
        ("Pomace Olive Oil — ₹899.00 (list price ₹1,049.00).", False),  # a thousands comma is no end
    ],
)
def test_an_amount_called_the_list_price_must_be_one(answer: str, wrong: bool) -> None:
    assert bool(mislabelled_list_prices(CitedAnswer(answer, TEAS))) is wrong
    found = check_answer(answer, TEAS, Catalog.from_records(TEAS))
    assert ("price" in {v.kind for v in found}) is wrong, found


def test_a_numeric_id_inside_a_price_cites_nothing() -> None:
    # BigBasket's ids are plain numbers: product 175's id is inside "₹175.00", and the Lemon Grass
    # tea given the Tulsi's prices passed as a comparison of two cited products (seen from the 0.5B).
    teas: list[Record] = [
        {"id": "175", "kind": "product", "name": "Green Tea - Tulsi", "price": 175.0, "list_price": 350.0,
         "currency": "INR"},
        {"id": "13411", "kind": "product", "name": "Green Tea - Lemon Grass", "price": 163.0,
         "list_price": 195.0, "currency": "INR"},
    ]  # fmt: skip
    answer = (
        "The second product, Green Tea - Lemon Grass, is available at ₹175.00 and is listed under ₹350.00."
    )
    assert [r["id"] for r in records_cited(answer, teas)] == ["13411"]
    assert "price" in {v.kind for v in check_answer(answer, teas, Catalog.from_records(teas))}
    assert [r["id"] for r in records_cited("Green Tea - Tulsi [175] costs ₹175.00.", teas)] == ["175"]
