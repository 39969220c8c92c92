"""Which language the customer writes in (English or Simplified Chinese)."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """``zh`` when Chinese characters are at least a fifth of the letters, else ``en``."""
    cjk = len(_CJK.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    if cjk == 0:
        return "en"
    return "zh" if cjk >= max(1, latin_words) / 5 or not _LATIN.search(text) else "en"
