"""The grounding validator: every price, discount, product and promise in an answer must come
from the catalog/policy records of this conversation. Enforced in code, whatever the LLM."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from agent.catalog_names import kind_names
from agent.consult.claims import Claim, claims_of_source, find_claims, numbers_in
from agent.consult.output_checks import (
    check_language,
    check_markup,
    check_repetition,
    leaks_instructions,
    without_names,
)
from agent.consult.pairing import misattributed_prices
from agent.consult.records import Record, prices_of, records_cited
from agent.consult.violations import Violation
from agent.ingestion.prices import amount_values, find_amounts

_CODE = re.compile(r"(?i:\b(?:code|coupon|promo|voucher)s?\b|优惠码|折扣码)\W{0,3}\b([A-Z0-9]{4,})\b")
# A bracketed token that is not a markdown link: how answers cite product ids.
_BRACKETED = re.compile(r"\[([^\[\]\s]{1,60})\](?!\()")
_WORD = re.compile(r"\w(?:[\w'+./-]*\w)?")
_DRAFT_MARK = re.compile(r"\bDRAFT\b|草稿")  # how staff drafts are headed (prompts/draft_header.*)
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
    def from_records(cls, products: list[Record]) -> Catalog:
        names: dict[str, set[str]] = defaultdict(set)
        for product in products:
            name = " ".join(str(product.get("name") or "").lower().split())
            if len(name) >= _MIN_NAME_CHARS:
                names[name].add(str(product["id"]))
        first: dict[str, list[str]] = defaultdict(list)
        # "green tea" written in an answer is the kind, not the product called just "Green Tea".
        for name in set(names) - kind_names(names):
            first[name.split()[0]].append(name)
        ids = frozenset(str(p["id"]) for p in products)
        return cls(
            ids,
            frozenset(i.lower() for i in ids),
            {name: frozenset(ids) for name, ids in names.items()},
            {word: tuple(sorted(group, key=len, reverse=True)) for word, group in first.items()},
            frozenset(str(p["brand"]) for p in products if p.get("brand")),
        )


def _policies(records: list[Record]) -> list[Record]:
    """Only policy documents grant amounts, discounts, free items or codes: a product description
    is catalog data (often a supplier's), and text planted in it must not unlock anything."""
    return [r for r in records if r["kind"] != "product"]


def _products(records: list[Record]) -> list[Record]:
    return [r for r in records if r["kind"] == "product"]


def _text(record: Record) -> str:
    return " ".join(str(record.get(k) or "") for k in ("title", "text", "specs", "description"))


def _catalog_discounts(products: list[Record]) -> set[str]:
    """The discounts the catalog itself shows: list price minus sale price, and as a percentage."""
    shown: set[str] = set()
    for p in products:
        price, listed = p.get("price"), p.get("list_price")
        if price is None or not listed or listed <= price:
            continue
        percent = (listed - price) / listed * 100
        shown |= {f"{round(listed - price, 2):g}", f"{int(percent)}", f"{round(percent)}", f"{listed:g}"}
        shown |= {f"{price:g}", f"{round(percent, 1):g}"}
    return shown


def _allowed_amounts(records: list[Record], extra: Sequence[float]) -> set[float]:
    products = _products(records)
    prices = [float(r["price"]) for r in products if r.get("price") is not None]
    prices += [float(r["list_price"]) for r in products if r.get("list_price")]
    amounts = {round(p * n, 2) for p in prices for n in range(1, 11)}  # quantities of one product
    amounts |= {round(abs(a - b), 2) for a, b in combinations(prices, 2)}  # "$200 cheaper", savings
    amounts |= {round(a + b, 2) for a, b in combinations(prices, 2)}  # a bundle of two
    for record in _policies(records):
        amounts |= {round(a.value, 2) for a in find_amounts(_text(record))}
    return amounts | {round(x, 2) for x in extra}


def check_answer(
    answer: str,
    records: list[Record],
    catalog: Catalog,
    customer_numbers: Sequence[float] = (),
    language: str | None = None,
) -> list[Violation]:
    """What ``answer`` states that ``records`` do not back. Empty means grounded."""
    found: list[Violation] = []
    amounts = _allowed_amounts(records, customer_numbers)
    for amount in find_amounts(answer):
        if round(amount.value, 2) not in amounts:
            found.append(Violation("price", f"{amount.text} is not a catalog price or policy amount"))
    policy_tokens = set(_WORD.findall(" ".join(_text(r) for r in _policies(records))))
    for match in _CODE.finditer(answer):
        if match[1] not in policy_tokens:  # whole tokens: WELCOME1 is not WELCOME10
            found.append(Violation("discount", f"code {match[1]} does not exist"))
    found += _unbacked_claims(answer, records)
    found += _unknown_products(answer, records, catalog)
    found += misattributed_prices(answer, _products(records))
    found += check_markup(answer) + check_repetition(answer)
    if leaks_instructions(answer):
        found.append(Violation("prompt_leak", "the answer quotes the assistant's instructions"))
    if language is not None:
        # Names, titles and quoted policy text stay as the shop wrote them, in whatever language.
        names = [str(r.get(k) or "") for r in records for k in ("name", "title")]
        found += check_language(answer, language, names, [str(r.get("text") or "") for r in records])
    return found


def _unbacked_claims(answer: str, records: list[Record]) -> list[Violation]:
    policies, products = _policies(records), _products(records)
    policy_claims = [c for r in policies for c in claims_of_source(_text(r), keep_denials=True)]
    # Product facts may back warranty and stock, never discounts or shipping.
    product_claims = [c for r in products for c in claims_of_source(_text(r)) if c.kind == "warranty"]
    # Numbers that are a product's price or part of its name ("Kettle 1.5 L") are not promises.
    prices = {f"{float(p[k]):g}" for p in products for k in ("price", "list_price") if p.get(k)}
    found = []
    # Ids like [faq.md#4] and names like "100% Green Tea" are not promises.
    names = [str(p.get("name") or "") for p in products]
    for claim in find_claims(without_names(_BRACKETED.sub(" ", answer), names)):
        named = records_cited(claim.sentence, products)
        numbers = claim.numbers - prices - {n for p in named for n in numbers_in(str(p["name"]))}
        if not _backed(claim, numbers, policy_claims + product_claims, products, answer):
            found.append(Violation(claim.kind, f"'{claim.text}' is not in the policies or the catalog"))
        elif (minimum := _free_only_from(claim, policy_claims, products, answer)) is not None:
            found.append(
                Violation(claim.kind, f"'{claim.text}': the policies make it free only from {minimum}")
            )
    return found


def _free_only_from(claim: Claim, policies: list[Claim], products: list[Record], answer: str) -> str | None:
    """The order amount from which the policies make shipping free, when the answer promises it
    for products that cost less and does not say the condition; None when the promise holds."""
    if claim.kind != "shipping_cost" or not claim.free:
        return None
    offers = [s for s in policies if s.kind == "shipping_cost" and s.free]
    minimums = [min(find_amounts(s.sentence), key=lambda a: a.value, default=None) for s in offers]
    if not offers or None in minimums:  # free without a condition somewhere
        return None
    minimum = min((m for m in minimums if m is not None), key=lambda a: a.value)
    if f"{minimum.value:g}" in claim.numbers:  # the answer states the condition
        return None
    prices = [float(p["price"]) for p in _meant(claim, products, answer) if p.get("price") is not None]
    return minimum.text if prices and max(prices) < minimum.value else None


def _meant(claim: Claim, products: list[Record], answer: str) -> list[Record]:
    """The products a claim is about: those its sentence names, else those the answer names; for
    an answer about "the first one" or "它", those whose price it states, else all the turn's."""
    return (
        records_cited(claim.sentence, products)
        or records_cited(answer, products)
        or _priced_in(claim.sentence, products)
        or _priced_in(answer, products)
        or products
    )


def _priced_in(text: str, products: list[Record]) -> list[Record]:
    said = amount_values(text)
    return [p for p in products if prices_of([p]) & said]


def _backed(
    claim: Claim, numbers: frozenset[str], sources: list[Claim], products: list[Record], answer: str
) -> bool:
    if claim.kind == "stock":
        named = _meant(claim, products, answer)
        return bool(named) and all((p.get("stock") or 0) > 0 for p in named)
    same = [s for s in sources if s.kind == claim.kind and (s.free or not claim.free)]
    backing = frozenset().union(*(s.numbers for s in same)) if same else frozenset()
    if same and numbers <= backing:
        return True
    if claim.kind == "discount" and not claim.free:  # the catalog's own list-vs-sale difference
        return bool(numbers) and numbers <= _catalog_discounts(products) | backing
    return False


def _unknown_products(answer: str, records: list[Record], catalog: Catalog) -> list[Violation]:
    found: list[Violation] = []
    products = _products(records)
    allowed_ids = {str(r["id"]) for r in records}
    titles = {str(r.get("title") or "") for r in records}
    for match in _BRACKETED.finditer(answer):
        token = match[1]
        if token not in allowed_ids and token not in titles and (token in catalog.ids or _id_like(token)):
            found.append(Violation("product", f"[{token}] is not among this conversation's records"))
    lowered = " ".join(answer.lower().split())
    for record in sorted(products, key=lambda r: -len(str(r.get("name") or ""))):
        name = " ".join(str(record.get("name") or "").lower().split())
        if name:  # an allowed name hides the catalog names inside it ("Cow Ghee" in "Amul Cow Ghee 1L")
            lowered = lowered.replace(name, " \x00 ")
    words = _WORD.findall(lowered)
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
    found += _unknown_brand_models(answer, products, catalog)
    return found


def _id_like(token: str) -> bool:
    """Looks like a product code (letters and digits, e.g. LAP-001, B07XJ8C8F5), not a word."""
    return len(token) >= 4 and bool(re.search(r"\d", token)) and bool(re.search(r"[A-Za-z]", token))


def _unknown_brand_models(answer: str, products: list[Record], catalog: Catalog) -> list[Violation]:
    """ "Voltix AirBook 15": a catalog brand followed by a model name no record has."""
    found = []
    allowed_names = [str(r["name"]).split() for r in products if r.get("name")]
    for brand in (b for b in catalog.brands if len(b) >= 3 and b in answer):
        for match in re.finditer(rf"\b{re.escape(brand)}((?:\s+[A-Z0-9][\w+-]*)+)", answer):
            said = [brand, *match[1].split()]
            if not any(_prefix(said, name) or _prefix(name, said) for name in allowed_names):
                found.append(Violation("product", f"{' '.join(said)!r} is not a product in the records"))
    return found


def _prefix(short: list[str], long: list[str]) -> bool:
    return len(short) <= len(long) and [w.lower() for w in long[: len(short)]] == [w.lower() for w in short]


def check_not_a_draft(text: str) -> list[Violation]:
    """For customers: drafts are staff work. An answer headed like one is a model writing what
    the staff tool it was refused would have written."""
    if _DRAFT_MARK.search(text):
        return [Violation("staff_draft", "a customer answer may not be a staff draft")]
    return []
