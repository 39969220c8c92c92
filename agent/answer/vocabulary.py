"""The one rule for what a model says in words: every content word of its own text is backed by
the records the sentence is about, by the customer's own words (not the things they asked about),
or by a small shop-independent vocabulary of sales talk (``words.en.txt``, ``words.zh.txt``). A
feature, an inclusion, a superlative or a promise that nothing backs ("waterproof", "a free mouse",
"Microsoft Office", "on the market") is unsupported, in whatever phrasing and language.

Words are compared by stem (Snowball) in English and as words (rjieba) in Chinese; a Chinese word
is also backed by an English record through its CC-CEDICT senses, and the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files

import rjieba
import snowballstemmer

from agent.retrieval.dictionary import english_words, senses

_LATIN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_HAN = re.compile(r"[\u3400-\u9fff]")


@cache
def _stemmer() -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


@cache
def sales_words(language: str) -> frozenset[str]:
    """The shop-independent vocabulary of ``language`` (stems in English, words in Chinese)."""
    resource = files("agent.answer").joinpath(f"words.{language}.txt")
    if not resource.is_file():
        return frozenset()
    words = [
        w
        for line in resource.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
        for w in line.split()
    ]
    return frozenset(stem(w) if language == "en" else w.lower() for w in words)


@cache
def _latin_sales_words() -> frozenset[str]:
    """The other Latin-script vocabularies (Spanish, German, French), as written."""
    return frozenset().union(*(sales_words(language) for language in ("es", "de", "fr")))


def words_of(text: str) -> list[str]:
    """The words of ``text``: Latin words lower-cased, Chinese cut into words."""
    lowered = text.lower()
    found = _LATIN.findall(re.sub(r"[\u3400-\u9fff]+", " ", lowered))
    for run in re.findall(r"[\u3400-\u9fff]+", lowered):
        found += [w for w in rjieba.cut(run) if _HAN.search(w)]
    return found


@dataclass
class Backing:
    """What backs words in one sentence: stems of English words and Chinese words."""

    stems: set[str] = field(default_factory=set)
    chinese: set[str] = field(default_factory=set)
    chinese_text: str = ""  # Chinese records are matched as text too (no segmentation is perfect)

    def add(self, text: str) -> Backing:
        for word in words_of(text):
            if _HAN.search(word):
                self.chinese.add(word)
                self.stems |= {stem(w) for w in _english(word)}
            else:
                self.stems.add(stem(word))
        if _HAN.search(text):
            self.chinese_text += " " + text
        return self

    def union(self, other: Backing) -> Backing:
        return Backing(
            self.stems | other.stems, self.chinese | other.chinese, self.chinese_text + other.chinese_text
        )

    def backs(self, word: str) -> bool:
        """Whether ``word`` is backed: by these texts, or as shop-independent sales talk."""
        if not _HAN.search(word):
            return self.has(word) or stem(word) in sales_words("en") or word in _latin_sales_words()
        return word in sales_words("zh") or self.has(word)

    def has(self, word: str) -> bool:
        """Whether these texts themselves say ``word`` (in either language)."""
        if not _HAN.search(word):
            return stem(word) in self.stems
        if word in self.chinese or word in self.chinese_text:
            return True
        return any(stem(s) in self.stems for s in _english(word))


def _english(word: str) -> list[str]:
    """A Chinese word's English senses, verbs included; a word the dictionary lacks, its parts'."""
    found = list(senses(word))
    return found or english_words(word, lambda _: True)


def unbacked(text: str, backing: Backing) -> list[str]:
    """The words of ``text`` that ``backing`` and the sales vocabulary do not back."""
    return list(dict.fromkeys(w for w in words_of(text) if len(w) > 1 and not backing.backs(w)))


@lru_cache(maxsize=1024)
def text_backing(text: str) -> Backing:
    """The backing of one record's or passage's text, read once: the stream gate checks an answer
    again at every sentence end, against the same records. Read only: ``union`` makes new ones."""
    return backing_of([text])


def backing_of(texts: Iterable[str]) -> Backing:
    backing = Backing()
    for text in texts:
        backing.add(text)
    return backing
