import pytest

from agent.ingestion.prices import parse_price

CASES = [
    ("$1,265.00", 1265.0, "USD"),
    ("¥3,999", 3999.0, "CNY"),
    ("￥3999元", 3999.0, "CNY"),
    ("1.299,00 €", 1299.0, "EUR"),
    ("1 299,00 €", 1299.0, "EUR"),
    ("€1.299", 1299.0, "EUR"),
    ("£45", 45.0, "GBP"),
    ("₹1,299", 1299.0, "INR"),
    ("Rs. 49,999", 49999.0, "INR"),
    ("$19.99 (incl. tax)", 19.99, "USD"),
    ("$10 - $20", 10.0, "USD"),
    ("From $1,499.99 to $1,999.99", 1499.99, "USD"),
    ("12,50 EUR", 12.5, "EUR"),
    ("USD 30", 30.0, "USD"),
    ("HK$ 2,880", 2880.0, "HKD"),
    ("899", 899.0, None),
    ("1,000,000", 1000000.0, None),
    ("49.5", 49.5, None),
    ("RMB 2,599.00", 2599.0, "CNY"),
]


@pytest.mark.parametrize(("text", "amount", "currency"), CASES)
def test_real_world_price_strings(text: str, amount: float, currency: str | None) -> None:
    price = parse_price(text)
    assert price is not None
    assert price.amount == pytest.approx(amount)
    assert price.currency == currency


@pytest.mark.parametrize("text", ["", "N/A", "call for price", "—", None])
def test_no_number_means_unknown(text: object) -> None:
    assert parse_price(text) is None


def test_numbers_from_json_and_default_currency() -> None:
    price = parse_price(42, default_currency="USD")
    assert price is not None and (price.amount, price.currency) == (42.0, "USD")
    column_currency = parse_price("1.299,00", default_currency="EUR")
    assert column_currency is not None and column_currency.amount == 1299.0


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("The Chromebook 11 $279 is light.", {279.0}),  # the model number is no amount
        ("1.299,00 € or 5,999元", {1299.0, 5999.0}),
        ("Only 279$ with 30-day returns", {279.0}),
        # A ticket id relayed in an answer holds a currency code by chance: no amount.
        ("请求（编号 L-75CAD3FA）：1 × Olive Oil, ₹625.00", {625.0}),
        ("Your request H-CAD02434 is queued.", set()),
        ("Ticket 9EUR12AB, 100 USD or USD 100 (CAD 25)", {100.0, 25.0}),
        ("售价RMB 299，原价USD 100美元", {299.0, 100.0}),
    ],
)
def test_amounts_in_an_answer_belong_to_their_own_currency_marker(text: str, amounts: set[float]) -> None:
    from agent.ingestion.prices import amount_values

    assert amount_values(text) == amounts
