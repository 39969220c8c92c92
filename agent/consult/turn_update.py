"""What a turn writes to the conversation's state: the plan made in code, then the answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent.consult.messages import tool_actions
from agent.consult.outcome import Outcome
from agent.consult.planner import TurnPlan
from agent.consult.records import Record, citations, source_labels


def with_seen(state: Mapping[str, Any], records: list[Record]) -> list[str]:
    """The conversation's seen record ids plus ``records``, first sighting first."""
    return list(dict.fromkeys([*state.get("seen", []), *(r["id"] for r in records)]))


def plan_update(state: Mapping[str, Any], plan: TurnPlan) -> dict[str, Any]:
    """What a turn planned in code writes before any model is asked."""
    request = plan.request
    outcome = Outcome(
        intent=plan.intent,
        acts=sorted(a.value for a in request.acts),
        confidence=request.confidence,
        stage=plan.stage.value,
        language=plan.language,
        draft=plan.draft,
        actions=plan.actions,
        about=plan.about,
        answered_topics=plan.answered_topics,
        missing_topics=plan.missing_topics,
        attributes=list(request.attributes),
    )
    if plan.reply is not None:  # answered in code: its records are its sources
        outcome.citations, outcome.sources = citations(plan.records), source_labels(plan.records)
    update: dict[str, Any] = {
        "stage": plan.stage.value,
        "profile": plan.profile.as_state(),
        "records": plan.records,
        "seen": with_seen(state, plan.records),
        "complaints": plan.complaints,
        "handoff": plan.handoff,
        "outcome": outcome.as_state(),
    }
    if plan.shown is not None:
        update["recommended"] = plan.shown
    if products := [r["id"] for r in plan.records if r["kind"] == "product"]:
        update["focus"] = products  # a policy question ("does it ship free?") keeps the last focus
    return update


def answer_update(
    state: Mapping[str, Any], outcome: Outcome, facts: list[Record], named: list[str], ending: str
) -> dict[str, Any]:
    """The answer's outcome (its sources, how it ended, what the checks held back) and the leads
    its tools decided, when the customer read the model's answer. ``named``: the product ids the
    answer names, in order: the list "the second one" counts in after a recommendation."""
    used = [r for r in facts if r["id"] in named] or facts
    used += [r for r in facts if r["kind"] != "product" and r not in used]
    outcome.ending, outcome.generated = ending, True
    outcome.citations, outcome.sources = citations(used), source_labels(used)
    update: dict[str, Any] = {"outcome": outcome.as_state(), "seen": with_seen(state, facts)}
    if ending in (
        "as_written",
        "trimmed",
        "completed",
    ):  # the customer read the model's answer: its tools' leads stand
        decided = [a | {"language": outcome.language} for a in tool_actions(state["messages"])]
        outcome.actions = [*outcome.actions, *decided]
        update["outcome"] = outcome.as_state()
        update["handoff"] = next((a["id"] for a in decided if a["type"] == "handoff"), state.get("handoff"))
    shown = [i for i in named if any(r["id"] == i and r["kind"] == "product" for r in facts)]
    if shown:
        update["focus"] = shown
        if "recommended" in state and len(shown) > 1:
            update["recommended"] = shown
    return update
