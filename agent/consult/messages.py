"""Helpers over an agent's message list: this turn's part, tool records, a bounded window, and
earlier answers as a small model should see them."""

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
    return whole_sentences(message.text) if was_cut(message) else message.text


def was_cut(message: AIMessage) -> bool:
    """The answer stopped at the token limit, not where the model ended it."""
    return message.response_metadata.get("finish_reason") == "length"


def this_turn(messages: list[AnyMessage]) -> list[AnyMessage]:
    """The messages after the customer's last one (tool calls and their results)."""
    return messages[last_human(messages) + 1 :]


def _artifacts(messages: list[AnyMessage]) -> list[dict[str, Any]]:
    """What tools returned beside their text during this turn."""
    found: list[dict[str, Any]] = []
    for message in this_turn(messages):
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


# Where a stored answer keeps the part of it the model wrote ("" for an answer written in code).
MODEL_WORDS = "model_words"


def stored_answer(text: str, said: str) -> AIMessage:
    """An answer as the conversation keeps it: ``text`` as shown, ``said`` what the model wrote."""
    return AIMessage(content=text, response_metadata={MODEL_WORDS: said})


def model_words(text: str, first_answer: str, fallback: str | None) -> str:
    """The model's own words in an answer before its closing lines: all of it, the first answer
    when code appended the products it left out, nothing when code wrote the answer."""
    if fallback in (None, "regenerated"):
        return text
    if fallback == "completed" and text.startswith(first_answer.rstrip()):
        return first_answer.rstrip()
    return ""


def as_small_model_sees(messages: list[AnyMessage]) -> list[AnyMessage]:
    """Earlier answers with only the model's own words (nothing of what code wrote). A 0.5B model
    shown "From our catalog:\n- **Green Coffee** ..." gives that listing back as its next answer,
    whatever is asked (a copy, then the records answer)."""
    seen: list[AnyMessage] = []
    for message in messages:
        if isinstance(message, AIMessage) and MODEL_WORDS in message.response_metadata:
            message = AIMessage(content=str(message.response_metadata[MODEL_WORDS]).strip())
        seen.append(message)
    return seen
