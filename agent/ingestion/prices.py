"""Parse real-world price strings: ``$1,265.00``, ``¥3,999``, ``1.299,00 €``, ranges, trailing junk."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CURRENCY_MARKERS: list[tuple[str, str]] = [
    # Longest markers first so "HK$" wins over "$".
    ("HK$", "HKD"),
    ("C$", "CAD"),
    ("CA$", "CAD"),
    ("A$", "AUD"),
    ("US$", "USD"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("INR", "INR"),
    ("JPY", "JPY"),
    ("CAD", "CAD"),
    ("AUD", "AUD"),
    ("Rs.", "INR"),
    ("Rs", "INR"),
    ("元", "CNY"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₹", "INR"),
    ("$", "USD"),
]
_NUMBER = re.compile(r"\d(?:[\d.,'\u00a0\u202f ]*\d)?")
# Currencies written 1.299,00 by convention: a lone "1.299" there means one thousand two hundred...
_DOT_THOUSANDS = {"EUR"}


@dataclass(frozen=True)
class Price:
    amount: float
    currency: str | None


def detect_currency(text: str) -> str | None:
    upper = text.upper()
    for marker, code in _CURRENCY_MARKERS:
        if marker.upper() in upper:
            return code
    return None


def parse_price(text: object, default_currency: str | None = None) -> Price | None:
    """Return the price in ``text`` (the lower bound of a range), or None if there is none."""
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return Price(float(text), default_currency) if text >= 0 else None
    raw = str(text).strip()
    match = _NUMBER.search(raw)
    if not match:
        return None
    currency = detect_currency(raw) or default_currency
    amount = _to_number(match.group(0), currency)
    if amount is None:
        return None
    return Price(amount, currency)


def _to_number(token: str, currency: str | None) -> float | None:
    token = re.sub(r"['\u00a0\u202f ]", "", token)
    if "," in token and "." in token:
        decimal = "," if token.rfind(",") > token.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        token = token.replace(thousands, "").replace(decimal, ".")
    elif "," in token:
        head, _, tail = token.rpartition(",")
        token = token.replace(",", "") if len(tail) == 3 or token.count(",") > 1 else f"{head}.{tail}"
    elif "." in token:
        head, _, tail = token.rpartition(".")
        if token.count(".") > 1 or (len(tail) == 3 and currency in _DOT_THOUSANDS):
            token = token.replace(".", "")
    try:
        return float(token)
    except ValueError:
        return None
