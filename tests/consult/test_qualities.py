"""Qualities claimed for a product (contents, health effects, "organic") must be in the records."""

from __future__ import annotations

import pytest

from agent.consult.product_mentions import Catalog
from agent.consult.qualities import unbacked_qualities
from agent.consult.records import Record
from agent.consult.validator import check_answer

# A BigBasket-like row: name, brand and category, no description.
TEA: list[Record] = [
    {"id": "40011", "kind": "product", "name": "Green Tea - Tulsi", "brand": "Tetley", "price": 175.0,
     "currency": "INR", "category": "Beverages", "text": "Green Tea - Tulsi. Tetley. Beverages > Tea"},
]  # fmt: skip
HONEY: list[Record] = [
    {"id": "H-1", "kind": "product", "name": "Organic Forest Honey", "price": 320.0, "currency": "INR",
     "text": "Organic Forest Honey", "description": "Raw honey, rich in antioxidants; soothes the throat and aids digestion."},
]  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "records", "unbacked"),
    [
        ("Green Tea - Tulsi is rich in vitamins and minerals.", TEA, True),  # seen from the 0.5B
        ("It is packed with antioxidants.", TEA, True),
        ("A cup a day boosts your immunity.", TEA, True),
        ("It helps fight infections and strengthens the immune system.", TEA, True),
        ("Green Tea - Tulsi is 100% natural and organic.", TEA, True),
        ("这款绿茶富含维生素和矿物质。", TEA, True),
        ("每天一杯可以增强免疫力。", TEA, True),
        ("这是有机茶。", TEA, True),
        ("Green Tea - Tulsi by Tetley costs ₹175.", TEA, False),
        ("Our catalog does not say whether it is organic.", TEA, False),  # saying it is unknown
        ("目录中没有说明它是否有机。", TEA, False),
        ("I can help you choose a tea for every day.", TEA, False),
        ("Organic Forest Honey is rich in antioxidants and aids digestion.", HONEY, False),
        ("这款有机蜂蜜富含抗氧化剂，有助于消化。", HONEY, False),  # Chinese words, English description
        # The second of two: the 0.5B's peanut butter was "富含蛋白质和维生素" where the name says protein.
        ("这款有机蜂蜜富含抗氧化剂和维生素。", HONEY, True),
        ("Organic Forest Honey is rich in vitamins.", HONEY, True),
        ("It is gluten-free.", HONEY, True),
        (
            "These oats are gluten-free.",
            [{"id": "O-1", "kind": "product", "name": "Gluten-Free Rolled Oats"}],
            False,
        ),
        ("It is a popular choice among customers looking for green tea.", TEA, True),  # the 0.5B
        ("Green Tea - Tulsi is one of our best-selling teas.", TEA, True),
        ("这款是我们的热销产品，口碑很好。", TEA, True),
        # A negation elsewhere in the sentence denies nothing it does not precede.
        ("This organic green tea has no added sugar.", TEA, True),
        ("It is not sweetened, but it is rich in antioxidants.", TEA, True),
        ("这款茶不含糖，但是富含维生素。", TEA, True),
        ("It is not organic.", TEA, False),
        ("Whether it is organic is not listed in our catalog.", TEA, False),
        ("我不确定它是不是有机的。", TEA, False),
    ],
)
def test_a_quality_must_be_in_the_records(answer: str, records: list[Record], unbacked: bool) -> None:
    assert bool(unbacked_qualities(answer, records)) is unbacked
    found = check_answer(answer, records, Catalog.from_records(records))
    assert ("quality" in {v.kind for v in found}) is unbacked, found
