"""The grounding validator: every price, discount, product and promise in an answer must come
from the catalog/policy records of this conversation. Enforced in code, whatever the LLM."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from agent.consult.records import Record, records_cited
from agent.prompts import load_prompt, prompt_template

_AMOUNT = re.compile(
    r"(?:US\$|\$|USD\s?|¥|￥|€|£)\s?(\d[\d,]*(?:\.\d{1,2})?)|(\d[\d,]*(?:\.\d{1,2})?)\s?(?:USD|dollars|美元|美金|元)",
    re.I,
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%|(\d(?:\.\d)?)\s?折")
_FREE = re.compile(
    r"\bfree (?:shipping|delivery|gift|item|upgrade|of charge)|\bfor free\b|免费|半价|half price", re.I
)
_CODE = re.compile(r"(?:code|coupon|promo|voucher|优惠码|折扣码)\W{0,3}([A-Z0-9]{4,})", re.I)
_DAYS = re.compile(
    r"(\d+)\s*(?:-|to|–)?\s*(\d+)?\s*(?:business |working )?days?|(\d+)\s*(?:-|到|至)?\s*(\d+)?\s*(?:个)?(?:工作日|天)",
    re.I,
)
_SOON = re.compile(
    r"\b(?:deliver\w*|arriv\w*|ship\w*|get it|receive\w*)\b[^.!?]{0,30}?\b(?:tomorrow|today|tonight|overnight)\b"
    r"|\b(?:next|same)[- ]day\b|明天(?:送达|到货|发货|到)|当天(?:送达|发货|到)|次日(?:达|送达|到)",
    re.I,
)
_PRODUCT_ID = re.compile(r"\[([A-Z]{2,5}-\d{2,5})\]")
_IN_STOCK = re.compile(r"in stock|available now|ships? today|有货|现货", re.I)
_DRAFT_MARK = re.compile(r"\bDRAFT\b|草稿")  # how staff drafts are headed (prompts/draft_header.*)


@dataclass(frozen=True)
class Violation:
    kind: str  # price | discount | product | stock | delivery | prompt_leak
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass(frozen=True)
class Catalog:
    """Every product name and brand in the index, to tell a real product from an invented one."""

    names: dict[str, str]  # lower-case name -> id
    brands: frozenset[str]

    @classmethod
    def from_records(cls, products: list[Record]) -> Catalog:
        return cls(
            {str(p["name"]).lower(): p["id"] for p in products if p.get("name")},
            frozenset(str(p["brand"]) for p in products if p.get("brand")),
        )


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _allowed_amounts(records: list[Record], extra: Sequence[float]) -> set[float]:
    prices = [float(r["price"]) for r in records if r["kind"] == "product" and r.get("price") is not None]
    amounts = {round(p * n, 2) for p in prices for n in range(1, 11)}  # quantities of one product
    amounts |= {round(abs(a - b), 2) for a, b in combinations(prices, 2)}  # "$200 cheaper"
    amounts |= {round(a + b, 2) for a, b in combinations(prices, 2)}  # a bundle of two
    for record in _policies(records):
        for match in _AMOUNT.finditer(_text(record)):
            amounts.add(round(_number(match[1] or match[2]), 2))
    return amounts | {round(x, 2) for x in extra}


def _policies(records: list[Record]) -> list[Record]:
    """Only policy documents grant amounts, discounts, free items or codes: a product description
    is catalog data (often a supplier's), and text planted in it must not unlock anything."""
    return [r for r in records if r["kind"] != "product"]


def _text(record: Record) -> str:
    return " ".join(str(record.get(k) or "") for k in ("title", "text", "specs", "description"))


def check_answer(
    answer: str,
    records: list[Record],
    catalog: Catalog,
    customer_numbers: Sequence[float] = (),
) -> list[Violation]:
    """What ``answer`` states that ``records`` do not back. Empty means grounded."""
    found: list[Violation] = []
    policy = " ".join(_text(r) for r in _policies(records))
    amounts = _allowed_amounts(records, customer_numbers)
    for match in _AMOUNT.finditer(answer):
        value = round(_number(match[1] or match[2]), 2)
        if value not in amounts:
            found.append(Violation("price", f"{match[0].strip()} is not a catalog price or policy amount"))
    for match in _PERCENT.finditer(answer):
        if match[0].replace(" ", "") not in policy.replace(" ", ""):
            found.append(Violation("discount", f"{match[0]} is not in the policies"))
    for match in _FREE.finditer(answer):
        if match[0].lower() not in policy.lower():
            found.append(Violation("discount", f"'{match[0]}' is not offered in the policies"))
    for match in _CODE.finditer(answer):
        if match[1] not in policy:
            found.append(Violation("discount", f"code {match[1]} does not exist"))
    found += _products(answer, records, catalog)
    # "N days" also appears in specs ("20 days standby"): delivery wording is checked against every record.
    found += _promises(answer, records, " ".join(_text(r) for r in records))
    found += _leaks(answer)
    return found


def _products(answer: str, records: list[Record], catalog: Catalog) -> list[Violation]:
    found: list[Violation] = []
    products = [r for r in records if r["kind"] == "product"]
    allowed_ids = {r["id"] for r in records}
    allowed_names = [str(r["name"]).split() for r in products]
    for match in _PRODUCT_ID.finditer(answer):
        if match[1] not in allowed_ids:
            found.append(Violation("product", f"[{match[1]}] is not among this conversation's records"))
    lowered = answer.lower()
    for name, pid in catalog.names.items():
        if name in lowered and pid not in allowed_ids:
            found.append(Violation("product", f"{name!r} was not retrieved for this conversation"))
    for brand in catalog.brands:
        for match in re.finditer(rf"{re.escape(brand)}((?:\s+[A-Z0-9][\w+-]*)+)", answer):
            said = [brand, *match[1].split()]
            if not any(_prefix(said, name) or _prefix(name, said) for name in allowed_names):
                found.append(Violation("product", f"{' '.join(said)!r} is not a product in the records"))
    for record in products:
        if record.get("stock") == 0 and (at := lowered.find(str(record["name"]).lower())) >= 0:
            window = answer[at : at + len(record["name"]) + 60]
            if _IN_STOCK.search(window) and not re.search(
                r"out of stock|not in stock|缺货|无货", window, re.I
            ):
                found.append(Violation("stock", f"{record['name']} is out of stock"))
    return found


def _prefix(short: list[str], long: list[str]) -> bool:
    return len(short) <= len(long) and [w.lower() for w in long[: len(short)]] == [w.lower() for w in short]


def _promises(answer: str, records: list[Record], policy: str) -> list[Violation]:
    found: list[Violation] = []
    for match in _DAYS.finditer(answer):
        numbers = [n for n in match.groups() if n]
        if not all(re.search(rf"(?<!\d){n}(?!\d)", policy) for n in numbers):
            found.append(Violation("delivery", f"'{match[0].strip()}' is not in the delivery policy"))
    for match in _SOON.finditer(answer):
        if match[0].lower() not in policy.lower():
            found.append(Violation("delivery", f"'{match[0]}' delivery is not promised by the policy"))
    return found


@cache
def _rule_openings() -> tuple[str, ...]:
    """The first 40 characters of each instruction line long enough to be a telling quote: the
    grounding rules and the fixed lines of the system prompt (not its filled-in $values)."""
    lines = load_prompt("grounding").splitlines() + prompt_template("system").splitlines()
    rules = [line.strip("- ").strip() for line in lines if "$" not in line]
    return tuple(" ".join(rule.split())[:40].lower() for rule in rules if len(rule) >= 30)


def _leaks(answer: str) -> list[Violation]:
    normalized = " ".join(answer.split()).lower()
    if any(opening in normalized for opening in _rule_openings()):
        return [Violation("prompt_leak", "the answer quotes the assistant's instructions")]
    return []


def check_not_a_draft(text: str) -> list[Violation]:
    """For customers: drafts are staff work. An answer headed like one is a model writing what
    the staff tool it was refused would have written."""
    if _DRAFT_MARK.search(text):
        return [Violation("staff_draft", "a customer answer may not be a staff draft")]
    return []


def check_helpful(
    text: str, intent: str | None, facts: list[Record], product_intents: frozenset[str]
) -> list[Violation]:
    """A product question answered without naming any of the products found (a refusal, a dodge)."""
    products = [r for r in facts if r["kind"] == "product"]
    if intent in product_intents and products and not records_cited(text, products):
        return [Violation("unhelpful", "names none of the catalog products found for this question")]
    return []
