"""Helpers over an agent's message list: this turn's part, tool records, a bounded window."""

from __future__ import annotations

from typing import Any

from langchain.agents.middleware import ModelResponse
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage

from agent.consult.records import Record


def last_human(messages: list[AnyMessage]) -> int:
    return max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)


def final_message(response: ModelResponse | AIMessage | Any) -> AIMessage:
    result = response.result if isinstance(response, ModelResponse) else [response]
    return next(m for m in reversed(result) if isinstance(m, AIMessage))


def tool_records(messages: list[AnyMessage]) -> list[Record]:
    """Records returned by tools during this turn (their artifacts)."""
    records: list[Record] = []
    for message in messages[last_human(messages) + 1 :]:
        if isinstance(message, ToolMessage) and isinstance(message.artifact, list):
            records += [r for r in message.artifact if isinstance(r, dict) and "id" in r]
    return records


def trim(messages: list[AnyMessage], keep: int) -> list[AnyMessage]:
    """The last ``keep`` messages, starting at a customer message so no tool result is orphaned."""
    if len(messages) <= keep:
        return messages
    tail = messages[-keep:]
    start = next((i for i, m in enumerate(tail) if isinstance(m, HumanMessage)), 0)
    current_turn = messages[last_human(messages) :]
    return tail[start:] if len(tail) - start >= len(current_turn) else current_turn  # type: ignore[return-value]
