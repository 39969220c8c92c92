"""The grounding validator: every price, discount, product and promise in an answer must come
from the catalog/policy records of this conversation. Enforced in code, whatever the LLM."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from agent.consult.claims import Claim, claims_of_source, find_claims, numbers_in
from agent.consult.comparisons import false_comparisons
from agent.consult.denials import refused_returns
from agent.consult.measures import unbacked_measures
from agent.consult.output_checks import (
    check_language,
    check_markup,
    check_repetition,
    leaks_instructions,
    without_names,
)
from agent.consult.pairing import list_price_alone, misattributed_prices, mislabelled_list_prices
from agent.consult.product_mentions import BRACKETED, WORD, Catalog, unknown_products
from agent.consult.qualities import unbacked_qualities
from agent.consult.records import (
    CitedAnswer,
    Record,
    fact_lines,
    prices_of,
    quoted_texts,
    record_text,
    records_cited,
    shows_discount,
)
from agent.consult.violations import Violation
from agent.ingestion.prices import amount_values, find_amounts

_CODE = re.compile(r"(?i:\b(?:code|coupon|promo|voucher)s?\b|优惠码|折扣码)\W{0,3}\b([A-Z0-9]{4,})\b")
_DRAFT_MARK = re.compile(r"\bDRAFT\b|草稿")  # how staff drafts are headed (prompts/draft_header.*)


def _policies(records: list[Record]) -> list[Record]:
    """Only policy documents grant amounts, discounts, free items or codes: a product description
    is catalog data (often a supplier's), and text planted in it must not unlock anything."""
    return [r for r in records if r["kind"] != "product"]


def _products(records: list[Record]) -> list[Record]:
    return [r for r in records if r["kind"] == "product"]


def _catalog_discounts(products: list[Record]) -> set[str]:
    """The discounts the catalog itself shows: list price minus sale price, and as a percentage."""
    shown: set[str] = set()
    for p in filter(shows_discount, products):
        price, listed = p["price"], p["list_price"]
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
        amounts |= {round(a.value, 2) for a in find_amounts(record_text(record))}
    return amounts | {round(x, 2) for x in extra}


def check_answer(
    answer: str,
    records: list[Record],
    catalog: Catalog,
    customer_numbers: Sequence[float] = (),
    language: str | None = None,
    customer_texts: Sequence[str] = (),
    listed: Sequence[Record] = (),
) -> list[Violation]:
    """What ``answer`` states that ``records`` do not back. Empty means grounded. The customer's
    own ``customer_texts`` back only measurements ("under 2 kg"), never prices or promises;
    ``listed`` is the list the customer was shown, what "the first one" of the answer is."""
    found: list[Violation] = []
    amounts = _allowed_amounts(records, customer_numbers)
    for amount in find_amounts(answer):
        if round(amount.value, 2) not in amounts:
            found.append(Violation("price", f"{amount.text} is not a catalog price or policy amount"))
    policy_tokens = set(WORD.findall(" ".join(record_text(r) for r in _policies(records))))
    for match in _CODE.finditer(answer):
        if match[1] not in policy_tokens:  # whole tokens: WELCOME1 is not WELCOME10
            found.append(Violation("discount", f"code {match[1]} does not exist"))
    found += _unbacked_claims(answer, records)
    found += refused_returns(answer, customer_texts[-1] if customer_texts else "", _policies(records))
    found += unbacked_measures(answer, records, customer_texts)
    found += unbacked_qualities(answer, records)
    found += unknown_products(answer, records, catalog)
    cited = CitedAnswer(answer, _products(records), listed)
    found += misattributed_prices(cited) + false_comparisons(cited)
    found += list_price_alone(cited) + mislabelled_list_prices(cited)
    found += check_markup(answer) + check_repetition(answer, fact_lines(records))
    if leaks_instructions(answer):
        found.append(Violation("prompt_leak", "the answer quotes the assistant's instructions"))
    if language is not None:
        # Names, titles and quoted policy text stay as the shop wrote them, in whatever language.
        names = [str(r.get(k) or "") for r in records for k in ("name", "title")]
        found += check_language(answer, language, names, quoted_texts(records))
    return found


def _unbacked_claims(answer: str, records: list[Record]) -> list[Violation]:
    policies, products = _policies(records), _products(records)
    policy_claims = [c for r in policies for c in claims_of_source(record_text(r), keep_denials=True)]
    # Product facts may back warranty and stock, never discounts or shipping.
    product_claims = [c for r in products for c in claims_of_source(record_text(r)) if c.kind == "warranty"]
    # Numbers that are a product's price or part of its name ("Kettle 1.5 L") are not promises.
    prices = {f"{float(p[k]):g}" for p in products for k in ("price", "list_price") if p.get(k)}
    found = []
    # Ids like [faq.md#4] and names like "100% Green Tea" are not promises.
    names = [str(p.get("name") or "") for p in products]
    for claim in find_claims(without_names(BRACKETED.sub(" ", answer), names)):
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
        shown = numbers <= _catalog_discounts(products) | backing
        return bool(numbers) and shown and _with_its_prices(claim.sentence, products)
    return False


_LIST_PRICE = re.compile(
    r"\b(?:list|original|regular|market|retail) price\b|\bMRP\b|原价|市场价|标价|划线价", re.I
)


def _with_its_prices(sentence: str, products: list[Record]) -> bool:
    """Whether a sentence stating the catalog's discount also states a price it comes from: "I can
    offer a 20% discount", said to "20% off?", reads as a new offer on the ₹340 sale price, while
    the catalog's 20% is what ₹340 already is against the ₹425 list price."""
    if _LIST_PRICE.search(sentence):  # "11% off its list price": the catalog's difference, named
        return True
    prices = {
        round(float(p[k]), 2) for p in filter(shows_discount, products) for k in ("price", "list_price")
    }
    return bool(prices & amount_values(sentence))


def check_not_a_draft(text: str) -> list[Violation]:
    """For customers: drafts are staff work. An answer headed like one is a model writing what
    the staff tool it was refused would have written."""
    if _DRAFT_MARK.search(text):
        return [Violation("staff_draft", "a customer answer may not be a staff draft")]
    return []
