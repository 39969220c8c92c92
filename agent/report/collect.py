"""Gather the report: turns, leads and handoffs from the sales ledger, thumbs from the chat history."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from agent.cluster.stores import open_desk, open_drafts, open_ledger
from agent.handoff.figures import HandoffFigures, handoff_figures
from agent.settings import Settings
from agent.storage.chat import read_chat

_FEEDBACK = """
    SELECT f."value" AS value, f."comment" AS comment, s."createdAt" AS created_at FROM feedbacks f
    JOIN steps s ON s."id" = f."forId"
    WHERE s."createdAt" >= :since AND s."createdAt" < :until
"""


@dataclass
class SalesReport:
    since: date
    until: date  # exclusive
    conversations: int = 0
    customer_turns: int = 0
    intents: Counter[str] = field(default_factory=Counter)
    products: Counter[tuple[str, str]] = field(default_factory=Counter)  # (id, name) -> turns shown
    leads: list[dict[str, Any]] = field(default_factory=list)
    handoffs: list[dict[str, Any]] = field(default_factory=list)
    thumbs_up: int = 0
    thumbs_down: int = 0
    comments: list[str] = field(default_factory=list)
    turns: list[dict[str, Any]] = field(default_factory=list)  # customer turns: labels, never words
    feedback: list[tuple[str, bool]] = field(default_factory=list)  # (when, thumbs up) for the charts
    live: HandoffFigures | None = None  # handoffs a person answered in the chat, and how fast
    drafts: dict[str, int] = field(default_factory=lambda: {"made": 0, "approved": 0})  # for staff
    nothing_yet: str | None = None  # why there is nothing to count: no ledger before the app's start


def parse_range(since: str | None, until: str | None, today: date | None = None) -> tuple[date, date]:
    """``since`` defaults to 30 days ago; ``until`` (inclusive) to today. Raises ValueError naming
    the bad field."""
    today = today or date.today()
    try:
        start = date.fromisoformat(since) if since else today - timedelta(days=30)
    except ValueError as error:
        raise ValueError(f"since: {since!r} is not a date like 2026-11-01") from error
    try:
        end = date.fromisoformat(until) if until else today
    except ValueError as error:
        raise ValueError(f"until: {until!r} is not a date like 2026-11-30") from error
    if end < start:
        raise ValueError(f"until: {end} is before since {start}")
    return start, end + timedelta(days=1)


async def collect(settings: Settings, since: date, until: date) -> SalesReport:
    """Reads only: raises LedgerMissingError (naming the file) when there is no ledger yet."""
    report = SalesReport(since, until)
    lo, hi = since.isoformat(), until.isoformat()
    ledger = open_ledger(settings)
    turns = [t for t in ledger.turns(lo, hi) if t["role"] == "customer"]
    report.customer_turns = len(turns)
    report.turns = turns
    report.conversations = len({t["thread_id"] for t in turns})
    report.intents = Counter(t["intent"] for t in turns)
    report.products = Counter((p["id"], p["name"]) for t in turns for p in t["products"])
    report.leads = [row for row in ledger.leads() if lo <= row["created_at"] < hi]
    report.handoffs = [row for row in ledger.handoffs() if lo <= row["created_at"] < hi]
    report.live = handoff_figures(open_desk(settings), since, until)
    report.drafts = open_drafts(settings).counts(lo, hi)
    for value, comment, created_at in await _feedback(settings.chat_database_url, lo, hi):
        report.feedback.append((str(created_at), bool(value)))
        if value:
            report.thumbs_up += 1
        else:
            report.thumbs_down += 1
        if comment:
            report.comments.append(comment)
    return report


async def _feedback(url: str, since: str, until: str) -> list[tuple[int, str | None, str]]:
    rows = await read_chat(url, _FEEDBACK, since=since, until=until)
    return [(row["value"], row["comment"], row["created_at"]) for row in rows]
