"""Customer questions and the answers they got, from the chat history (Chainlit's steps), each
marked with why it counts as unmet: the out-of-scope redirect, a records-only fallback, a handoff
or a thumbs-down. Reads only: a missing SQLite history is not created."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent.privacy.redact import redact
from agent.prompts import load_localized
from agent.storage.chat import read_chat

_STEPS = """
    SELECT s."id" AS id, s."threadId" AS thread, s."type" AS type, s."output" AS output,
           s."createdAt" AS created_at, f."value" AS vote
    FROM steps s LEFT JOIN feedbacks f ON f."forId" = s."id"
    WHERE s."type" IN ('user_message', 'assistant_message')
      AND s."createdAt" >= :since AND s."createdAt" < :until
    ORDER BY s."threadId", s."createdAt"
"""
_NEAR_S = 120  # a ledger turn or handoff this close to a message belongs to it
REASONS = ("out_of_scope", "records_only", "not_in_catalog", "handoff", "thumbs_down")


@dataclass(frozen=True)
class Exchange:
    thread: str
    asked_at: str
    question: str  # redacted
    answer: str  # redacted
    reasons: tuple[str, ...]  # empty: answered without a sign of trouble


def _fallback_openings() -> tuple[str, ...]:
    return tuple(load_localized("reply_llm_down", lang).strip()[:40] for lang in ("en", "zh")) + (
        "From our catalog:",
        "商品目录中",
    )


def _not_found_openings() -> tuple[str, ...]:
    # What the reply says before the shop's categories: the same on every turn.
    return tuple(
        load_localized("reply_not_in_catalog", lang, ask="", categories="")[:20] for lang in ("en", "zh")
    )


def _seconds(a: str, b: str) -> float:
    def parse(value: str) -> datetime:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)

    return abs((parse(a) - parse(b)).total_seconds())


def pair_exchanges(
    steps: list[dict[str, Any]], turns: list[dict[str, Any]], handoffs: list[dict[str, Any]]
) -> list[Exchange]:
    """Each customer message (of the threads ``turns`` names: customers' only) with the answer
    after it; ``turns`` and ``handoffs`` are the sales ledger's rows."""
    customer = {t["thread_id"] for t in turns}
    openings, not_found = _fallback_openings(), _not_found_openings()
    exchanges = []
    for n, step in enumerate(steps):
        if step["type"] != "user_message" or step["thread"] not in customer:
            continue
        answer = next(
            (s for s in steps[n + 1 :] if s["thread"] == step["thread"] and s["type"] == "assistant_message"),
            None,
        )
        asked = str(step["created_at"])
        near = [
            t
            for t in turns
            if t["thread_id"] == step["thread"] and _seconds(t["created_at"], asked) < _NEAR_S
        ]
        reasons = []
        if near and min(near, key=lambda t: _seconds(t["created_at"], asked))["intent"] == "out_of_scope":
            reasons.append("out_of_scope")
        reply = str(answer["output"] or "") if answer else ""
        if reply.startswith(openings):
            reasons.append("records_only")
        if reply.startswith(not_found):
            reasons.append("not_in_catalog")
        if any(
            h["thread_id"] == step["thread"] and _seconds(h["created_at"], asked) < _NEAR_S for h in handoffs
        ):
            reasons.append("handoff")
        if answer is not None and answer["vote"] is not None and not answer["vote"]:
            reasons.append("thumbs_down")
        exchanges.append(
            Exchange(
                str(step["thread"]), asked, redact(str(step["output"] or "")), redact(reply), tuple(reasons)
            )
        )
    return exchanges


async def read_steps(url: str, since: str, until: str) -> list[dict[str, Any]]:
    return await read_chat(url, _STEPS, since=since, until=until)
