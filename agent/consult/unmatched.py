"""A request for a kind of product that nothing in the catalog names.

A product search always returns its nearest products, related or not. When the request has no
word the catalog uses (nor one spelled almost like it), those are guesses: asked for a bicycle, an
electronics shop showed a smart speaker, and "I'll take the first one" ordered it. The catalog's
words include each product's words in the other language (``agent.retrieval.crosslang``), so
"魔方" is known to a shop that sells a "Speed Cube", and "儿童书包" to one with kids' backpacks.
When nothing is known, the customer is told that nothing was found, with the shop's categories,
and asked for other words.
"""

from __future__ import annotations

from agent.prompts import load_localized
from agent.retrieval.hybrid import HybridRetriever
from agent.retrieval.keyword import tokenize

BILINGUAL_SHARE = 0.05  # of the product names in Chinese: the shop writes for Chinese customers too
_CATEGORIES_SHOWN = 8


def names_nothing_known(
    search_terms: str | None, need: str, synonym_words: str, retriever: HybridRetriever
) -> bool:
    """Whether a request for products (``need``: the words naming what is wanted) names nothing of
    the catalog. ``search_terms``: the chat model's words of the catalog for a request in another
    language, if any; a shop's synonym for one of its words (``synonym_words``) is always known."""
    if synonym_words or search_terms:
        return False
    if retriever.with_other_language(need) != need:  # the dictionary's words the catalog uses
        return False
    words = tokenize(need)
    # Chinese is indexed as characters and pairs of them; a pair is a word's evidence, one
    # character alone (行, 车) is in some name of almost any Chinese catalog.
    pairs = [w for w in words if len(w) > 1 or w.isascii()]
    return bool(words) and not any(retriever.keyword.has_like(word) for word in pairs or words)


def translated_only(retriever: HybridRetriever) -> bool:
    """Whether a Chinese request is searched with the translated words alone: a catalog that
    names some products in Chinese is searched with the customer's own words too."""
    return retriever.chinese_name_share < BILINGUAL_SHARE


def not_in_catalog_reply(language: str, retriever: HybridRetriever) -> str:
    """Nothing found, the shop's largest categories, and a question for other words (the
    product's English name, when the catalog is English and the customer writes Chinese)."""
    categories = retriever.categories.categories[:_CATEGORIES_SHOWN]  # most products first
    separator = "、" if language == "zh" else ", "
    english = language == "zh" and retriever.catalog_language == "en" and translated_only(retriever)
    ask = load_localized("ask_english_name" if english else "ask_other_words", language).strip()
    return load_localized(
        "reply_not_in_catalog", language, ask=ask, categories=separator.join(categories) or "—"
    ).strip()
