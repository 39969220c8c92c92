"""An answer that is right but incomplete is completed in code, not generated a second time.

A small model often answers a product question without naming the products found ("The second one
is cheaper at ₹141.55") or compares two products with one price. Nothing in such an answer is
wrong, so a second generation (seconds on a CPU, and as likely to leave something out) is not worth
waiting for: the products it left out are appended, with their prices and ids (and the policies
the turn found, so a shipping answer shows its source). An answer that
names no found product and states no catalog price ("Yes, we have coffee.", or the customer's own
request said back, which small models do when they confuse the roles) carries nothing the list does
not: the list replaces it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.consult.helpfulness import UNANSWERED_TOPIC, says_nothing, states_a_price
from agent.consult.records import Record, records_cited
from agent.consult.requests import topic_passages
from agent.consult.violations import Violation
from agent.prompts import load_localized
from agent.records_answer import cheaper_of_two, records_answer

# Only this kind is completed: every other violation is something the answer must not say.
COMPLETABLE = frozenset({"unhelpful"})
# Intents whose question is the policy itself: every passage the search found is listed.
_POLICY_QUESTIONS = frozenset({"shipping", "after_sales", "complaint"})


def listed_facts(facts: list[Record], intent: str | None, answered_topics: Sequence[str]) -> list[Record]:
    """What a records answer lists: the products, and the policy passages the customer asked about.
    A passage the planner found only as context for the model ("Do you sell headphones?" labelled
    a price question brings "only one discount per order") is noise in a list."""
    products = [r for r in facts if r["kind"] == "product"]
    if not products or intent in _POLICY_QUESTIONS:
        return facts
    asked = [p for topic in answered_topics for p in topic_passages(topic, facts)]
    return [r for r in facts if r["kind"] == "product" or r in asked]


def completed_answer(
    answer: str,
    violations: list[Violation],
    facts: list[Record],
    language: str,
    listing: str | None = None,
    policies: str = "",
) -> str | None:
    """The answer with the products it left out (``listing``, by default the records answer of
    ``facts``), or None when it has a violation code cannot mend. An answer that names and prices
    every product and only leaves a policy question open gets just the ``policies`` listing: the
    products a second time would read as a new list."""
    products = [r for r in facts if r["kind"] == "product"]
    if not violations or not products or any(v.kind not in COMPLETABLE for v in violations):
        return None
    only_topics = all(v.detail.startswith(UNANSWERED_TOPIC) for v in violations)
    named = {r["id"] for r in records_cited(answer, products)}
    every_product = named == {p["id"] for p in products} and all(
        states_a_price(answer, [p]) for p in products
    )
    if policies and only_topics and every_product:
        return f"{answer.rstrip()}\n\n{policies}"
    shown = records_answer(facts, language) if listing is None else listing
    if says_nothing(answer, facts) or (not states_a_price(answer, products) and not named):
        return shown  # nothing from the catalog in it (or no words at all): the list says all it could
    return f"{answer.rstrip()}\n\n{shown}"


def records_reply(
    outcome: dict[str, Any], facts: list[Record], shop_name: str, with_products: bool = True
) -> str:
    """The deterministic answer: the records themselves, with the specs asked about and the
    policies the customer asked about (or a greeting when there are none). Without products:
    only the policies asked about ("" when there are none)."""
    language = outcome.get("language", "en")
    if not facts and outcome.get("intent") in ("chitchat", None):
        return load_localized("reply_greeting", language, shop_name=shop_name)
    listed = listed_facts(facts, outcome.get("intent"), outcome.get("answered_topics", []))
    if not with_products:
        listed = [r for r in listed if r["kind"] != "product"]
        if not listed:
            return ""
    listing = records_answer(listed, language, outcome.get("missing_topics"), outcome.get("asked_specs", []))
    verdict = cheaper_of_two(listed, language) if outcome.get("intent") == "comparison" else ""
    return f"{verdict}\n\n{listing}" if verdict else listing
