"""The category a manager types, resolved to the catalog's own spelling, or refused with the
categories there are: an empty report for a misspelt name would read as "nothing sold"."""

from __future__ import annotations

import pytest

from agent.report.category import UnknownCategoryError, resolve_category

SAMPLE = ["Headphones", "Laptops", "Monitors", "Smart Home", "Smartphones", "Wearables"]
GROCERY = ["Beauty & Hygiene", "Beverages", "Fruits & Vegetables", "Snacks & Branded Foods"]


@pytest.mark.parametrize(
    ("asked", "categories", "meant"),
    [
        ("Laptops", SAMPLE, "Laptops"),
        ("laptop", SAMPLE, "Laptops"),
        ("SMART HOME", SAMPLE, "Smart Home"),
        ("耳机", SAMPLE, "Headphones"),  # the dictionary: headphones
        ("显示器", SAMPLE, "Monitors"),
        ("笔记本电脑", SAMPLE, "Laptops"),
        ("beverage", GROCERY, "Beverages"),
        ("饮料", GROCERY, "Beverages"),
        ("fruits", GROCERY, "Fruits & Vegetables"),  # the one category with that word
    ],
)
def test_a_category_is_found_in_the_catalogs_spelling(asked: str, categories: list[str], meant: str) -> None:
    assert resolve_category(asked, categories) == meant


@pytest.mark.parametrize(
    ("asked", "categories"),
    [
        ("笔记本", SAMPLE),  # "notebook": the dictionary's first sense is stationery, not a guess
        ("Phones", SAMPLE),  # Smartphones is another word
        ("Toys", SAMPLE),
        ("foods", GROCERY + ["Frozen Foods"]),  # two categories hold the word
    ],
)
def test_a_name_that_is_no_category_lists_the_categories(asked: str, categories: list[str]) -> None:
    with pytest.raises(UnknownCategoryError) as error:
        resolve_category(asked, categories)
    assert repr(asked) in str(error.value) and ", ".join(sorted(categories)) in str(error.value)
