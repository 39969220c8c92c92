"""Ordinal references to the list a customer was shown: "the second one", "第二个"."""

from __future__ import annotations

import re

_INDEX = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1,
    "第一": 0, "第二": 1, "第三": 2, "最后": -1,
}  # fmt: skip
# A customer's message: "second" alone is enough ("tell me about the second").
_LOOSE = re.compile(
    r"\b(first|1st|second|2nd|third|3rd|last)\b(?: one| option| model)?|(第一|第二|第三|最后)(?:个|款|台|种)",
    re.I,
)
# An answer: "First, ..." and "the last time" are not products; a product is "the first one".
_STRICT = re.compile(
    r"\bthe\s+(first|second|third|last)\s+(?:one|option|model|product|pick)\b|(第一|第二|第三|最后)(?:个|款|台|种)",
    re.I,
)


def ordinal_mentions(text: str, strict: bool = False) -> list[tuple[int, int]]:
    """(where, list index) of each ordinal reference in ``text``; -1 is the last item."""
    pattern = _STRICT if strict else _LOOSE
    return [(m.start(), _INDEX[(m[1] or m[2]).lower()]) for m in pattern.finditer(text)]
