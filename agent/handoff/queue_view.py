"""What a salesperson sees of a waiting customer: when, why, the conversation so far, the profile
and the products seen, read from the assistant's memory of that conversation."""

from __future__ import annotations

import re
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage

from agent.consult.actions import contact_of
from agent.consult.conversation import Profile
from agent.consult.records import record_from_document
from agent.storage.desk import LiveHandoff

RECENT_MESSAGES = 8
_CLIP = 300
# Markdown that would turn a customer's words into links or images in the staff UI.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


async def conversation_state(consultant: Any, thread_id: str) -> dict[str, Any]:
    """The checkpointed state of a conversation (empty when the assistant never answered it)."""
    state = await consultant.graph.aget_state({"configurable": {"thread_id": thread_id}})
    return dict(state.values or {})


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _CLIP else text[: _CLIP - 1] + "…"


def queue_entry(handoff: LiveHandoff, state: dict[str, Any], by_id: dict[str, Any]) -> str:
    """Markdown for the staff UI; what the customer wrote is escaped, so it stays text."""
    lines = [
        f"**Customer waiting for a person** — ticket {handoff.ticket}",
        f"- requested: {handoff.requested_at[:19].replace('T', ' ')} UTC",
        f"- reason: {handoff.reason}",
        f"- language: {handoff.language}",
    ]
    if state.get("profile"):
        profile = Profile.from_state(state["profile"])
        lines.append(f"- profile: {profile.describe()}")
        if contact := contact_of(profile.contact):  # staff may need to reach the customer after the chat
            lines.append(f"- contact: {', '.join(contact.values())}")
    seen = [by_id[i] for i in state.get("seen", []) if i in by_id]
    products = [record_from_document(d) for d in seen]
    names = [f"{r.get('name')} [{r['id']}]" for r in products if r.get("kind") == "product"]
    lines.append(f"- products seen: {', '.join(names) or 'none'}")
    said = [m for m in state.get("messages", []) if isinstance(m, HumanMessage | AIMessage) and m.text]
    if said:
        lines.append("\n**Conversation so far**")
        for message in said[-RECENT_MESSAGES:]:
            who = "Customer" if isinstance(message, HumanMessage) else "Assistant"
            lines.append(f"- {who}: {escape_markdown(_clip(message.text))}")
    return "\n".join(lines)
