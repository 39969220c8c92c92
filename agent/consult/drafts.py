"""Drafts for salespeople (a sales script, a follow-up email, a pitch, a chat reply, a brief):
which kind was asked for, and how a draft is shown (marked for review, with the facts it used).
Only staff get them: the planner never plans a draft for a customer."""

from __future__ import annotations

import re

from agent.consult.records import Record, fact_line
from agent.prompts import load_localized

# The kinds of document a salesperson asks for, by their names (a closed class, in both languages).
_KINDS = (
    ("follow-up email", r"e-?mail|\bmail\b|邮件"),
    ("chat reply", r"\brepl(?:y|ies)\b|\brespond|回复|答复"),
    ("product pitch", r"\bpitch|推荐语|卖点"),
    ("sales training brief", r"\bbrief\b|\btraining\b|\bfaq\b|培训|标准答复|常见问题"),
    ("sales script", r"script|talking points|what should i say|话术|说辞|怎么说"),
)


def draft_kind(message: str) -> str:
    """The kind of draft a message asks for; a sales script when it names none."""
    return next((kind for kind, words in _KINDS if re.search(words, message, re.I)), "sales script")


def mark_draft(text: str, facts: list[Record], language: str) -> str:
    """Header saying it is a draft, then the text, then the facts it was written from."""
    used = "\n".join(f"- {fact_line(r)}" for r in facts) or "- (none)"
    return f"{load_localized('draft_header', language)}\n\n{text.strip()}\n\n**{_facts_label(language)}:**\n{used}"


def draft_body(marked: str, language: str) -> str:
    """The words of a draft shown by ``mark_draft``, without its header and facts (what is kept)."""
    header = load_localized("draft_header", language).strip()
    body = marked.strip().removeprefix(header)
    return body.split(f"\n\n**{_facts_label(language)}:**", 1)[0].strip()


def _facts_label(language: str) -> str:
    return "事实来源" if language == "zh" else "Facts used"
