"""BM25 keyword scoring. Chinese has no spaces, so CJK runs become characters plus bigrams."""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from functools import cached_property

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*|[\u3400-\u9fff\uf900-\ufaff]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "with",
        "is",
        "are",
        "do",
        "does",
        "i",
        "me",
        "my",
        "you",
        "your",
        "we",
        "it",
        "this",
        "that",
        "what",
        "which",
        "how",
        "can",
        "any",
        "have",
        "has",
        "be",
        "want",
        "need",
        "looking",
        "something",
        "some",
        "please",
        "under",
        "around",
        "about",
        "than",
        "的",
        "了",
        "吗",
        "么",
        "呢",
        "吧",
        "我",
        "你",
        "是",
        "有",
    ]
)


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    for run in _TOKEN.findall(text.lower()):
        if _CJK.match(run):
            tokens += [c for c in run if c not in _STOPWORDS]
            tokens += [run[i : i + 2] for i in range(len(run) - 1)]
        elif run not in _STOPWORDS:
            tokens.append(run)
    return tokens


class KeywordIndex:
    """Okapi BM25 over a fixed list of texts, with postings for sub-millisecond scoring."""

    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.size = len(texts)
        self.k1, self.b = k1, b
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        lengths = np.zeros(self.size, dtype="float32")
        for doc, text in enumerate(texts):
            counts = Counter(tokenize(text))
            lengths[doc] = sum(counts.values())
            for term, tf in counts.items():
                postings[term].append((doc, tf))
        norm = k1 * (1 - b + b * lengths / max(float(lengths.mean()) if self.size else 1.0, 1.0))
        # Per term, once: matching docs, idf and the tf part of BM25, so a query is a few adds.
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, entries in postings.items():
            docs = np.array([d for d, _ in entries], dtype="int64")
            tfs = np.array([t for _, t in entries], dtype="float32")
            idf = math.log(1 + (self.size - len(entries) + 0.5) / (len(entries) + 0.5))
            self.postings[term] = (docs, idf * tfs * (k1 + 1) / (tfs + norm[docs]))

    def has_like(self, word: str) -> bool:
        """Whether the texts use ``word`` or, for a longer Latin word, one spelled almost like it
        ("laptops" for laptop, "hedphones" for headphones): a customer's typo still names it."""
        word = word.lower()
        forms = {word, word + "s", word.removesuffix("s"), word.removesuffix("es")}
        if any(form in self.postings for form in forms):
            return True
        # Shorter words are too close to others to guess at ("mower" is one letter from "power").
        if len(word) < 6 or not word.isascii():
            return False
        return bool(difflib.get_close_matches(word, self._latin_words, n=1, cutoff=0.85))

    @cached_property
    def _latin_words(self) -> list[str]:
        return [w for w in self.postings if len(w) >= 3 and w.isascii()]

    def uses(self, word: str) -> bool:
        """Whether the texts use ``word`` as it is or as a plural, and it tells texts apart; a
        Chinese word's every character pair must be indexed (they are its tokens)."""
        word = word.lower()
        if _CJK.match(word):
            pairs = [word[i : i + 2] for i in range(len(word) - 1)]
            return bool(pairs) and all(self.knows(pair) for pair in pairs)
        return any(self.knows(form) for form in (word, word + "s", word + "es"))

    def knows(self, word: str, max_share: float = 0.2) -> bool:
        """Whether the texts use ``word``, and not so often that it tells nothing apart."""
        entry = self.postings.get(word.lower())
        common = max(5.0, max_share * self.size)  # a small catalog has few texts per word anyway
        return entry is not None and word.lower() not in _STOPWORDS and len(entry[0]) <= common

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every text for ``query`` (zeros where no term matches)."""
        result = np.zeros(self.size, dtype="float32")
        for term in set(tokenize(query)):
            entry = self.postings.get(term)
            if entry is not None:
                result[entry[0]] += entry[1]
        return result
