"""Values read from the spans the parser finds, by maintained parsers, in the ways people write."""

from __future__ import annotations

import pytest

from agent.understand.numbers import as_digits, bound_in, count_in, money_in, ordinal_in


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
