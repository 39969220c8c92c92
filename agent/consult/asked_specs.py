"""Which of the products' own specs a message asks about ("How heavy is it?" asks for Weight).

An answer to "how heavy is it?" that lists the product's price and stock, or stops at "Weight:"
because the token limit came, is not an answer. The keys are the catalog's own (``Weight``,
``Battery``, ``Product Dimensions``): a message asks for a key when it names one of the key's
words, in English or through the Chinese dictionary (电池 battery, 屏幕 screen), or asks how heavy,
big or long something is, which names no key in any language.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from agent.consult.dictionary import english_words
from agent.consult.records import Record
from agent.ingestion.cleaning import spec_pairs
from agent.ingestion.prices import stated_numbers
from agent.prompts import load_localized

# "How heavy", "多重": the question word stands for a measurement no key is named after. Generic
# measurements (not one shop's keys); a key is asked for when one of these words is in it.
_MEASURES = {
    "heavy": ("weight",), "light": ("weight",), "big": ("size", "dimensions"),
    "large": ("size", "dimensions"), "small": ("size", "dimensions"), "long": ("length",),
    "tall": ("height",), "high": ("height",), "wide": ("width",), "thick": ("thickness",),
}  # fmt: skip
# The measurements named when no key covers them ("how long" and "how high" are as often about
# delivery time or a price, so not those): the key words that give each ("Product Dimensions"
# holds the width), and its Chinese name.
_GENERIC: dict[str, tuple[frozenset[str], str]] = {
    "weight": (frozenset({"weight"}), "重量"),
    "size": (frozenset({"size", "dimensions"}), "尺寸"),
    "dimensions": (frozenset({"size", "dimensions"}), "尺寸"),
    "width": (frozenset({"width", "size", "dimensions"}), "宽度"),
    "thickness": (frozenset({"thickness", "size", "dimensions"}), "厚度"),
}
_HOW_WORD = re.compile(r"\bhow\s+(\w+)", re.I)
_WEIGH = re.compile(r"\bweigh(?:s|ing)?\b", re.I)
_CHINESE_MEASURES = {"多重": "heavy", "多沉": "heavy", "多轻": "light", "多大": "big", "多长": "long",
                     "多高": "tall", "多宽": "wide", "多厚": "thick"}  # fmt: skip
# Spec words whose dictionary entry is an explanation, not a word (续航: "to run before needing
# to be recharged"): what a Chinese customer asks battery life with.
_CHINESE_SPEC_WORDS = {"续航": "battery", "待机": "battery"}
_WORD = re.compile(r"[a-z0-9]+")
_NOT_A_SPEC_WORD = frozenset({"and", "for", "with", "the", "per", "from", "type"})  # "Made with", "Fit Type"


def _asked_words(message: str, known: set[str]) -> set[str]:
    words = set(_WORD.findall(message.casefold()))
    words |= {w[:-1] for w in words if len(w) > 3 and w.endswith("s")}  # "sizes", "colors"
    if _WEIGH.search(message):
        words.add("weight")
    measured = {_CHINESE_MEASURES[m] for m in _CHINESE_MEASURES if m in message}
    words |= {word for chinese, word in _CHINESE_SPEC_WORDS.items() if chinese in message}
    words |= measured
    # Only the question word after "how" is a measurement: "a light laptop" asks for no figure.
    hows = {m.casefold() for m in _HOW_WORD.findall(message)} | measured
    words |= {target for word in hows for target in _MEASURES.get(word, ())}
    if re.search(r"[\u4e00-\u9fff]", message):
        words |= set(english_words(message, known.__contains__))
    return words


def asked_specs(message: str, keys: Collection[str]) -> list[str]:
    """The catalog's spec ``keys`` (``HybridRetriever.spec_keys``) that ``message`` asks about;
    a measurement no key covers ("how heavy?" on a catalog without a weight) by its own name
    ("Weight"), so the answer says the catalog does not give it instead of guessing."""
    key_words = {
        key: {
            w
            for w in _WORD.findall(key.casefold())
            if (len(w) >= 3 or key.isupper()) and w not in _NOT_A_SPEC_WORD
        }
        for key in keys
    }
    known = set().union(*key_words.values()) if key_words else set()
    words = _asked_words(message, known)
    found = sorted(key for key, words_of_key in key_words.items() if words_of_key & words)
    uncovered = [m.capitalize() for m in sorted(_GENERIC.keys() & words) if not _GENERIC[m][0] & known]
    return found if found else uncovered


def states_value(value: str, text: str) -> bool:
    """``text`` gives ``value`` ("250 g"), or its figures ("250克", "0.25 kg" does not count)."""
    if value.casefold() in text.casefold():
        return True
    figures = stated_numbers(value)
    return bool(figures) and figures <= stated_numbers(text)


def spec_values(records: Sequence[Record], keys: Sequence[str]) -> list[tuple[Record, str, str]]:
    """(product, key, value) for each asked key a product has."""
    wanted = set(keys)
    return [
        (r, key, value)
        for r in records
        if r.get("kind") == "product"
        for key, value in spec_pairs(r.get("specs"))
        if key in wanted
    ]


def missing_spec_line(asked: Sequence[str], facts: Sequence[Record], language: str) -> str | None:
    """An answer to "how heavy is it?" about products whose catalog entries give no weight: say so, never guess."""
    products = [r for r in facts if r.get("kind") == "product"]
    if not asked or not products or spec_values(products, asked):
        return None
    names = ", ".join(str(r["name"]) for r in products[:3])
    label = min(asked, key=len)  # "Weight", not "Weight, Item Weight, Shipping Weight"
    generic = _GENERIC.get(label.casefold())
    spec = label.casefold() if language == "en" else generic[1] if generic else label
    return load_localized("reply_missing_spec", language, spec=spec, products=names)
