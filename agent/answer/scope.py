"""Which sentences of a policy apply to a product: a sentence naming kinds of product the catalog
sells ("Laptops and monitors carry a 2-year warranty") applies only to products of those kinds,
so its figures back no claim about a phone. A sentence naming no kind applies to every product."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from agent.answer.facts import Policy, Product
from agent.answer.sentences import sentence_spans
from agent.answer.vocabulary import words_of
from agent.retrieval.dictionary import chinese_words

_KIND_WORD = 3  # shorter words of a category ("&", "tv") name no kind on their own


def kind_words(categories: Iterable[str]) -> frozenset[str]:
    """The words naming the catalog's kinds of product (its category and subcategory words, folded,
    and their commonest Chinese words, for a policy written in Chinese)."""
    return frozenset().union(*(_kind_words_of(c) for c in categories))


def product_kinds(product: Product) -> frozenset[str]:
    """The kind words of one product (its category and name)."""
    return kind_words((product.category, product.name))


@lru_cache(maxsize=4096)
def _kind_words_of(text: str) -> frozenset[str]:
    """Read once per text: the stream gate checks an answer again at every sentence end."""
    found: set[str] = set()
    for word in words_of(text):
        if len(word) >= _KIND_WORD or not word.isascii():
            found.add(_fold(word))
            found.update(chinese_words(word, 2))
    return frozenset(found)


def in_scope(policies: Sequence[Policy], subjects: Sequence[Product], kinds: frozenset[str]) -> str:
    """The sentences of ``policies`` that apply to every product of ``subjects``."""
    own = [product_kinds(p) for p in subjects]
    kept = []
    for policy in policies:
        for start, end in sentence_spans(policy.text):
            sentence = policy.text[start:end]
            named = {_fold(w) for w in words_of(sentence)} & kinds
            if not named or all(named & mine for mine in own):
                kept.append(sentence)
    return f"{' '.join(p.title for p in policies)} {' '.join(kept)}".strip()


def _fold(word: str) -> str:
    """One form for singular and plural ("laptops" and "laptop")."""
    return word.removesuffix("es") if word.endswith(("ches", "shes", "xes")) else word.removesuffix("s")
