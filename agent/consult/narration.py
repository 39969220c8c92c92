"""The model talking about its prompt instead of to the customer.

A small model reads "What the customer has told us so far" and "using only the facts above" and
says them back: "Based on the facts provided, here are...", "The customer has a budget of ₹200,
so they are looking for green tea". Nothing in it is false, so it is mended, not regenerated: the
opening phrase goes, and a sentence about "the customer" in the third person is dropped.
"""

from __future__ import annotations

import re

from agent.consult.violations import Violation

# "Based on the facts provided, " / "According to the information above, " / "根据提供的信息，"
_OPENING = re.compile(
    r"(?im)^(\W*)(?:based on|according to|from) the (?:provided |given )?(?:facts|records|information|data)"
    r"(?: (?:provided|given|above|listed|you provided))?\s*[,:]\s*"
    r"|^(\W*)根据(?:提供的|以上|上面的?|所给的?)?(?:事实|信息|资料|记录)[，,：:]\s*"
)
# The customer in the third person: "the customer has a budget", "客户的预算是". Not "customer
# service" or "客服", which a shop's answer may name.
_THIRD_PERSON = re.compile(
    r"(?i)\bthe (?:customer|user)(?:'s)?\b(?! (?:service|support|care))"
    r"|(?:该|这位)?(?:客户|顾客|用户)(?:的预算|的需求|预算|想要|想找|希望|需要|正在|表示|告诉)"
)
# Between sentences, keeping every character: "₹175.00" ends nothing.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?=\s)|(?<=[。！？\n])")


def narrates(text: str) -> bool:
    return bool(_OPENING.search(text) or _THIRD_PERSON.search(text))


def narration_violations(text: str) -> list[Violation]:
    """For the stream: a sentence about the prompt is not shown while it is being mended."""
    return [Violation("narration", "the answer talks about its prompt")] if narrates(text) else []


def without_narration(text: str) -> str:
    """``text`` with its prompt-talk taken out; the rest as it was."""
    text = _OPENING.sub(lambda m: m[1] or m[2] or "", text)
    mended, dropped = "", False
    for sentence in _SENTENCE_END.split(text):
        if _THIRD_PERSON.search(sentence):
            dropped = True
            continue
        # The space that followed a dropped sentence must not indent a new line.
        mended += sentence.lstrip(" ") if dropped and (mended.endswith("\n") or not mended) else sentence
        dropped = False
    mended = mended.strip()
    return _capitalized(re.sub(r"\n{3,}", "\n\n", mended))


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text
