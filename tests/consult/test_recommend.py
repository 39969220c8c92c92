"""Cheaper ones of the product under discussion are the same kind of product."""

from __future__ import annotations

from collections import Counter

import pytest

from agent.consult.recommend import cheaper_than, head_word
from agent.consult.records import record_from_document
from tests.consult.conftest import DepsFor

COFFEE = """id,name,category,price,currency
1,Green Coffee,Beverages,200,INR
2,Classic Coffee,Beverages,100,INR
3,Malgudi Filter Coffee - 60:40,Beverages,80,INR
4,Juice - Classic Apple,Beverages,60,INR
5,Organic Classic Peach Ice Tea,Beverages,54,INR
6,Premium Coffee,Beverages,450,INR
"""


@pytest.mark.parametrize(
    ("anchor", "listed", "cheaper"),
    [
        ("1", ["1", "6"], {"2", "3"}),  # coffees shown: cheaper coffees, not the juice nor the tea
        ("1", [], {"2", "3"}),  # Green Coffee alone: its head word is the kind
        ("3", ["1", "3", "6"], set()),  # the cheapest coffee: none, though juice and tea cost less
    ],
)
def test_cheaper_ones_are_of_the_same_kind_and_cost_less(
    deps_for: DepsFor, anchor: str, listed: list[str], cheaper: set[str]
) -> None:
    retriever = deps_for(COFFEE).retriever
    shown = [record_from_document(retriever.by_id[i]) for i in listed]
    found = cheaper_than(record_from_document(retriever.by_id[anchor]), retriever, shown)
    assert {r["id"] for r in found} == cheaper


# BigBasket names a kind after a comma too; a word of the name ("Black") is a kind elsewhere.
CHOCOLATE = """id,name,category,price,currency
4597,"Colombia Classique Black, Single Origin Dark Chocolate - 55% Dark",Chocolates,140,INR
4664,Dark Chocolate,Chocolates,100,INR
6364,Sugar Free Dark Chocolate,Chocolates,120,INR
2549,"Dark Chocolate - Single Origin, India",Chocolates,75,INR
27395,Chocolate Essence,Chocolates,125,INR
2550,"Double Dark Chocolate Pistachio Biscotti - Gluten-free",Chocolates,66,INR
15218,Mehndi - Black,Hair Care,66.5,INR
15219,Black Hair Dye,Hair Care,80,INR
"""


def test_a_kind_named_after_a_comma_is_the_kind_its_cheaper_ones_are(deps_for: DepsFor) -> None:
    retriever = deps_for(CHOCOLATE).retriever
    shown_alone = record_from_document(retriever.by_id["4597"])
    found = cheaper_than(shown_alone, retriever, [])
    # The dark chocolates for less: not the henna that is also "Black", nor the baking essence
    # or the biscotti that name chocolate (each was what the 0.5B was handed once).
    assert {r["id"] for r in found} == {"2549", "4664", "6364"}
    single_origin = record_from_document(retriever.by_id["2549"])
    # Only the biscotti and the henna cost less than it: neither is a chocolate, so none.
    assert cheaper_than(single_origin, retriever, [], k=5) == []


# Names that share no word: the category, narrowed to what the shown names call a kind there.
WEARABLES = """id,name,category,price,currency
W1,Voltix Watch S9,Wearables,399,USD
W2,Aurora Fit Band 6,Wearables,49,USD
W3,Lumio Kids Tracker Tag,Wearables,35,USD
W4,墨竹 运动手环 4,Wearables,25,USD
W5,Kestrel Trail Watch,Wearables,30,USD
L1,Voltix AirBook 13,Laptops,999,USD
L2,Kestrel Scout 14,Laptops,699,USD
L3,Nova Blade 16,Laptops,1299,USD
"""


@pytest.mark.parametrize(
    ("anchor", "listed", "cheaper"),
    [
        ("W2", ["W1", "W2"], {"W4", "W5"}),  # a band (手环: wristband) and a watch, not the tag
        ("W1", ["W1", "W3"], {"W5"}),  # the watches: one tag names no kind, even shown
        ("L3", ["L1", "L3"], {"L1", "L2"}),  # model names (AirBook, Blade) name no kind: the category
    ],
)
def test_names_sharing_nothing_keep_to_the_kinds_their_category_names(
    deps_for: DepsFor, anchor: str, listed: list[str], cheaper: set[str]
) -> None:
    retriever = deps_for(WEARABLES).retriever
    shown = [record_from_document(retriever.by_id[i]) for i in listed]
    found = cheaper_than(record_from_document(retriever.by_id[anchor]), retriever, shown, k=5)
    assert {r["id"] for r in found} == cheaper


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("Malgudi Filter Coffee - 60:40", "coffee"),
        ("Face Wash - Oil Control, Active", "wash"),
        ("Butter - Lightly Salted", "butter"),
        ("Voltix AirBook 13", "airbook"),  # a model name: the category decides (cheaper_than)
    ],
)
def test_the_head_word_of_a_name_says_what_it_is(name: str, head: str) -> None:
    assert head_word(name) == head


def test_after_a_comma_the_part_heading_a_kind_of_the_category_gives_the_head() -> None:
    heads = Counter({"chocolate": 30, "tea": 40, "tulsi": 3, "dark": 1}).__getitem__  # names each heads
    colombia = "Colombia Classique Black, Single Origin Dark Chocolate - 55% Dark"
    assert head_word(colombia, heads) == "chocolate"  # "black" heads no chocolate
    assert head_word("Green Tea, Tulsi", heads) == "tea"  # the first part names a kind: kept
    assert head_word("Thank You Bar, Dark", heads) == "bar"  # nothing else heads a kind either
    assert head_word(colombia) == "black"  # without the category: the first part
