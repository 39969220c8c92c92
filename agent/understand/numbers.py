"""Numbers as customers write them, read by maintained parsers: amounts and currencies
(price-parser), Chinese numerals with 块/元/万 (cn2an), English number words and ordinals
(text2num). The learned parse finds the span ("两百元左右", "the second one"); these read its value."""

from __future__ import annotations

import contextlib
import re
import warnings
from dataclasses import dataclass

import cn2an
from price_parser import Price
from text_to_num import alpha2digit

# Currency words and signs to ISO codes: what price-parser reports, plus the Chinese units and
# slang it does not know. "$" is read as US dollars; "¥" as yuan (the shops we serve).
_CURRENCIES = {
    "USD": ("$", "us$", "usd", "dollar", "dollars", "buck", "bucks", "美元", "美金", "刀"),
    "EUR": ("€", "eur", "euro", "euros", "欧元"),
    "GBP": ("£", "gbp", "pound", "pounds", "quid", "英镑"),
    "INR": ("₹", "inr", "rs", "rs.", "rupee", "rupees", "卢比"),
    # 元 and 块 alone are money, not a currency: Chinese customers of a US shop write "20块" too.
    "CNY": ("¥", "￥", "cny", "rmb", "yuan", "人民币"),
    "JPY": ("jpy", "yen", "日元", "円"),
}
_ISO = {word: code for code, words in _CURRENCIES.items() for word in words}
_CURRENCY_WORD = re.compile("|".join(sorted((re.escape(w) for w in _ISO), key=len, reverse=True)), re.I)
# A number as written after the Chinese numerals are made digits: 1,299.00 / 1.299,00 / 1.5 / 3k / 1.5万
_NUMBER = re.compile(r"\d[\d,.\s]*\d|\d")
# "2k", "1w以内": no word boundary before a Chinese character, so the scale ends at any non-letter.
_SCALE = re.compile(r"(\d[\d,.]*)\s*(k|千|万|w)(?![a-z])|(\d[\d,.]*)\s*(千|万)", re.I)
_SCALES = {"k": 1000, "千": 1000, "万": 10000, "w": 10000}
# Idioms of quantity that are not number words ("a couple", "一对").
_COUNT_WORDS = {
    "a couple": 2,
    "couple of": 2,
    "a pair": 2,
    "pair of": 2,
    "half a dozen": 6,
    "a dozen": 12,
    "一打": 12,
    "一对": 2,
    "一双": 2,
}
_CHINESE_NUMERAL = re.compile(r"[零一二两三四五六七八九十百千万]+")
_LAST = re.compile(r"\b(?:last|latter|final)\b|最后|倒数第一", re.I)
_FROM_END = re.compile(r"倒数第\s*(\d+)|\b(\d+)(?:st|nd|rd|th)\s+(?:to\s+)?last\b", re.I)
_FORMER = re.compile(r"\bformer\b", re.I)


@dataclass(frozen=True)
class Money:
    values: tuple[float, ...]  # one amount, or the two ends of a range
    currency: str | None  # ISO code, None when the customer wrote none


def _arabic(text: str) -> str:
    """The text with Chinese numerals as digits ("两百元" -> "200元", "一千二" -> "1200")."""
    with warnings.catch_warnings():  # cn2an warns about fragments it leaves as they are
        warnings.simplefilter("ignore")
        with contextlib.suppress(ValueError, KeyError):
            text = cn2an.transform(text, "cn2an")
    return _SCALE.sub(_scaled, text)


def _scaled(match: re.Match[str]) -> str:
    number, unit = (match[1], match[2]) if match[1] else (match[3], match[4])
    try:
        return f"{float(number.replace(',', '')) * _SCALES[unit.lower()]:g}"
    except ValueError:
        return match[0]


def as_digits(text: str) -> str:
    """Number words as digits, Chinese and English ("set of four" and "四件套" with a 4)."""
    return str(alpha2digit(_arabic(text), "en", threshold=0))


def currency_of(text: str) -> str | None:
    """The ISO code of the first currency sign or word in ``text``."""
    price = Price.fromstring(text)
    if price.currency and (code := _ISO.get(price.currency.strip().lower())):
        return code
    match = _CURRENCY_WORD.search(text)
    return _ISO[match[0].lower()] if match else None


# The closed class of words that bound an amount, read inside the span the model found (the model
# finds the span; the bound's words, like the number, are read by rule, not guessed per token).
_BOUND_WORDS = (
    # A negated bound first: "no more than 40" is at most 40, though it holds "more than".
    ("under", r"\b(?:no|not) (?:more|higher|greater|over) than\b|\bnot (?:over|above)\b|不超过|不高于"),
    ("over", r"\b(?:no|not) (?:less|lower|fewer) than\b|\bnot (?:under|below)\b|不低于|不少于"),
    ("between", r"\bbetween\b|\bfrom\b.+\bto\b|\d\s*(?:-|–|~|to|到|至)\s*\d|之间"),
    (
        "around",
        r"\b(?:around|about|roughly|approx\w*|close to|or so|ish|something like)\b|~|左右|上下|大概|大约|差不多|的样子|出头",
    ),
    (
        "over",
        r"\b(?:over|above|at least|more than|no less than|and up|upwards)\b|\d\s*\+|以上|起码|至少|不低于|起",
    ),
    (
        "under",
        r"\b(?:under|below|less than|at most|max\w*|within|no more than|up to|or less|tops|cheaper than|budget)\b|以内|以下|之内|不超过|最多|低于|封顶|预算|内",
    ),
)


def bound_in(span: str) -> str | None:
    """Which way a budget span bounds its amount, by its bounding words; None when it has none."""
    return next((bound for bound, words in _BOUND_WORDS if re.search(words, span, re.I)), None)


def money_in(span: str) -> Money | None:
    """The amount (or the two ends of a range) and the currency a budget span states."""
    text = alpha2digit(_arabic(span), "en", threshold=0)
    values: list[float] = []
    for piece in re.split(r"\s*(?:-|–|~|to|and|到|至)\s*", text):
        amount = Price.fromstring(piece).amount_float
        if amount is not None and amount > 0:
            values.append(amount)
    if not values:
        return None
    return Money(tuple(values[:2]), currency_of(span))


def count_in(span: str) -> int | None:
    """How many units a quantity span says ("三个" 3, "a couple" 2, "x2" 2, "一口" 1)."""
    lowered = span.lower()
    for words, count in sorted(_COUNT_WORDS.items(), key=lambda item: -len(item[0])):  # longest first
        if words in lowered:
            return count
    text = alpha2digit(_arabic(span), "en", threshold=0)
    if text.strip().lower() in ("a", "an", "one"):
        return 1
    numbers = re.findall(r"\d+", text)
    if not numbers and (numeral := _CHINESE_NUMERAL.search(span)):  # "两箱": cn2an leaves it as it is
        with contextlib.suppress(ValueError, KeyError):
            numbers = [str(int(cn2an.cn2an(numeral[0], "smart")))]
    if not numbers:
        return None
    return int(numbers[0]) if 0 < int(numbers[0]) < 10000 else None


def ordinal_in(span: str) -> int | None:
    """Which item of a list an ordinal span points at, from 0; -1 for the last one."""
    text = alpha2digit(_arabic(span), "en", threshold=0)
    if match := _FROM_END.search(text):
        return -int(match[1] or match[2])
    if _LAST.search(span):
        return -1
    if _FORMER.search(span):
        return 0
    match = re.search(
        r"(\d+)\s*(?:st|nd|rd|th)\b|第\s*(\d+)|#\s*(\d+)|\bnumber\s+(\d+)|\bno\.\s*(\d+)", text, re.I
    )
    if match is None:
        return None
    number = int(next(g for g in match.groups() if g))
    return number - 1 if number > 0 else None
