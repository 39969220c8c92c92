"""Ordinal references to the list a customer was shown: "the second one", "第二个"."""

from __future__ import annotations

import re
from collections.abc import Collection

_INDEX = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1,
    "第一": 0, "第二": 1, "第三": 2, "最后": -1,
}  # fmt: skip
# A customer's message: "second" alone is enough ("tell me about the second").
_LOOSE = re.compile(
    r"\b(first|1st|second|2nd|third|3rd|last)\b(?: one| option| model)?|(第一|第二|第三|最后)(?:个|款|台|种)",
    re.I,
)
# An answer: "First, ..." and "the last time" are not products; a product is "the first one", or
# "the second laptop" where the word names what the list held.
_STRICT = re.compile(
    r"\bthe\s+(first|second|third|last)\s+([a-z]+)\b|(第一|第二|第三|最后)(?:个|款|台|种)", re.I
)
_ANY_ITEM = frozenset(["one", "option", "model", "product", "pick", "item", "choice"])


def ordinal_mentions(text: str, strict: bool = False, kinds: Collection[str] = ()) -> list[tuple[int, int]]:
    """(where, list index) of each ordinal reference in ``text``; -1 is the last item. ``strict``
    (an answer): "the second X" counts where X is "one", "option"... or one of ``kinds``, the
    singular lower-case words of the listed products' names and categories."""
    if not strict:
        return [(m.start(), _INDEX[(m[1] or m[2]).lower()]) for m in _LOOSE.finditer(text)]
    found = []
    for match in _STRICT.finditer(text):
        if match[3] or match[2].lower() in _ANY_ITEM or singular(match[2].lower()) in kinds:
            found.append((match.start(), _INDEX[(match[1] or match[3]).lower()]))
    return found


def singular(word: str) -> str:
    """ "laptops" and "laptop" alike; enough to match a word of a name to a word of an answer."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
