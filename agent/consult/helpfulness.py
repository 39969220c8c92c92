"""Whether an answer answers what was asked: names the products found, does not turn them down,
gives the price asked for and both prices of a comparison. A grounded answer can still fail here;
it is then completed from the records (``completion``), not generated again."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.consult.asked_specs import spec_values, states_value
from agent.consult.records import Record, prices_of, records_cited
from agent.consult.requests import covers, topic_passages
from agent.consult.violations import Violation
from agent.ingestion.prices import stated_numbers

# "We don't have it": said while the search found products, a refusal the customer should not get.
_NOT_CARRIED = re.compile(
    r"\b(?:don't|do not|doesn't|does not)\s+(?:currently\s+)?(?:have|carry|sell|stock|offer)\b"
    r"|\bnot\s+(?:available|in our (?:catalog|store|shop))\b|没有|暂无|不卖",
    re.I,
)
UNANSWERED_TOPIC = "leaves the question about"  # how a skipped policy question is named
# Answers a customer reads for a price: without one, the catalog's list completes them.
_NEEDS_A_PRICE = {"price_inquiry": "a price question answered", "product_recommendation": "a recommendation"}


def states_a_price(text: str, products: list[Record]) -> bool:
    """Whether ``text`` gives any of these products' prices (with or without a currency)."""
    return bool(prices_of(products) & stated_numbers(text))


def addresses(topic: str, text: str, facts: list[Record]) -> bool:
    """The answer speaks of ``topic`` ("free delivery", "退货"), or gives a figure or the title of
    the passage found for it ("returned within 7 days")."""
    if covers(topic, text):
        return True
    said = stated_numbers(text)
    return any(
        (p.get("title") and str(p["title"]) in text) or said & stated_numbers(str(p.get("text") or ""))
        for p in topic_passages(topic, facts)
    )


def says_nothing(text: str, records: list[Record]) -> bool:
    """No word in it besides the records' ids and numbers: "2653", the 0.5B's whole answer to
    "有没有更便宜的？" (a product's id), is no answer in any language."""
    for record in records:
        text = text.replace(str(record["id"]), " ")
    return not re.search(r"[^\W\d_]", text)


def check_helpful(
    text: str,
    intent: str | None,
    facts: list[Record],
    product_intents: frozenset[str],
    answered_topics: Sequence[str] = (),
    asked_specs: Sequence[str] = (),
    asks_price: bool = False,
) -> list[Violation]:
    """A product question answered without naming any of the products found, or with "we don't
    have it" and no price (a refusal, a dodge); a price question with no price; a comparison that
    leaves out a price; a question about a spec the products have ("how heavy is it?") answered
    without its value. A forecast answer is judged by its figures (``forecast_violations``): the
    classifier may call "how many X will we sell" a price question."""
    products = [r for r in facts if r["kind"] == "product"]
    if facts and says_nothing(text, facts):
        return [Violation("unhelpful", "the answer has no words, only ids or numbers")]
    # "How much is it, and does it ship for free?": the shipping passage found must be used, and
    # "能便宜点吗？" the discount policy. Not in a comparison: "which is cheaper" is answered by prices.
    skipped = [
        t
        for t in answered_topics
        if not (t == "discount" and intent == "comparison") and not addresses(t, text, facts)
    ]
    if skipped:  # "不可以。" to "can I return it?" says nothing the returns passage says
        return [Violation("unhelpful", f"{UNANSWERED_TOPIC} {', '.join(skipped)} unanswered")]
    if any(r.get("kind") == "forecast" for r in facts):
        return []
    values = spec_values(products, asked_specs)  # whatever the classifier called "how heavy is it?"
    if values and not any(states_value(value, text) for _, _, value in values):
        return [Violation("unhelpful", f"asked about {', '.join(asked_specs)}, the answer does not say")]
    priced_products = [p for p in products if p.get("price") is not None]
    if asks_price and priced_products and not states_a_price(text, products):
        # Whatever the classifier called it ("How much is it, and does it ship free?": shipping).
        return [Violation("unhelpful", "a price question answered without a price")]
    if intent not in product_intents or not products:
        return []
    if not records_cited(text, products):
        return [Violation("unhelpful", "names none of the catalog products found for this question")]
    priced = states_a_price(text, products)
    if _NOT_CARRIED.search(text) and not priced:
        return [Violation("unhelpful", "says the shop does not have what the search found")]
    if intent in _NEEDS_A_PRICE and not priced and any(p.get("price") is not None for p in products):
        # "Recommend the Lumio Sport Buds.": the customer still has to ask what it costs
        return [Violation("unhelpful", f"{_NEEDS_A_PRICE[intent]} without a price")]
    if intent == "comparison" and len(products) >= 2:
        said = stated_numbers(text)
        unpriced = [
            p["name"] for p in products[:2] if p.get("price") is not None and round(p["price"], 2) not in said
        ]
        if unpriced:
            return [Violation("unhelpful", f"a comparison must state both prices ({', '.join(unpriced)})")]
    return []


def cut_short(text: str, facts: list[Record]) -> list[Violation]:
    """An answer the length limit cut after some of the products found and before the others (the
    0.5B's list of three stopped after the first): the others follow it in code."""
    products = [r for r in facts if r["kind"] == "product"]
    named = {r["id"] for r in records_cited(text, products)}
    left = [str(p.get("name") or p["id"]) for p in products if p["id"] not in named]
    if named and left:
        return [Violation("unhelpful", f"cut at the answer length before {', '.join(left[:3])}")]
    return []
