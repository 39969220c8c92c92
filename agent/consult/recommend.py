"""Recommendation computed in code: constraints in, ranked catalog products out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from agent.consult.records import Record, records_from_hits
from agent.retrieval.dictionary import english_words, segment
from agent.retrieval.hybrid import Filters, HybridRetriever
from agent.understand.request import Budget


@dataclass(frozen=True)
class Constraints:
    need: str
    max_price: float | None = None
    min_price: float | None = None
    category: str | None = None
    brand: str | None = None

    @classmethod
    def of(cls, need: str, budget: Budget | None, currency: str | None = None) -> Constraints:
        """The need within the customer's budget (its range: "around 200" allows 160-240). A
        budget in another currency than the catalog's (``currency``) cannot be compared offline:
        it filters nothing."""
        if budget is None or (budget.currency and currency and budget.currency != currency):
            return cls(need=need)
        low, high = budget.limits()
        return cls(need=need, max_price=high, min_price=low)

    def filters(self, in_stock: bool) -> Filters:
        return Filters(
            min_price=self.min_price,
            max_price=self.max_price,
            category=self.category,
            brand=self.brand,
            in_stock=in_stock,
            kind="product",
        )


def recommend(retriever: HybridRetriever, constraints: Constraints, k: int = 3) -> list[Record]:
    """Best matches within the constraints, in-stock first; relaxes the category if nothing fits.

    A budget is never relaxed: recommending above it is what customers complain about.
    """
    tries = [constraints.filters(in_stock=True), constraints.filters(in_stock=False)]
    if constraints.category:
        loose = Constraints(constraints.need, constraints.max_price, constraints.min_price)
        tries.append(loose.filters(in_stock=True))
    for filters in tries:
        hits = retriever.search(constraints.need, k, filters)
        if hits:
            return records_from_hits(hits)
    return []


def cheaper_than(
    product: Record, retriever: HybridRetriever, shown: list[Record], k: int = 3
) -> list[Record]:
    """Products of the same kind as ``product`` that cost less: "do you have cheaper ones?" is about
    the kind under discussion, not about the words "cheaper ones". The kind is what the names of the
    products ``shown`` share ("Oats Flour", "Oats - Rolled", "Oats": oats), or the head of its own
    name when it was shown alone; names that share nothing (model names: "Voltix Watch SE",
    "Aurora Fit Band 6") leave it to the category, narrowed to the products named like a shown
    one where that name is a kind there (watches, bands, 手环 "wristband"; not the tracker tag the
    shop files beside them)."""
    if not product.get("price"):
        return []
    common = _heads_in_category(product, retriever)
    kind = kind_words([product, *shown], common)
    # The kind's words filter; the product's own name ranks ("Dark Chocolate" before a
    # "Chocolate Essence" for baking, when the kind is "chocolate").
    like = Constraints(
        " ".join([*sorted(kind), str(product["name"])]),
        float(product["price"]) - 0.01,
        None,
        None if kind else product.get("category"),
    )
    hits = retriever.search(like.need, 4 * k, like.filters(in_stock=False))
    found = [r for r in records_from_hits(hits) if r["id"] != product["id"]]
    if not kind and (heads := _kinds_shown(product, shown, retriever)):
        found = [r for r in found if _alike(head_nouns(r), heads)]
    if kind and len({str(p["id"]) for p in [product, *shown]}) == 1:
        # The kind is one product's head word: the others are named by it as well (a "Dark
        # Chocolate ... Biscotti" is a biscotti, "Chocolate Essence" an essence).
        found = [r for r in found if _alike({head_word(str(r.get("name") or ""), common) or ""}, kind)]
    # None of that kind for less is an answer too: the product is the cheapest of its kind.
    return [r for r in found if kind <= name_words(r)][:k]


_WORDS = re.compile(r"[^\W\d_]{3,}")


def name_words(record: Record) -> set[str]:
    return set(_WORDS.findall(str(record.get("name") or "").lower()))


def kind_words(products: list[Record], common: Callable[[str], int] | None = None) -> set[str]:
    """The words every product's name has, but a brand they all share ("Nimbus Quiet 700",
    "Nimbus Buds Pro"); for one product, its head word (``common``: see ``head_word``)."""
    if len({str(p["id"]) for p in products}) == 1:
        head = head_word(str(products[0].get("name") or ""), common)
        return {head} if head else set()
    brands = set.intersection(*(set(_WORDS.findall(str(p.get("brand") or "").lower())) for p in products))
    return set.intersection(*(name_words(p) for p in products)) - brands


def head_nouns(record: Record) -> set[str]:
    """What the name says the product is, in English: its head word, or for a Chinese one
    ("墨竹 运动手环 4") the dictionary's words for its last part (手环: wristband, bracelet)."""
    head = head_word(str(record.get("name") or ""))
    if head is None or not re.search(r"[\u3400-\u9fff]", head):
        return {head} if head else set()
    pieces = segment(head)
    return set(english_words(pieces[-1], lambda _: True)) if pieces else set()


def _kinds_shown(product: Record, shown: list[Record], retriever: HybridRetriever) -> set[str]:
    """The head nouns of the products shown that name a kind in their category: one that two or
    more of its products are named by ("watch", "band" and 手环), not a model name ("AirBook")."""
    peers = [
        head_nouns(m)
        for m in retriever.product_metadata.values()
        if m.get("category") == product.get("category")
    ]
    heads = set().union(*(head_nouns(p) for p in [product, *shown]))
    return {h for h in heads if sum(_alike(nouns, {h}) for nouns in peers) >= 2}


def _alike(nouns: set[str], heads: set[str]) -> bool:
    # A compound names its kind last: a wristband is a band, a smartwatch a watch.
    return any(a.endswith(b) or b.endswith(a) for a in nouns for b in heads)


def head_word(name: str, common: Callable[[str], int] | None = None) -> str | None:
    """The last word of a product name before its variant (" - 250 g", ", Active"): in English
    it says what the thing is ("Malgudi Filter Coffee - 60:40" is a coffee). After a comma may come
    the variant ("Green Tea, Tulsi") or the kind itself ("Colombia Classique Black, Single Origin
    Dark Chocolate"): given ``common`` (how many products of its category a word is the head of),
    a first part whose last word heads no kind there (fewer than two products) gives way to the
    part that heads most, if that one does."""
    parts = re.split(r" - |\(", name.lower())[0].split(",")
    heads = [words[-1] for part in parts if (words := _WORDS.findall(part))]
    if not heads:
        return None
    if common is None or len(heads) == 1 or common(heads[0]) >= 2:
        return heads[0]
    best = max(heads, key=lambda head: (common(head), -heads.index(head)))
    return best if common(best) >= 2 else heads[0]


# Per loaded index: each category's head words and how many products each heads (a pass over the
# whole catalog, about 50 ms for 27,555 products, done once, not on every "cheaper ones?").
_HEADS_BY_CATEGORY: WeakKeyDictionary[HybridRetriever, dict[Any, Counter[str | None]]] = WeakKeyDictionary()


def _heads_in_category(product: Record, retriever: HybridRetriever) -> Callable[[str], int]:
    by_category = _HEADS_BY_CATEGORY.get(retriever)
    if by_category is None:
        by_category = {}
        for m in retriever.product_metadata.values():
            by_category.setdefault(m.get("category"), Counter())[head_word(str(m.get("name") or ""))] += 1
        _HEADS_BY_CATEGORY[retriever] = by_category
    heads = by_category.get(product.get("category"), Counter())
    return lambda word: heads[word]
