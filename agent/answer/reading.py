"""What an answer states outside its references, read in one pass: the products it names (by name
or id), then, with every name, id and rendered value masked so none is read as a figure, the
amounts, measures and bare numbers left."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import cn2an

from agent.answer.facts import Product
from agent.answer.references import Field
from agent.ingestion.prices import find_amounts


class Kind(StrEnum):
    PRODUCT = "product"  # a product named (by reference, name or id)
    VALUE = "value"  # a rendered reference: right by construction
    AMOUNT = "amount"  # money written by the model
    MEASURE = "measure"  # a figure with a unit written by the model (16 GB, 1.2 kg, 30 days)
    NUMBER = "number"  # a bare figure written by the model
    IDENTIFIER = "identifier"  # a code of letters and digits (a ticket id, a coupon, a SKU): never a figure


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: Kind
    handle: str | None = None  # the turn's product ("p2"), for PRODUCT and VALUE
    field: Field | None = None  # for VALUE
    value: float | None = None  # for AMOUNT, MEASURE, NUMBER
    unit: str = ""
    product_id: str | None = None  # for PRODUCT: a catalog product outside the turn has no handle
    key: str = ""  # for a VALUE of a spec: the spec's name


_UNITS = (
    r"gb|tb|mb|kg|g|mg|lb|lbs|oz|ml|l|litres?|liters?|cm|mm|m|km|inch(?:es)?|in|\"|″|hz|khz|mhz|ghz|w|kw|v|mah|wh|"
    r"h|hrs?|hours?|mins?|minutes?|days?|weeks?|months?|years?|yrs?|pcs|pieces?|pack|cores?|%|percent|x|"
    r"克|千克|公斤|斤|毫升|升|厘米|毫米|米|寸|英寸|小时|分钟|天|周|个月|月|年|件|个|片|包|瓶|支|张|核|倍|折|度"
)
_MEASURE = re.compile(rf"(\d+(?:[.,]\d+)?)(?:\s*|-)({_UNITS})(?![a-z])", re.I)  # "2 years", "2-year"
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?")
_CHINESE_NUMBER = re.compile(rf"([零一二两三四五六七八九十百千万]+)\s*({_UNITS}|元|块|美元|欧元|英镑|卢比)?")
# A letter, then letters, digits and hyphens with a digit among them: "H-5DB8C1A2", "WELCOME10",
# "LAP-001". Read as one token, so no part of an id is ever read as a figure or a unit.
_IDENTIFIER = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z-]*\d[\w-]*(?![\w-])")
_MONEY_UNITS = {"元", "块", "美元", "欧元", "英镑", "卢比"}


def product_mentions(
    text: str, products: Sequence[Product], catalog: Mapping[str, str] | None = None
) -> list[Mention]:
    """The turn's ``products`` named in ``text`` (full name, name without its brand, id), and
    other ``catalog`` products (name -> id) named in full."""
    folded = text.casefold()
    found: list[Mention] = []
    for i, product in enumerate(products, start=1):
        for needle in _names(product):
            found += [Mention(m.start(), m.end(), Kind.PRODUCT, f"p{i}", product_id=product.id)
                      for m in re.finditer(re.escape(needle), folded)]  # fmt: skip
        for m in re.finditer(rf"(?<![\w-]){re.escape(product.id.casefold())}(?![\w])", folded):
            found.append(Mention(m.start(), m.end(), Kind.PRODUCT, f"p{i}", product_id=product.id))
    own = {p.id for p in products}
    for name, product_id in (catalog or {}).items():
        if product_id not in own and len(name) >= 6 and name in folded:
            at = folded.find(name)
            found.append(Mention(at, at + len(name), Kind.PRODUCT, None, product_id=product_id))
    return _outermost(found)


def _names(product: Product) -> list[str]:
    name = product.name.casefold().strip()
    brand = product.brand.casefold().strip()
    short = name.removeprefix(brand).strip() if brand and name.startswith(brand) else ""
    return [n for n in (name, short) if len(n) >= 4]


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions keep the longest ("Voltix Phone 15 Max" over "Voltix Phone 15")."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def figures(text: str, masked: Sequence[tuple[int, int]]) -> list[Mention]:
    """Amounts, measures and bare numbers in ``text`` outside the ``masked`` spans."""
    plain = list(text)
    for start, end in masked:
        plain[start:end] = " " * (end - start)
    blank = "".join(plain)
    found: list[Mention] = []
    for match in _IDENTIFIER.finditer(blank):
        found.append(Mention(match.start(), match.end(), Kind.IDENTIFIER))
    blank = _IDENTIFIER.sub(lambda m: " " * len(m[0]), blank)
    for amount in find_amounts(blank):
        at = blank.find(amount.text)
        found.append(Mention(at, at + len(amount.text), Kind.AMOUNT, value=amount.value))
        blank = blank[:at] + " " * len(amount.text) + blank[at + len(amount.text) :]
    for match in _MEASURE.finditer(blank):
        value = _number(match[1])
        found.append(Mention(match.start(), match.end(), Kind.MEASURE, value=value, unit=match[2].lower()))
    blank = _MEASURE.sub(lambda m: " " * len(m[0]), blank)
    for match in _CHINESE_NUMBER.finditer(blank):
        chinese = _chinese_value(match[1])
        if chinese is None or (match[1] in ("一", "两") and not match[2]):
            continue  # 一 and 两 alone are words ("一款", "一下"), not figures
        kind = Kind.AMOUNT if match[2] in _MONEY_UNITS else Kind.MEASURE if match[2] else Kind.NUMBER
        found.append(Mention(match.start(), match.end(), kind, value=chinese, unit=match[2] or ""))
    blank = _CHINESE_NUMBER.sub(lambda m: " " * len(m[0]), blank)
    for match in _NUMBER.finditer(blank):
        found.append(Mention(match.start(), match.end(), Kind.NUMBER, value=_number(match[0])))
    return sorted(found, key=lambda m: m.start)


def _number(written: str) -> float:
    """1,299.5 and 1,299 (thousands), 1,5 (a decimal comma)."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", written):
        return float(written.replace(",", ""))
    return float(written.replace(",", "."))


def _chinese_value(numeral: str) -> float | None:
    try:
        return float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError):
        return None


# A unit's dimension and its factor to the dimension's base: "2 years" and "24 months" are one
# period, "1,5 kg" and "1500 g" one weight. Counts (个, pack, %, x) and "in" (inch, or "3 in
# stock") have none: their figure is compared alone.
_SCALES: dict[str, dict[str, float]] = {
    "time": {"h": 1, "hr": 1, "hrs": 1, "hour": 1, "hours": 1, "小时": 1, "min": 1 / 60, "mins": 1 / 60,
             "minute": 1 / 60, "minutes": 1 / 60, "分钟": 1 / 60, "day": 24, "days": 24, "天": 24,
             "week": 168, "weeks": 168, "周": 168, "month": 730, "months": 730, "个月": 730, "月": 730,
             "year": 8760, "years": 8760, "yr": 8760, "yrs": 8760, "年": 8760},
    "mass": {"mg": 0.001, "g": 1, "kg": 1000, "lb": 453.6, "lbs": 453.6, "oz": 28.35, "克": 1, "千克": 1000,
             "公斤": 1000, "斤": 500},
    "volume": {"ml": 1, "l": 1000, "litre": 1000, "litres": 1000, "liter": 1000, "liters": 1000, "毫升": 1,
               "升": 1000},
    "length": {"mm": 1, "cm": 10, "m": 1000, "km": 1e6, "inch": 25.4, "inches": 25.4, '"': 25.4, "″": 25.4,
               "毫米": 1, "厘米": 10, "米": 1000, "英寸": 25.4, "寸": 25.4},
    "data": {"mb": 1, "gb": 1e3, "tb": 1e6},
    "power": {"w": 1, "kw": 1e3},
    "frequency": {"hz": 1, "khz": 1e3, "mhz": 1e6, "ghz": 1e9},
    "voltage": {"v": 1},
    "charge": {"mah": 1},
    "energy": {"wh": 1},
}  # fmt: skip
_DIMENSION = {
    unit: (dimension, factor) for dimension, units in _SCALES.items() for unit, factor in units.items()
}
_KEY_UNIT = re.compile(rf"(?<![a-z])({_UNITS})(?![a-z])", re.I)


def measure(mention: Mention) -> tuple[str, float] | None:
    """A measure as (dimension, value in the dimension's base unit); None for a count or a number."""
    if mention.value is None or mention.unit not in _DIMENSION:
        return None
    dimension, factor = _DIMENSION[mention.unit]
    return dimension, round(mention.value * factor, 6)


@lru_cache(maxsize=1024)
def measures_of(text: str, specs: tuple[tuple[str, str], ...] = ()) -> frozenset[tuple[str, float]]:
    """Every measure a record states, including a bare figure whose spec names the unit in its key
    ("Battery (h): 15"). Read once per record: every measure of every sentence asks again."""
    found = {m for f in figures(text, ()) if (m := measure(f))}
    for key, value in specs:
        unit = _KEY_UNIT.search(key)
        if unit and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", value):
            found |= measures_of(f"{value.strip()} {unit[1]}")
    return frozenset(found)


def numbers_of(text: str) -> set[float]:
    """Every figure a record's text states (its name, specs, description, a passage)."""
    return {m.value for m in figures(text, ()) if m.value is not None} | {
        float(n.replace(",", "")) for n in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", text)
    }
