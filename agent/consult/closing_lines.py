"""What code adds to an answer, whoever wrote it: the staff-draft header, or the honest lines for
what the customer asked but the shop's data lacks ("no policy says ...", "the catalog does not
list the weight of ..."), so a missing fact is said, not guessed."""

from __future__ import annotations

from typing import Any

from agent.consult.asked_specs import missing_spec_line
from agent.consult.drafts import mark_draft
from agent.consult.records import Record
from agent.prompts import load_localized


def with_closing_lines(text: str, outcome: dict[str, Any], facts: list[Record], language: str) -> str:
    """``text`` headed as a draft (staff drafts), else followed by the missing-fact lines it lacks."""
    if outcome.get("draft"):
        return mark_draft(text, facts, language)
    if missing := outcome.get("missing_topics"):  # asked, but no policy says
        line = load_localized("reply_missing_topic", language, topics=", ".join(missing))
        text = text if line in text else f"{text}\n\n{line}"
    unlisted = missing_spec_line(outcome.get("asked_specs", []), facts, language)
    if unlisted and unlisted not in text:  # "how heavy?" and the catalog gives no weight
        text = f"{text}\n\n{unlisted}"
    return text
