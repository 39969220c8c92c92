"""The catalog category a manager asks a report for, as the catalog spells it: "laptop" and
"LAPTOPS" are Laptops, 耳机 is Headphones (through the dictionary). A name that is no category
is an error listing the ones there are: an empty report would read as "nothing sold"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.retrieval.dictionary import english_words

_WORD = re.compile(r"[^\W\d_]+")


class UnknownCategoryError(ValueError):
    def __init__(self, asked: str, categories: Iterable[str]) -> None:
        known = ", ".join(sorted(categories)) or "none (no catalog ingested)"
        super().__init__(f"{asked!r} is no category of the catalog; its categories: {known}")


def _stems(text: str) -> set[str]:
    """Lower-case words without a plural "s": "Smart Home" -> {"smart", "home"}."""
    return {w.removesuffix("s") for w in _WORD.findall(text.casefold()) if w.isascii()}


def resolve_category(asked: str, categories: Iterable[str]) -> str:
    """The one category ``asked`` names: the same words up to case and plural, else the one
    category holding all its words ("fruits" for Fruits & Vegetables), or for a Chinese name the
    category its dictionary words name. Two candidates would be a guess: an error."""
    names = sorted(set(categories))
    wanted = _stems(asked)
    same = [name for name in names if wanted and _stems(name) == wanted]
    if not same and wanted:
        same = [name for name in names if wanted <= _stems(name)]
    if not same and not wanted:
        known = {stem for name in names for stem in _stems(name)}
        glossed = {w.removesuffix("s") for w in english_words(asked, lambda w: w.removesuffix("s") in known)}
        same = [name for name in names if glossed and _stems(name) <= glossed]
    if len(same) != 1:
        raise UnknownCategoryError(asked, names)
    return same[0]
