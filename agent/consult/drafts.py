"""Drafts for salespeople (a sales script, a follow-up email, a pitch, a chat reply, a brief):
which kind was asked for, and how a draft is shown (marked for review, with the facts it used).
Only staff get them: the planner never plans a draft for a customer."""

from __future__ import annotations

import re

from agent.consult.conversation import Profile
from agent.consult.draft_shape import DraftFrame
from agent.consult.records import Record, fact_line
from agent.prompts import load_localized

# The kinds of document a salesperson asks for, by their names (a closed class, in both languages).
_KINDS = (
    ("follow-up email", r"e-?mail|\bmail\b|邮件"),
    # Before the chat reply: "常见问题的标准答复" is a brief, not a reply.
    ("sales training brief", r"\bbrief\b|\btraining\b|\bfaq\b|培训|标准答复|常见问题"),
    ("chat reply", r"\brepl(?:y|ies)\b|\brespond|回复|答复|回一下|回个|回他|回她"),
    ("product pitch", r"\bpitch|推荐语|卖点|文案|产品推荐|推荐一下"),
    ("sales script", r"script|talking points|what should i say|话术|说辞|怎么说"),
)


def draft_kind(message: str) -> str:
    """The kind of draft a message asks for; a sales script when it names none."""
    return next((kind for kind, words in _KINDS if re.search(words, message, re.I)), "sales script")


# Who a salesperson's draft is for, by the closed classes that mark a person: a title ("Mrs. Iyer",
# "王总", "李姐", "Sharma 太太"), a family ("the Hendersons"), a capitalised name after "to", "for",
# "with" that no product's name uses ("email to Marcus Chen —").
_ADDRESSEE = (
    re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z][\w'-]+"),
    re.compile(r"(?:[A-Z][a-z]+\s?|[\u4e00-\u9fff])(?:总|姐|哥|先生|女士|太太|小姐|老师|经理|阿姨)"),
    re.compile(r"\bthe [A-Z][a-z]+s\b"),
    re.compile(r"\b(?:to|for|with)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?=[\s,.;:!?—-]|$)"),
)


def addressee(message: str, product_names: list[str]) -> str | None:
    """The customer a draft request names, if any."""
    words = {w.casefold() for name in product_names for w in name.split()}
    for pattern in _ADDRESSEE:
        for match in pattern.finditer(message):
            found = (match[1] if match.lastindex else match[0]).strip()
            if not {w.casefold() for w in found.split()} & words:
                return found
    return None


def draft_frame(
    profile: Profile,
    records: list[Record],
    named: list[str],
    shop_name: str,
    language: str,
    message: str = "",
) -> DraftFrame:
    """What a draft is about: the customer named, the products the model named first, then those
    that fit the budget."""
    high = profile.budget.limits()[1] if profile.budget else None
    products = [r for r in records if r.get("kind") == "product"]
    fitting = [r for r in products if high is None or r.get("price") is None or r["price"] <= high]
    chosen = [r for i in named for r in fitting if r["id"] == i] + fitting + products
    unique = tuple({r["id"]: r for r in chosen}.values())
    customer = addressee(message, [str(r["name"]) for r in products]) or profile.contact.name
    return DraftFrame(language, customer, profile.need, unique, shop_name)


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
