"""Helpers over an agent's message list: this turn's part, tool records, a bounded window."""

from __future__ import annotations

from typing import Any

from langchain.agents.middleware import ModelResponse
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage

from agent.consult.gate import whole_sentences
from agent.consult.records import Record


def last_human(messages: list[AnyMessage]) -> int:
    return max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)


def final_message(response: ModelResponse | AIMessage | Any) -> AIMessage:
    result = response.result if isinstance(response, ModelResponse) else [response]
    return next(m for m in reversed(result) if isinstance(m, AIMessage))


def answer_text(message: AIMessage) -> str:
    """The model's answer; one cut at the token limit ends at its last whole sentence, not
    mid-word ("The Voltix AirBook 13 is light. It has a 15 h batt")."""
    if message.response_metadata.get("finish_reason") == "length":
        return whole_sentences(message.text)
    return message.text


def _artifacts(messages: list[AnyMessage]) -> list[dict[str, Any]]:
    """What tools returned beside their text during this turn."""
    found: list[dict[str, Any]] = []
    for message in messages[last_human(messages) + 1 :]:
        if isinstance(message, ToolMessage) and isinstance(message.artifact, list):
            found += [a for a in message.artifact if isinstance(a, dict) and "id" in a]
    return found


def tool_records(messages: list[AnyMessage]) -> list[Record]:
    """Catalog and policy records tools fetched during this turn."""
    return [a for a in _artifacts(messages) if "kind" in a]  # type: ignore[misc]


def tool_actions(messages: list[AnyMessage]) -> list[dict[str, Any]]:
    """Leads and handoffs tools decided during this turn: stored only when the turn is committed."""
    return [a for a in _artifacts(messages) if a.get("type") in ("lead", "handoff")]


def trim(messages: list[AnyMessage], keep: int) -> list[AnyMessage]:
    """The last ``keep`` messages, starting at a customer message so no tool result is orphaned."""
    if len(messages) <= keep:
        return messages
    tail = messages[-keep:]
    start = next((i for i, m in enumerate(tail) if isinstance(m, HumanMessage)), 0)
    current_turn = messages[last_human(messages) :]
    return tail[start:] if len(tail) - start >= len(current_turn) else current_turn  # type: ignore[return-value]
