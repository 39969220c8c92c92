"""A Chinese word names a category of the shop by what the thing is, not by a character in it."""

from __future__ import annotations

import pytest

from agent.retrieval.categories import CategoryMatcher

GROCER = CategoryMatcher.from_products(
    {"category": c}
    for c in [
        "Bakery, Cakes & Dairy",
        "Eggs, Meat & Fish",
        "Beverages",
        "Beauty & Hygiene",
        "Tea",
    ]
)


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("有牛奶吗？", "Bakery, Cakes & Dairy"),
        ("我想买酸奶", "Bakery, Cakes & Dairy"),
        ("有洗面奶吗？", None),  # face wash: no dairy
        ("有牛肉吗", "Eggs, Meat & Fish"),
        ("我想买肉桂", None),  # cinnamon: no meat
        ("有绿茶吗", "Tea"),
        ("有茶几吗", None),  # a side table: no tea
    ],
)
def test_a_chinese_word_names_a_category_by_what_it_is(message: str, category: str | None) -> None:
    assert GROCER.match(message) == category
