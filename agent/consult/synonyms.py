"""The shop's own synonym groups: the words its customers use for what its catalog calls otherwise.

A dictionary gives 酥油 as "butter" where an Indian grocer's catalog says "ghee", and 洗面奶 as
"cleansing lotion" where it says "face wash"; an English customer asks for "sneakers" in a shop that
sells "trainers". A shop fixes that once in a text file, as in Shopify's search synonym groups: one
group per line, its terms separated by commas (``,``, ``，`` or ``、``), ``#`` starts a comment::

    酥油, ghee
    洗面奶, 洁面乳, face wash
    sneakers, trainers

A term of a group in the customer's message adds the group's other terms that the catalog uses to
the search; on an English catalog they come before the model's and the dictionary's translation,
and the dictionary no longer translates the matched term.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from agent.ingestion.problems import SourceError, decode_text

_SEPARATORS = re.compile(r"[,，、]")
_LATIN = re.compile(r"[a-z0-9][a-z0-9'-]*")


@dataclass(frozen=True)
class SynonymMatch:
    words: list[str]  # the catalog's words for the terms found, in the groups' order
    rest: str  # the message with each term found replaced by the catalog's words for it


class Synonyms:
    def __init__(self, groups: Sequence[Sequence[str]] = ()) -> None:
        self.groups = [tuple(" ".join(t.casefold().split()) for t in group) for group in groups]
        # Longest terms first: "face wash" before "wash", 洗面奶 before 奶.
        self._terms = {t for g in self.groups for t in g}
        terms = sorted(self._terms, key=len, reverse=True)
        self._pattern = re.compile("|".join(_term_pattern(t) for t in terms)) if terms else None

    @classmethod
    def read(cls, path: Path) -> Synonyms:
        """The groups of ``path``; none when the file does not exist. A line with a single term is
        an error naming the file and line (it would silently do nothing)."""
        data = path.read_bytes() if path.is_file() else b""
        if not data.strip():
            return cls()
        groups = []
        for number, line in enumerate(decode_text(path, data).splitlines(), start=1):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            terms = [t.strip() for t in _SEPARATORS.split(text) if t.strip()]
            if len(set(terms)) < 2:
                raise SourceError(path, "a synonym group needs two or more terms", line=number)
            groups.append(terms)
        return cls(groups)

    def _term(self, said: str) -> str:
        """The group term a match stands for: "sneakers" for the term "sneaker", "face  wash" for
        "face wash"."""
        said = " ".join(said.split())
        return next(
            (t for t in (said, said.removesuffix("es"), said.removesuffix("s")) if t in self._terms), said
        )

    def __bool__(self) -> bool:
        return bool(self.groups)

    def expand(self, message: str, known: Callable[[str], bool]) -> SynonymMatch:
        """The catalog's words for the group terms in ``message``: of every other term of a
        matched group, its words that ``known`` accepts (the catalog uses them)."""
        if self._pattern is None:
            return SynonymMatch([], message)
        found = {self._term(m.group(0)) for m in self._pattern.finditer(message.casefold())}
        if not found:
            return SynonymMatch([], message)
        words: list[str] = []
        said_as: dict[str, str] = {}  # a term found -> the catalog's words for it
        for group in self.groups:
            matched = {t for t in group if t in found}
            catalog = [
                w for t in group if matched and t not in matched for w in _LATIN.findall(t) if known(w)
            ]
            words += catalog
            said_as |= dict.fromkeys(matched, " ".join(dict.fromkeys(catalog)))
        # 有酥油吗 -> 有 ghee 吗: a translating model then reads the shop's word, not its own guess.
        rest = self._pattern.sub(lambda m: f" {said_as.get(self._term(m.group(0)), '')} ", message.casefold())
        return SynonymMatch(list(dict.fromkeys(words)), rest)


def _term_pattern(term: str) -> str:
    escaped = r"\s+".join(re.escape(part) for part in term.split())
    if term.isascii():  # a whole word, plural too: "sneaker" matches "sneakers"
        return rf"(?<![\w-]){escaped}(?:s|es)?(?![\w-])"
    return escaped  # Chinese has no spaces between words
