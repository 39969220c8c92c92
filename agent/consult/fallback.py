"""What the answer checks need from the conversation, what an answer owes the customer, and the
answer code writes from the records when the model's says nothing that holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.messages import ToolMessage

from agent.answer.checks import Context
from agent.answer.facts import TurnFacts
from agent.consult.conversation import Conversation
from agent.consult.messages import this_turn, tool_actions
from agent.consult.outcome import Outcome
from agent.consult.records import Record
from agent.prompts import load_localized
from agent.records_answer import cheaper_of_two, records_answer

# Acts whose answer is about each product the message is about (not "any of the products found").
_ABOUT_EACH = {"ask_about", "compare", "haggle", "order"}


def answer_context(
    state: Mapping[str, Any],
    outcome: Outcome,
    catalog: Mapping[str, str],
    kinds: frozenset[str] = frozenset(),
) -> Context:
    said = Conversation.from_state(state).said
    issued = [
        str(a.get("id")) for a in [*outcome.actions, *tool_actions(state.get("messages", []))] if a.get("id")
    ]
    told = tuple(str(m.text) for m in this_turn(state.get("messages", [])) if isinstance(m, ToolMessage))
    return Context(
        said=said,
        asked=tuple(outcome.attributes),
        catalog=catalog,
        ids=tuple(issued),
        tool_texts=told,
        kinds=kinds,
    )


def owed_handles(outcome: Outcome, facts: TurnFacts) -> list[list[str]]:
    """What the answer must mention, as groups of which at least one each: every product the
    message asks about, one of the products found for a request, one passage per policy question."""
    handles = {p.id: f"p{i}" for i, p in enumerate(facts.products, start=1)}
    about = [handles[i] for i in outcome.about if i in handles]
    groups = [[h] for h in about[:2]] if set(outcome.acts) & _ABOUT_EACH else ([about] if about else [])
    if outcome.answered_topics and facts.policies:
        groups.append([f"policy{i}" for i in range(1, len(facts.policies) + 1)])
    return groups


def records_reply(
    outcome: Outcome, facts: TurnFacts, records: list[Record], handles: list[str], shop_name: str
) -> str:
    """The answer written in code: the records named by ``handles`` (all of them when empty), the
    specs asked about, the cheaper of two for a comparison, what no policy covers."""
    language = outcome.language
    if not records and "smalltalk" in outcome.acts:
        return load_localized("reply_greeting", language, shop_name=shop_name)
    chosen = records
    if handles:
        ids = {p.id for h in handles if (p := facts.product(h))} | {
            q.id for h in handles if (q := facts.policy(h))
        }
        chosen = [r for r in records if r["id"] in ids]
    listing = records_answer(chosen, language, outcome.missing_topics, outcome.attributes)
    verdict = cheaper_of_two(chosen, language) if "compare" in outcome.acts else ""
    return f"{verdict}\n\n{listing}" if verdict else listing
