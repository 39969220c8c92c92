"""Which products an answer names: the catalog's own ids and names, so an invented product (or a
real one nobody retrieved for this conversation) is caught whatever the shop's id shape."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from agent.catalog_names import kind_names
from agent.consult.records import Record
from agent.consult.violations import Violation

# A bracketed token that is not a markdown link: how answers cite product ids.
BRACKETED = re.compile(r"\[([^\[\]\s]{1,60})\](?!\()")
WORD = re.compile(r"\w(?:[\w'+./-]*\w)?")
_MIN_NAME_CHARS = 6  # shorter catalog names ("Rice") are words, not product mentions


@dataclass(frozen=True)
class Catalog:
    """The index's own product ids, names and brands, to tell a real product from an invented one."""

    ids: frozenset[str]
    lower_ids: frozenset[str]  # the ids as they appear in lower-cased text
    names: dict[str, frozenset[str]]  # lower-case name -> ids (real catalogs repeat names)
    by_first_word: dict[str, tuple[str, ...]]  # first word -> names starting with it
    brands: frozenset[str]

    @classmethod
    def from_records(cls, products: list[Record], kinds: frozenset[str] | None = None) -> Catalog:
        """``kinds``: the case-folded names that name a kind (``agent.catalog_names``), when the
        caller has them already (the index computes them once per load)."""
        names: dict[str, set[str]] = defaultdict(set)
        for product in products:
            name = " ".join(str(product.get("name") or "").lower().split())
            if len(name) >= _MIN_NAME_CHARS:
                names[name].add(str(product["id"]))
        first: dict[str, list[str]] = defaultdict(list)
        # "green tea" written in an answer is the kind, not the product called just "Green Tea".
        kinds = kind_names(n.casefold() for n in names) if kinds is None else kinds
        for name in (n for n in names if n.casefold() not in kinds):
            first[name.split()[0]].append(name)
        ids = frozenset(str(p["id"]) for p in products)
        return cls(
            ids,
            frozenset(i.lower() for i in ids),
            {name: frozenset(ids) for name, ids in names.items()},
            {word: tuple(sorted(group, key=len, reverse=True)) for word, group in first.items()},
            frozenset(str(p["brand"]) for p in products if p.get("brand")),
        )


def unknown_products(answer: str, records: list[Record], catalog: Catalog) -> list[Violation]:
    found: list[Violation] = []
    products = [r for r in records if r["kind"] == "product"]
    allowed_ids = {str(r["id"]) for r in records}
    titles = {str(r.get("title") or "") for r in records}
    for match in BRACKETED.finditer(answer):
        token = match[1]
        if token not in allowed_ids and token not in titles and (token in catalog.ids or _id_like(token)):
            found.append(Violation("product", f"[{token}] is not among this conversation's records"))
    lowered = " ".join(answer.lower().split())
    for record in sorted(products, key=lambda r: -len(str(r.get("name") or ""))):
        name = " ".join(str(record.get("name") or "").lower().split())
        if name:  # an allowed name hides the catalog names inside it ("Cow Ghee" in "Amul Cow Ghee 1L")
            lowered = lowered.replace(name, " \x00 ")
    words = WORD.findall(lowered)
    for index, word in enumerate(words):
        for name in catalog.by_first_word.get(word, ()):
            size = len(name.split())
            if " ".join(words[index : index + size]) == name and not catalog.names[name] & allowed_ids:
                found.append(Violation("product", f"{name!r} was not retrieved for this conversation"))
                break
        if word in catalog.lower_ids and _id_like(word) and word not in {i.lower() for i in allowed_ids}:
            found.append(
                Violation("product", f"{word} is a catalog id not among this conversation's records")
            )
    brands = [b for b in catalog.brands if len(b) >= 3 and b in answer]  # one scan of every brand
    found += _unknown_brand_models(answer, products, brands)
    found += _unknown_names_with_brand(answer, products, brands)
    return found


def _id_like(token: str) -> bool:
    """Looks like a product code (letters and digits, e.g. LAP-001, B07XJ8C8F5), not a word."""
    return len(token) >= 4 and bool(re.search(r"\d", token)) and bool(re.search(r"[A-Za-z]", token))


def _unknown_brand_models(answer: str, products: list[Record], brands: list[str]) -> list[Violation]:
    """ "Voltix AirBook 15": a catalog brand followed by a model name no record has."""
    found = []
    allowed_names = [str(r["name"]).split() for r in products if r.get("name")]
    # "Kapi Green Coffee": a record's brand before its name ("Green Coffee", brand Kapi) is that record.
    allowed_names += [[*str(r["brand"]).split(), *str(r["name"]).split()] for r in products if r.get("brand")]
    for brand in brands:
        for match in re.finditer(rf"\b{re.escape(brand)}((?:\s+[A-Z0-9][\w+-]*)+)", answer):
            said = [brand, *match[1].split()]
            if not any(_prefix(said, name) or _prefix(name, said) for name in allowed_names):
                found.append(Violation("product", f"{' '.join(said)!r} is not a product in the records"))
    return found


def _prefix(short: list[str], long: list[str]) -> bool:
    return len(short) <= len(long) and [w.lower() for w in long[: len(short)]] == [w.lower() for w in short]


def _unknown_names_with_brand(answer: str, products: list[Record], brands: list[str]) -> list[Violation]:
    """ "the Instant Coffee (Nescafe)": a name written the way products are listed, before a
    catalog brand in brackets, that no record of that brand is called (the 0.5B compared a real
    coffee with this invented one)."""
    found = []
    for brand in brands:
        names = [_folded(r["name"]) for r in products if r.get("name") and r.get("brand") == brand]
        for match in re.finditer(rf"[(（]\s*{re.escape(brand)}\s*[)）]", answer):
            before = answer[: match.start()].rstrip(" *")
            said = re.search(r"(?:[A-Z0-9][\w'&.+-]*\s+)*[A-Z][\w'&.+-]*$", before)
            if said and not any(_folded(before).endswith(name) for name in names):
                found.append(Violation("product", f"'{said[0]} ({brand})' is not a product in the records"))
    return found


def _folded(text: object) -> str:
    return " ".join(str(text).casefold().split())
