"""A referent points at a shown product by position, by price, or by the words of its name and
specs, numbers compared as digits."""

from __future__ import annotations

import pytest

from agent.consult.referents import named_products, pointed_at
from agent.understand.request import Referent, ReferentKind

SHOWN = {
    "t1": {"name": "Pikko Plush Bunny 30cm", "price": 19.0, "category": "Toys"},
    "t2": {"name": "Wooden Train Set of 4", "price": 35.0, "category": "Toys", "specs": "Material: beech"},
    "t3": {"name": "Puzzle 500 pcs", "price": 12.0, "category": "Toys"},
}


@pytest.mark.parametrize(
    ("referent", "expected"),
    [
        (Referent("the second one", ReferentKind.ORDINAL, index=1), "t2"),
        (Referent("最后一个", ReferentKind.ORDINAL, index=-1), "t3"),
        (Referent("the cheaper one", ReferentKind.EXTREME, cheapest=True), "t3"),
        (Referent("the pricier one", ReferentKind.EXTREME, cheapest=False), "t2"),
        (Referent("the plush one", ReferentKind.DESCRIPTION), "t1"),
        (Referent("the set of four", ReferentKind.DESCRIPTION), "t2"),
        (Referent("那个拼图", ReferentKind.DESCRIPTION), "t3"),
        (Referent("the puzzle", ReferentKind.DESCRIPTION), "t3"),
    ],
)
def test_a_referent_points_at_the_product_it_describes(referent: Referent, expected: str) -> None:
    assert pointed_at(referent, list(SHOWN), SHOWN) == [expected]


def test_a_referent_matching_nothing_shown_points_at_nothing() -> None:
    assert pointed_at(Referent("the fifth one", ReferentKind.ORDINAL, index=4), list(SHOWN), SHOWN) == []
    assert pointed_at(Referent("the blender", ReferentKind.DESCRIPTION), list(SHOWN), SHOWN) == []


def test_names_are_found_longest_first_and_in_order() -> None:
    products = {
        "a": {"name": "Voltix Phone 15"},
        "b": {"name": "Voltix Phone 15 Max"},
        "c": {"name": "Nimbus Ring"},
    }
    assert named_products("Nimbus Ring or the Voltix Phone 15 Max?", products) == ["c", "b"]
