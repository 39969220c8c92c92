"""Staff drafting: a pitch or follow-up email from catalog facts, marked for human review."""

from __future__ import annotations

import re

from agent.consult.records import Record, fact_line
from agent.prompts import load_localized

_DRAFT = re.compile(
    r"\b(draft|write|compose)\b.*\b(email|e-mail|pitch|message|follow[- ]?up)|(起草|写一封|写个|草拟).*(邮件|话术|推荐|跟进)",
    re.I,
)


def draft_kind(message: str) -> str | None:
    """``follow-up email`` or ``sales pitch`` when a salesperson asks for a draft, else None."""
    if not _DRAFT.search(message):
        return None
    return "follow-up email" if re.search(r"e-?mail|follow|邮件|跟进", message, re.I) else "sales pitch"


def mark_draft(text: str, facts: list[Record], language: str) -> str:
    """Header saying it is a draft, then the text, then the facts it was written from."""
    used = "\n".join(f"- {fact_line(r)}" for r in facts) or "- (none)"
    label = "事实来源" if language == "zh" else "Facts used"
    return f"{load_localized('draft_header', language)}\n\n{text.strip()}\n\n**{label}:**\n{used}"
