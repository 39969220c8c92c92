"""Measurements an answer states ("it weighs 50 g", "续航10小时") must be the records' own.

A small model asked "how heavy is it?" about a product whose entry lists no weight makes one up,
and a made-up weight or battery life is as much a false promise as a made-up price. A stated
quantity is backed when a record gives the same quantity (in any unit of the same dimension:
"2.2 pounds" backs "1 kg"), the same figure with no unit ("Weight (g): 250"), or the customer
said it ("under 2 kg"). Days and percentages are left to the delivery, returns and discount
rules, which know what a policy promises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from agent.consult.records import Record, record_text
from agent.consult.violations import Violation

# unit -> (dimension, size in the dimension's base unit). Generic units, not one shop's.
_UNITS: dict[str, tuple[str, float]] = {
    "mg": ("mass", 0.001), "g": ("mass", 1.0), "gm": ("mass", 1.0), "gms": ("mass", 1.0),
    "gram": ("mass", 1.0), "grams": ("mass", 1.0), "kg": ("mass", 1000.0), "kgs": ("mass", 1000.0),
    "kilogram": ("mass", 1000.0), "kilograms": ("mass", 1000.0), "lb": ("mass", 453.592),
    "lbs": ("mass", 453.592), "pound": ("mass", 453.592), "pounds": ("mass", 453.592),
    "oz": ("mass", 28.3495), "ounce": ("mass", 28.3495), "ounces": ("mass", 28.3495),
    "克": ("mass", 1.0), "千克": ("mass", 1000.0), "公斤": ("mass", 1000.0), "斤": ("mass", 500.0),
    "ml": ("volume", 1.0), "millilitre": ("volume", 1.0), "milliliter": ("volume", 1.0),
    "l": ("volume", 1000.0), "ltr": ("volume", 1000.0), "litre": ("volume", 1000.0),
    "liter": ("volume", 1000.0), "litres": ("volume", 1000.0), "liters": ("volume", 1000.0),
    "毫升": ("volume", 1.0), "升": ("volume", 1000.0),
    "mm": ("length", 1.0), "cm": ("length", 10.0), "m": ("length", 1000.0),
    "inch": ("length", 25.4), "inches": ("length", 25.4), '"': ("length", 25.4), "″": ("length", 25.4),
    "ft": ("length", 304.8), "feet": ("length", 304.8), "毫米": ("length", 1.0),
    "厘米": ("length", 10.0), "米": ("length", 1000.0), "英寸": ("length", 25.4), "寸": ("length", 25.4),
    "h": ("time", 60.0), "hr": ("time", 60.0), "hrs": ("time", 60.0), "hour": ("time", 60.0),
    "hours": ("time", 60.0), "min": ("time", 1.0), "mins": ("time", 1.0), "minutes": ("time", 1.0),
    "小时": ("time", 60.0), "分钟": ("time", 1.0),
    "mah": ("charge", 1.0), "毫安": ("charge", 1.0), "wh": ("energy", 1.0),
    "w": ("power", 1.0), "watt": ("power", 1.0), "watts": ("power", 1.0), "kw": ("power", 1000.0),
    "瓦": ("power", 1.0), "mb": ("data", 1.0), "gb": ("data", 1000.0), "tb": ("data", 1e6),
    "hz": ("frequency", 1.0), "mp": ("resolution", 1.0), "db": ("loudness", 1.0),
}  # fmt: skip
_LATIN_UNITS = sorted((u for u in _UNITS if u.isascii() and u.isalpha()), key=len, reverse=True)
_OTHER_UNITS = sorted((u for u in _UNITS if not (u.isascii() and u.isalpha())), key=len, reverse=True)
# A number, then its unit: "1.2 kg", "13.3-inch", "13.3"", "250克", "1,000 mAh". A Latin unit is a
# whole word ("5 months" is not 5 m); an id's digits ("B07", the ticket "H-5DB8C1A2") are no figure,
# a size's are ("28x15in").
_QUANTITY = re.compile(
    r"(?<![0-9.])(?<![A-WYZa-wyz_])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?-?\s?(?:"
    rf"(?i:({'|'.join(_LATIN_UNITS)}))(?![A-Za-z0-9])|({'|'.join(map(re.escape, _OTHER_UNITS))}))"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TOLERANCE = 0.03  # "2.2 pounds" is "1 kg" to a customer; rounding a conversion stays within this


@dataclass(frozen=True)
class Quantity:
    text: str
    value: float
    dimension: str
    base: float  # the value in the dimension's base unit, to compare across units


def quantities(text: str) -> list[Quantity]:
    """The measurements ``text`` states, with their units."""
    found = []
    for match in _QUANTITY.finditer(text):
        value = float(match[1].replace(",", ""))
        dimension, size = _UNITS[(match[2] or match[3]).casefold()]
        found.append(Quantity(match[0].strip(), value, dimension, value * size))
    return found


def _bare_numbers(text: str) -> set[float]:
    """The figures of ``text`` written without a unit ("Weight (g): 250")."""
    plain = text.replace(",", "")  # "1,000" is one figure
    with_units = {m.span(1) for m in _QUANTITY.finditer(plain)}
    return {float(m[0]) for m in _NUMBER.finditer(plain) if m.span() not in with_units}


def _same(said: Quantity, known: Quantity) -> bool:
    if said.dimension != known.dimension:
        return False
    if said.value == known.value:
        return True
    return abs(said.base - known.base) <= _TOLERANCE * max(abs(known.base), 1e-9)


def unbacked_measures(
    answer: str, records: Sequence[Record], customer_texts: Iterable[str] = ()
) -> list[Violation]:
    """The quantities ``answer`` states that neither ``records`` nor the customer's own words give."""
    said = quantities(answer)
    if not said:
        return []
    # The name too: "Steel Kettle 1.5 L" gives 1.5 L even on a record built without a title.
    sources = [f"{r.get('name') or ''} {record_text(r)}" for r in records] + list(customer_texts)
    known = [q for text in sources for q in quantities(text)]
    bare = set().union(*(_bare_numbers(text) for text in sources)) if sources else set()
    return [
        Violation("spec", f"{q.text} is not a figure the catalog or policies give")
        for q in said
        if q.value not in bare and not any(_same(q, k) for k in known)
    ]
