"""The sales stage, decided in code from the intent and the state (no extra LLM call)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.consult.state import Stage

if TYPE_CHECKING:
    from agent.consult.conversation import Profile

_BY_INTENT = {
    "objection": Stage.OBJECTION_HANDLING,
    "purchase": Stage.CLOSING,
    "after_sales": Stage.AFTER_SALES,
    "complaint": Stage.AFTER_SALES,
    "comparison": Stage.RECOMMENDATION,
    "product_question": Stage.RECOMMENDATION,
    "price_inquiry": Stage.RECOMMENDATION,
}
# Intents that leave the stage where it was (a detour, not a step in the sale).
_KEEP = {"out_of_scope", "human_handoff", "uncertain"}


def knows_needs(profile: Profile) -> bool:
    return bool(profile.budget or profile.need)


def next_stage(current: str | None, intent: str, profile: Profile) -> Stage:
    if intent in _KEEP:
        return Stage(current) if current else Stage.GREETING
    if intent == "chitchat":
        return Stage(current) if current and current != Stage.GREETING else Stage.GREETING
    if intent == "product_recommendation":
        return Stage.RECOMMENDATION if knows_needs(profile) else Stage.NEEDS_DISCOVERY
    if intent == "shipping":
        # Asking about delivery while choosing is a buying signal; after a sale it is after-sales.
        if current == Stage.AFTER_SALES:
            return Stage.AFTER_SALES
        return Stage.CLOSING if current in (Stage.RECOMMENDATION, Stage.CLOSING) else Stage.NEEDS_DISCOVERY
    return _BY_INTENT.get(intent, Stage.NEEDS_DISCOVERY)
