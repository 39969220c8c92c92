"""What a turn writes to the conversation's state: the plan made in code, then the answer."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from agent.consult.asked_specs import asked_specs
from agent.consult.helpfulness import addresses
from agent.consult.messages import tool_actions
from agent.consult.planner import ReplyPlan
from agent.consult.records import Record, citations, records_cited, source_labels
from agent.consult.requests import asks_price, topic_passages


def with_seen(state: Mapping[str, Any], records: list[Record]) -> list[str]:
    """The conversation's seen record ids plus ``records``, first sighting first."""
    return list(dict.fromkeys([*state.get("seen", []), *(r["id"] for r in records)]))


def plan_update(
    state: Mapping[str, Any], plan: ReplyPlan, message: str, spec_keys: Collection[str] = ()
) -> dict[str, Any]:
    """What a turn planned in code writes before any model is asked (the outcome so far)."""
    update: dict[str, Any] = {
        "stage": plan.stage.value,
        "profile": plan.profile,
        "records": plan.records,
        "seen": with_seen(state, plan.records),
        "complaints": plan.complaints,
        "handoff": plan.handoff,
        "outcome": {
            "intent": plan.intent,
            "confidence": plan.confidence,
            "stage": plan.stage.value,
            "language": plan.language,
            "draft": plan.draft,
            "actions": plan.actions,
            "violations": [],
            "grounded": True,
            "fallback": None,
            "generated": False,  # set when the model is asked (awrap_model_call)
            "citations": [],
            "missing_topics": plan.missing_topics,
            "answered_topics": plan.answered_topics,
            "asked_specs": asked_specs(message, spec_keys),  # "how heavy is it?": Weight
            "asks_price": asks_price(message),  # "how much is it, and does it ship free?"
            "recommending": bool(plan.recommended),
        },
    }
    if plan.recommended:
        update["recommended"] = plan.recommended
    if products := [r["id"] for r in plan.records if r["kind"] == "product"]:
        update["focus"] = products  # a policy question ("does it ship free?") keeps the last focus
    return update


def answer_update(
    state: Mapping[str, Any],
    outcome: dict[str, Any],
    text: str,
    facts: list[Record],
    violations: list[str],
    fallback: str | None,
    grounded: bool,
) -> dict[str, Any]:
    """The answer's outcome (sources, fallback, violations), the leads its tools decided when the
    customer reads the model's answer, and the order "the second one" counts in."""
    used = list(records_cited(text, facts) or facts)
    # "It ships free from $50" cites no title, yet the shipping passage is its source.
    for topic in outcome.get("answered_topics", []):
        if addresses(topic, text, facts):
            used += [p for p in topic_passages(topic, facts) if p not in used]
    outcome |= {
        "violations": violations,
        "grounded": grounded,
        "fallback": fallback,
        "generated": True,
        "citations": citations(used),
        "sources": source_labels(used),
    }
    update: dict[str, Any] = {"outcome": outcome, "seen": with_seen(state, facts)}
    if fallback in (None, "completed"):  # the customer read the model's answer: its tools' leads stand
        decided = [a | {"language": outcome.get("language", "en")} for a in tool_actions(state["messages"])]
        outcome["actions"] = [*outcome.get("actions", []), *decided]
        update["handoff"] = next((a["id"] for a in decided if a["type"] == "handoff"), state.get("handoff"))
    shown = [r["id"] for r in used if r["kind"] == "product"]
    if shown:
        update["focus"] = shown
    # "the second one" means the second product the customer saw in the last recommendation (a
    # product retrieved but not shown is not on it); a turn that only talks about one of them
    # ("tell me about the second") keeps the list.
    if shown and outcome.get("recommending"):
        update["recommended"] = shown
    return update
