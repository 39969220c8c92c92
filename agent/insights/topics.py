"""Group questions into topics: e5 sentence vectors (the project's own embedder), agglomerative
clustering on cosine distance (no topic count to choose), each topic named by its most telling
words (class-based TF-IDF: frequent in the topic, rare in the others), ranked by size."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# e5 puts unrelated short questions at cosine ~0.75-0.8 and paraphrases above ~0.88.
DISTANCE = 0.16
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "is",
        "are",
        "was",
        "be",
        "it",
        "this",
        "that",
        "you",
        "your",
        "we",
        "our",
        "i",
        "me",
        "my",
        "do",
        "does",
        "can",
        "could",
        "would",
        "will",
        "what",
        "which",
        "how",
        "when",
        "where",
        "who",
        "why",
        "any",
        "have",
        "has",
        "there",
        "their",
        "them",
        "they",
        "about",
        "please",
        "just",
        "get",
        "got",
        "not",
        "no",
        "yes",
        "hi",
        "hello",
        "thanks",
        "thank",
        "want",
        "need",
        "like",
        "some",
        "from",
        "at",
        "by",
        "as",
        "if",
        "so",
    ]
)
_STOP_CHARS = frozenset("吗吧呢的了你们我是么啊呀这那个有在请问能可以要")
_WORD = re.compile(r"[a-z][a-z0-9'-]{2,}|[\u4e00-\u9fff]+")


def tokens(text: str) -> list[str]:
    """English words (no stop words) and Chinese character pairs."""
    found = []
    for piece in _WORD.findall(text.lower()):
        if piece[0] >= "\u4e00":
            pairs = [piece[i : i + 2] for i in range(max(1, len(piece) - 1))]
            found += [p for p in pairs if not _STOP_CHARS & set(p)]
        elif piece not in _STOP:
            found.append(piece)
    return found


def cluster(vectors: np.ndarray, distance: float = DISTANCE) -> list[list[int]]:
    """Index groups, biggest first (average linkage: a topic's members are close on average)."""
    if len(vectors) == 1:
        return [[0]]
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
    ).fit_predict(vectors)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def topic_words(groups: list[list[str]], top: int = 3) -> list[list[str]]:
    counts = [Counter(t for text in texts for t in tokens(text)) for texts in groups]
    spread = Counter(word for c in counts for word in c)
    named = []
    for c in counts:
        score = {w: n * math.log(1 + len(groups) / spread[w]) for w, n in c.items()}
        named.append(sorted(score, key=lambda w: (-score[w], w))[:top])
    return named


@dataclass(frozen=True)
class Group:
    words: list[str]
    members: list[int]  # indexes into the texts given
    central: int  # the member closest to the topic's centre


def group_texts(texts: list[str], embed_queries: Callable[[list[str]], list[list[float]]]) -> list[Group]:
    """``embed_queries``: e5 with its query prompt (``agent.embeddings.query_embedder``)."""
    if not texts:
        return []
    vectors = np.asarray(embed_queries(texts))
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    groups = cluster(vectors)
    names = topic_words([[texts[i] for i in g] for g in groups])
    found = []
    for members, words in zip(groups, names, strict=True):
        centre = vectors[members].mean(axis=0)
        central = members[int(np.argmax(vectors[members] @ centre))]
        found.append(Group(words, members, central))
    return found
