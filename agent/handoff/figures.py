"""The report's handoff figures: how many were answered by a person, how fast, how many never."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from agent.handoff.desk import Desk
from agent.storage.desk import LiveHandoff


@dataclass(frozen=True)
class HandoffFigures:
    requested: int
    answered: int  # a salesperson wrote at least one message to the customer
    never_answered: int  # still waiting, or taken / handed back / closed without a reply
    median_first_reply_s: float | None  # request to first human message, over answered ones
    longest_first_reply_s: float | None


def _seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def figures_of(episodes: list[LiveHandoff]) -> HandoffFigures:
    waits = [_seconds(e.requested_at, e.first_reply_at) for e in episodes if e.first_reply_at]
    return HandoffFigures(
        requested=len(episodes),
        answered=len(waits),
        never_answered=len(episodes) - len(waits),
        median_first_reply_s=round(median(waits), 1) if waits else None,
        longest_first_reply_s=round(max(waits), 1) if waits else None,
    )


def handoff_figures(desk: Desk, since: date, until: date) -> HandoffFigures:
    """For ``agent.report``: episodes requested in ``since <= day < until`` (``until`` exclusive,
    as ``parse_range`` returns it). Reads only; no ledger yet means no handoffs."""
    return figures_of(desk.between(since.isoformat(), until.isoformat()))
