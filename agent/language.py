"""Which language a customer writes in, by a maintained detector (lingua), for any language.

Short messages ("ok", "thx", a product name) carry too little to tell: they keep the language the
conversation already has. Chinese characters outnumbering Latin words is Chinese even with English
product words in it ("这个 headphones 有 noise cancelling 吗").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

# The languages detection chooses among: the ones shops' customers write most; a language outside
# them is read as the nearest of them, never silently as English.
_LANGUAGES = (
    "ENGLISH", "CHINESE", "SPANISH", "FRENCH", "GERMAN", "ITALIAN", "PORTUGUESE", "DUTCH", "RUSSIAN",
    "JAPANESE", "KOREAN", "ARABIC", "HINDI", "TURKISH", "VIETNAMESE", "INDONESIAN", "POLISH", "SWEDISH",
    "THAI", "MALAY",
)  # fmt: skip
SERVED = ("en", "zh")  # the languages every answer, the ones code writes too, is written in
CHECKED = ("en", "zh", "es", "de", "fr")  # the model may answer in these: its words can be checked
_HAN = re.compile(r"[\u3400-\u9fff]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_MIN_WORDS = 3  # fewer words than this do not change the conversation's language
_SURE = 0.75


@cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in _LANGUAGES)).build()


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of ``text``'s language; ``default`` (the conversation's) when it is too short
    to tell."""
    han = len(_HAN.findall(text))
    words = _WORD.findall(_HAN.sub(" ", text))
    if han and not _KANA_HANGUL.search(text) and han >= len(words):
        return "zh"
    if not words and not han:
        return default
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return default
    best = values[0]
    code = str(best.language.iso_code_639_1.name).lower()
    if len(words) < _MIN_WORDS and (best.value < _SURE or code not in CHECKED):
        return default
    return code


def language_without_names(text: str, names: Iterable[str], default: str) -> str | None:
    """The language of ``text`` with the ``names`` it quotes taken out ("Ist der 珐琅铸铁锅 24cm noch
    da?" is German, whatever the product's name is written in); None when it quotes none, or is
    nothing but names."""
    folded = text.casefold()
    quoted = [n for n in names if len(n) >= 4 and n in folded]
    if not quoted:
        return None
    for name in sorted(quoted, key=len, reverse=True):
        folded = folded.replace(name, " ")
    if not _HAN.search(folded) and len(_WORD.findall(folded)) < _MIN_WORDS:
        return None  # too little left to tell: the message as a whole says more
    return detect_language(folded, default)


@cache
def _answer_detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in _CHECKED_NAMES)).build()


_CHECKED_NAMES = ("ENGLISH", "CHINESE", "SPANISH", "GERMAN", "FRENCH")
_ANSWER_WORDS = 4  # an answer's own words (names and values aside) fewer than this say no language


def answer_language_of(text: str, expected: str) -> str:
    """The language an answer's own words are in, among those answers are checked in; ``expected``
    when they are too few to tell ("in stock", a list of names and prices)."""
    han = len(_HAN.findall(text))
    words = _WORD.findall(_HAN.sub(" ", text))
    if han and han >= len(words):
        return "zh"
    if len(words) < _ANSWER_WORDS:
        return expected
    best = _answer_detector().detect_language_of(text)
    return str(best.iso_code_639_1.name).lower() if best is not None else expected


def answer_language(language: str) -> str:
    """The language an answer is written in: the customer's where its words can be checked, else
    English."""
    return language if language in CHECKED else "en"
