"""From the model's text to what the customer reads: render the references, check every sentence,
keep the sentences that hold. A sentence that states something the records do not back never
reaches the customer; the rest of the answer does. Only an answer with nothing left to say about
the turn's products (or in the wrong language) is replaced by the records answer, and a product
or policy the customer asked about and the model left out is added after its words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from agent.answer.checks import Context, Sentence, Violation, ViolationKind, check_answer
from agent.answer.facts import TurnFacts
from agent.answer.render import render
from agent.language import answer_language_of

_DRAFT_MARK = re.compile(r"\bDRAFT\b|草稿")  # how staff drafts are headed (prompts/draft_header.*)


class Ending(StrEnum):
    """How the model's answer reached the customer."""

    AS_WRITTEN = "as_written"
    TRIMMED = "trimmed"  # sentences that did not hold were left out
    COMPLETED = "completed"  # code added what was asked and left out
    REPLACED = "replaced"  # the records answer instead
    LLM_ERROR = "llm_error"  # the model failed: the records answer


@dataclass
class Composed:
    text: str
    ending: Ending
    violations: list[Violation] = field(default_factory=list)
    products: list[str] = field(default_factory=list)  # ids of the products it names, in order
    model_text: str = ""  # the model's own words that reached the customer (rendered)


def compose(
    model_text: str,
    facts: TurnFacts,
    context: Context,
    records_answer: Callable[[list[str]], str],
    owed: list[list[str]] | None = None,
) -> Composed:
    """``records_answer(handles)``: the code-written answer about those products and policies
    (all of the turn's when empty); ``owed``: what the customer asked about, as groups of handles
    of which the answer must mention one each (the product asked about; one of those found)."""
    rendered = render(model_text.strip(), facts)
    sentences = check_answer(rendered, facts, context)
    violations = [v for s in sentences for v in s.violations]
    if context.customer and _DRAFT_MARK.search(rendered.text):
        # Drafts are staff work: a customer's answer headed like one is the refused tool's work.
        return Composed(
            records_answer([]), Ending.REPLACED, [Violation(ViolationKind.STAFF_DRAFT, "a draft")]
        )
    kept = [s for s in sentences if not s.violations]
    text = _without(rendered.text, [s for s in sentences if s.violations])
    if (language := _wrong_language(rendered.text, facts)) is not None:
        return Composed(records_answer([]), Ending.REPLACED, [*violations, language])
    if not text.strip():
        return Composed(records_answer([]), Ending.REPLACED, violations, model_text=text)
    mentioned = _handles(kept)
    ending = Ending.TRIMMED if len(kept) < len(sentences) else Ending.AS_WRITTEN
    model_words = text
    if missing := [h for group in owed or [] if not set(group) & set(mentioned) for h in group]:
        text = f"{text.rstrip()}\n\n{records_answer(missing)}"
        ending = Ending.COMPLETED
    ids = [p.id for h in mentioned if (p := facts.product(h))]
    return Composed(text, ending, violations, ids, model_words)


def _without(text: str, dropped: list[Sentence]) -> str:
    """``text`` less the ``dropped`` sentences, everything else as written."""
    for sentence in sorted(dropped, key=lambda s: -s.start):
        text = text[: sentence.start] + text[sentence.end :]
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _handles(kept: list[Sentence]) -> list[str]:
    """The products and policy passages the kept sentences name or quote."""
    return list(dict.fromkeys(h for s in kept for h in [*s.named, *s.policies]))


def _wrong_language(text: str, facts: TurnFacts) -> Violation | None:
    """The answer's own words (names and passages aside) in another language than the customer's."""
    words = text
    for product in facts.products:
        words = words.replace(product.name, " ")
    for policy in facts.policies:
        words = words.replace(policy.text, " ")
    wanted = facts.language
    said = answer_language_of(words, wanted)
    if said != wanted:
        return Violation(ViolationKind.LANGUAGE, f"the answer is in {said}, the customer reads {wanted}")
    return None
