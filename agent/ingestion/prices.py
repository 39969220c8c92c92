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
# A currency code is part of a word or id when a Latin letter or digit, or an id's "L-", comes
# right before it, or a Latin letter or digit right after.
_GLUED_BEFORE = re.compile(r"[A-Za-z0-9]-?$")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
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


# Words written after an amount in answers ("20 dollars", "250 rupees", "5块").
_AMOUNT_WORDS: list[tuple[str, str]] = [
    ("dollars", "USD"), ("dollar", "USD"), ("bucks", "USD"), ("rupees", "INR"), ("rupee", "INR"),
    ("euros", "EUR"), ("euro", "EUR"), ("pounds", "GBP"), ("美元", "USD"), ("美金", "USD"),
    ("块钱", "CNY"), ("块", "CNY"), ("卢比", "INR"), ("欧元", "EUR"), ("英镑", "GBP"),
]  # fmt: skip
_MARKERS = sorted({m for m, _ in _CURRENCY_MARKERS} | {w for w, _ in _AMOUNT_WORDS}, key=len, reverse=True)
_MARKER = "|".join(re.escape(m) for m in _MARKERS)
_CODE_OF = {m.upper(): c for m, c in [*_CURRENCY_MARKERS, *_AMOUNT_WORDS]}
# In running text a separator counts only between digits ("300, 20 dollars" is two numbers).
_TEXT_NUMBER = r"\d(?:[\d'\u00a0\u202f]|[.,](?=\d)|\s(?=\d{3}(?!\d)))*"
# An amount with its currency before or after it: "$1,265.00", "₹ 119", "1.299,00 €", "5,999元".
# A marker glued to the next digits is that number's ("Chromebook 11 $279" is $279, not 11 $).
_AMOUNT = re.compile(
    rf"(?P<before>{_MARKER})\s?(?P<n1>{_TEXT_NUMBER})|(?P<n2>{_TEXT_NUMBER})\s?(?P<after>{_MARKER})(?![A-Za-z\d])",
    re.I,
)


@dataclass(frozen=True)
class Amount:
    text: str  # as written
    value: float
    currency: str | None


def find_amounts(text: str) -> list[Amount]:
    """Every money amount written in ``text``, in any currency and number format that
    ``parse_price`` reads (so an answer can be checked against what ingestion stored)."""
    found: list[Amount] = []
    for match in _AMOUNT.finditer(text):
        marker, number = match["before"] or match["after"], match["n1"] or match["n2"]
        if re.fullmatch(r"[A-Za-z.]+", marker) and _inside_a_token(text, match.start(), match.end()):
            continue  # "xRs 5", "abcUSD", a ticket id "L-75CAD3FA": not a currency
        currency = _CODE_OF.get(marker.upper())
        value = _to_number(number.strip(" '\u00a0\u202f"), currency)
        if value is not None:
            found.append(Amount(match[0].strip(), value, currency))
    return found


def _inside_a_token(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is glued to Latin letters or digits on either side, or follows an
    id's "L-" prefix: a code written like that is part of a word or id, not a currency. (Chinese
    around it is no glue: "售价RMB 299".)"""
    before, after = text[max(0, start - 2) : start], text[end : end + 1]
    return bool(_GLUED_BEFORE.search(before) or _LATIN_OR_DIGIT.match(after))


def amount_values(text: str) -> set[float]:
    """The values of ``find_amounts(text)``, to the cent: what answers are compared by."""
    return {round(amount.value, 2) for amount in find_amounts(text)}


def stated_numbers(text: str) -> set[float]:
    """Every amount and bare number in ``text`` (a price may be written without its currency)."""
    bare = {round(float(n), 2) for n in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))}
    return amount_values(text) | bare


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
