"""What we could not answer, and a draft FAQ, for a report's period.

Unmet topics: the customer questions that got the out-of-scope redirect, a records-only fallback,
a handoff or a thumbs-down, grouped by meaning; each says whether the knowledge lacks the fact
(nothing close in the index) or the assistant failed to use it (a close passage exists). The draft
FAQ: the period's most frequent questions with the answer given (and its sources), for staff review.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from agent.insights.topics import group_texts
from agent.insights.transcripts import Exchange
from agent.retrieval.hybrid import HybridRetriever

# e5 cosine of a question to the passage answering it, measured on the sample knowledge: 0.86-0.93
# ("return policy?", "warranty on laptops", "ship to Canada?"); unrelated ones 0.80-0.85.
KNOWN_SCORE = 0.86
EXAMPLES = 3


@dataclass(frozen=True)
class UnmetTopic:
    words: list[str]
    size: int
    examples: list[str]  # redacted customer messages
    reasons: Counter[str]
    verdict: str  # "missing" (the knowledge lacks it) or "unused" (it was there)
    closest: str | None  # the closest passage or product, as "[id] title"


@dataclass(frozen=True)
class FaqEntry:
    question: str
    asked: int
    answer: str  # as given, with its sources; redacted


@dataclass
class UnmetNeeds:
    topics: list[UnmetTopic] = field(default_factory=list)
    faq: list[FaqEntry] = field(default_factory=list)


def _closest(retriever: HybridRetriever, question: str) -> tuple[float, str | None]:
    hits = retriever.search(question, 1, mode="dense")
    if not hits:
        return 0.0, None
    meta = hits[0].meta
    return hits[0].score, f"[{meta['id']}] {meta.get('name') or meta.get('title')}"


def unmet_needs(
    exchanges: list[Exchange],
    embed_queries: Callable[[list[str]], list[list[float]]],
    retriever: HybridRetriever,
    faq_size: int = 5,
) -> UnmetNeeds:
    needs = UnmetNeeds()
    unmet = [e for e in exchanges if e.reasons and e.question.strip()]
    for group in group_texts([e.question for e in unmet], embed_queries):
        members = [unmet[i] for i in group.members]
        examples = list(dict.fromkeys([unmet[group.central].question] + [m.question for m in members]))
        # the best match of any example: one well-put question shows the knowledge has the fact
        score, closest = max(_closest(retriever, q) for q in examples[:EXAMPLES])
        needs.topics.append(
            UnmetTopic(
                words=group.words,
                size=len(members),
                examples=examples[:EXAMPLES],
                reasons=Counter(r for m in members for r in m.reasons),
                verdict="unused" if score >= KNOWN_SCORE else "missing",
                closest=closest if score >= KNOWN_SCORE else None,
            )
        )
    answered = [e for e in exchanges if e.question.strip() and e.answer.strip()]
    for group in group_texts([e.question for e in answered], embed_queries)[:faq_size]:
        central = answered[group.central]
        needs.faq.append(FaqEntry(central.question, len(group.members), central.answer))
    return needs


def as_markdown(needs: UnmetNeeds) -> str:
    lines = ["### What we could not answer"]
    if not needs.topics:
        lines.append("(nothing: no redirect, records-only fallback, handoff or thumbs-down in the period)")
    for n, topic in enumerate(needs.topics, start=1):
        why = ", ".join(f"{reason} {count}" for reason, count in topic.reasons.most_common())
        verdict = (
            f"the knowledge has it ({topic.closest}): the assistant did not use it"
            if topic.verdict == "unused"
            else "missing from the catalog and policies"
        )
        lines.append(
            f"{n}. **{' / '.join(topic.words) or '(no words)'}**: {topic.size} messages ({why}); {verdict}"
        )
        lines += [f"   - \u201c{example}\u201d" for example in topic.examples]
    lines += ["", "### Draft FAQ (DRAFT for staff review)"]
    if not needs.faq:
        lines.append("(no answered questions in the period)")
    for entry in needs.faq:
        answer = entry.answer.replace("\n", "\n  > ")
        lines += [f"- **Q ({entry.asked}x): {entry.question}**", f"  > {answer}"]
    return "\n".join(lines)
