"""Words in the other language, so that a query in one finds products named in the other.

At ingestion a product's name and category get the dictionary's words in the other language
(English names: the Chinese words whose first senses they are; Chinese names: the English words
of their first senses), written into the text that is embedded and keyword-indexed. At search
time a query gets its words in the other language too, kept only where the catalog uses them:
either side alone misses what the other finds ("儿童书包" is "schoolbag" to the dictionary, the
catalog says "backpack", whose Chinese 双肩包 shares 包 with it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.retrieval.dictionary import chinese_words, english_words, segment

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
_PHRASE_WORDS = 3  # "peanut butter", "rubik's cube", "hot water bottle"
_MAX_QUERY_WORDS = 8
# Words of a request that name no product: their Chinese would only add noise.
_NAMING_NOTHING = """a an the and or of for to in on with is are do does i me my you your we it this
that what which how can any have has be want need looking something some please under around about
than sell buy get show find good best cheap new one ones got like would could there used all not no
so thus etc up"""
_REQUEST_WORDS = frozenset(_NAMING_NOTHING.split())


def product_words(name: str, category: str = "", subcategory: str = "", description: str = "") -> str:
    """The other language's words for a product's name and categories, and for the phrases of its
    description ("a school bag with ...": 书包); a single word of a description is too often about
    something else ("" when there are none)."""
    text = " ".join(filter(None, (name, category, subcategory)))
    # A category is shared by many products and its commonest word is enough to find them; two
    # words for each would lengthen every embedded text for little recall.
    categories = " ".join(filter(None, (category, subcategory)))
    chinese = _chinese_for(name) + _chinese_for(categories, senses=1) + _chinese_for(description, shortest=2)
    english = _english_for(text) if _HAN.search(text) else []
    return " ".join(dict.fromkeys([*chinese, *english]))


def query_words(query: str, catalog_language: str, known: Callable[[str], bool]) -> str:
    """The words of ``query`` in the catalog's language that the catalog uses (``known``), when the
    query is written in the other one ("" otherwise): an English query on a catalog written mostly
    in English is searched as written, or its Chinese words would favour the few Chinese names."""
    if catalog_language == "en" and _HAN.search(query):
        found = english_words(query, known)
    elif catalog_language == "zh" and _LATIN_WORD.search(query):
        found = [word for word in _chinese_for(query) if known(word)]
    else:
        return ""
    return " ".join(list(dict.fromkeys(found))[:_MAX_QUERY_WORDS])


def _chinese_for(text: str, shortest: int = 1, senses: int = 2) -> list[str]:
    """Chinese words for the English of ``text``: its longest phrases the dictionary has first
    ("peanut butter" before "peanut" and "butter"; "school bag" as the dictionary's "schoolbag"),
    phrases of ``shortest`` words or more, ``senses`` words a single English word (one more a phrase)."""
    words = [w.lower() for w in _LATIN_WORD.findall(text)]
    found: list[str] = []
    start = 0
    while start < len(words):
        for size in range(min(_PHRASE_WORDS, len(words) - start), shortest - 1, -1):
            phrase = words[start : start + size]
            if _REQUEST_WORDS.intersection(phrase):  # "up to" is no thing; "for kids" not one either
                if size == 1:
                    break
                continue
            # A phrase names one thing: its words. A single word has more senses: its commonest
            # (a third rarely helps and lengthens every text that is embedded).
            limit = senses + 1 if size > 1 else senses
            chinese = chinese_words(" ".join(phrase), limit) or (
                chinese_words("".join(phrase), limit) if size > 1 else ()
            )
            if chinese:
                found += chinese
                start += size - 1
                break
        start += 1
    return list(dict.fromkeys(found))


def _english_for(text: str) -> list[str]:
    """English words for the Chinese words of ``text``; a single character alone (苏 of a brand,
    不 of 不粘) has too many senses to name a product by."""
    pieces = [piece for piece in segment(text) if len(piece) > 1]
    words = english_words(" ".join(pieces), _naming_word)
    return words


def _naming_word(word: str) -> bool:
    return word not in _REQUEST_WORDS and len(word) > 2
