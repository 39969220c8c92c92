"""Values read from the spans the parser finds, by maintained parsers, in the ways people write."""

from __future__ import annotations

import pytest

from agent.understand.decode import to_request
from agent.understand.numbers import as_digits, bound_in, count_in, money_in, ordinal_in
from agent.understand.request import Bound, Budget
from agent.understand.tagger import Span, TaggedMessage


@pytest.mark.parametrize(
    ("span", "values", "currency"),
    [
        ("500块以内", (500.0,), None),  # 块 is money, not a currency: the catalog's
        ("两百元左右", (200.0,), None),
        ("1.5万左右", (15000.0,), None),
        ("三千五以内", (3500.0,), None),
        ("under $50", (50.0,), "USD"),
        ("1.299,00 €", (1299.0,), "EUR"),
        ("between 100 and 200 dollars", (100.0, 200.0), "USD"),
        ("300 quid", (300.0,), "GBP"),
        ("Rs. 500 max", (500.0,), "INR"),
        ("预算800美元以内", (800.0,), "USD"),
        ("¥300", (300.0,), "CNY"),
    ],
)
def test_amounts_and_currencies(span: str, values: tuple[float, ...], currency: str | None) -> None:
    money = money_in(span)
    assert money is not None and money.values == values and money.currency == currency


@pytest.mark.parametrize(
    ("span", "bound"),
    [("两百元左右", "around"), ("500块以内", "under"), ("五千以上", "over"), ("100-200刀", "between"),
     ("at least $40", "over"), ("~$60", "around"), ("$50", None)],
)  # fmt: skip
def test_the_bound_is_read_from_the_spans_words(span: str, bound: str | None) -> None:
    assert bound_in(span) == bound


@pytest.mark.parametrize(
    ("span", "count"),
    [("三个", 3), ("两台", 2), ("一口", 1), ("a couple", 2), ("x2", 2), ("two", 2), ("一打", 12)],
)
def test_counts(span: str, count: int | None) -> None:
    assert count_in(span) == count


@pytest.mark.parametrize(
    ("span", "index"),
    [
        ("the second one", 1),
        ("第二款", 1),
        ("the last one", -1),
        ("倒数第二个", -2),
        ("the 3rd", 2),
        ("the plush one", None),
    ],
)
def test_ordinals(span: str, index: int | None) -> None:
    assert ordinal_in(span) == index


def test_number_words_become_digits_for_matching_names() -> None:
    assert as_digits("the set of four") == "the set of 4" and "4" in as_digits("四件套")


@pytest.mark.parametrize(
    ("span", "bound", "amount"),
    [
        ("no more than 40 bucks", "under", 40),
        ("not more than $300", "under", 300),
        ("no less than 500", "over", 500),
        ("2k左右", "around", 2000),
        ("1w以内", "under", 10000),
        ("预算不超过三千", "under", 3000),
    ],
)
def test_negated_bounds_and_scales_before_chinese_are_read_right(
    span: str, bound: str, amount: float
) -> None:
    money = money_in(span)
    assert bound_in(span) == bound and money is not None and money.values[0] == amount


@pytest.mark.parametrize(("span", "count"), [("half a dozen", 6), ("a dozen", 12), ("两箱", 2), ("三包", 3)])
def test_counts_in_idioms_and_chinese_measure_words(span: str, count: int) -> None:
    assert count_in(span) == count


def test_a_budget_tagged_in_pieces_is_read_as_one_phrase() -> None:
    # The tagger labels tokens one by one: "under" and "twenty dollars" can get different bounds.
    text = "any headphones under twenty dollars?"
    spans = (
        Span(15, 20, "BUDGET_UNDER", "under"),
        Span(21, 35, "BUDGET_OVER", "twenty dollars"),
    )
    request = to_request(TaggedMessage(text, {"browse": 0.99}, spans), "en")
    assert request.budget == Budget(Bound.UNDER, 20.0, None, "USD")
