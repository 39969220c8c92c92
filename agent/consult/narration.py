"""The model talking about its prompt instead of to the customer.

A small model reads "What the customer has told us so far" and "using only the facts above" and
says them back: "Based on the facts provided, here are...", "The customer has a budget of ₹200,
so they are looking for green tea". Nothing in it is false, so it is mended, not regenerated: the
opening phrase goes, and a sentence about "the customer" in the third person is dropped.
"""

from __future__ import annotations

import re

from agent.consult.violations import Violation

_SOURCE = r"(?:the )?(?:provided |given |above )?(?:facts|records|information|data)"
# "Based on the facts provided, " / "According to the information provided in the facts, " /
# "The facts state that " / "根据提供的信息，" / "根据上面的 facts，", at the start of any sentence
# (``lead``: the markdown or bullet before it, kept).
_OPENING = re.compile(
    rf"(?im)(?:^|(?<=[.!?] )|(?<=[。！？]))(?P<lead>\W*?)(?:(?:based on|according to|from) {_SOURCE}"
    r"(?: (?:provided|given|above|listed|you provided))?(?: (?:in|from) the (?:facts|records))?\s*[,:]"
    r"|the (?:facts|records) (?:state|say|show|list|mention)s?(?: that)?"
    r"|根据(?:提供的|以上|上面的?|所给的?)?\s*(?:事实|信息|资料|记录|facts?)\s*[，,：:])\s*"
)
# The same said inside a sentence: "Here are two cheaper products from the facts:", "no cheaper
# dark chocolates in the records." ("records" only before punctuation: "the records shop" stays).
_INSIDE = re.compile(
    r"(?i),? (?:provided )?(?:in|from) the (?:facts\b|records(?=\s*(?:[.,:;!?)]|$)))"
    r"(?: (?:provided|given|above)\b)?"
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
    return bool(_OPENING.search(text) or _INSIDE.search(text) or _THIRD_PERSON.search(text))


def narration_violations(text: str) -> list[Violation]:
    """For the stream: a sentence about the prompt is not shown while it is being mended."""
    return [Violation("narration", "the answer talks about its prompt")] if narrates(text) else []


def without_narration(text: str) -> str:
    """``text`` with its prompt-talk taken out; the rest as it was."""
    text = _INSIDE.sub("", _without_openings(text))
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


def _without_openings(text: str) -> str:
    """Each opening about the prompt taken out; the word after it starts the sentence now."""
    kept, last = [], 0
    for match in _OPENING.finditer(text):
        kept += [text[last : match.start()], match["lead"]]
        last = match.end()
        if text[last : last + 1].islower():
            kept.append(text[last].upper())
            last += 1
    return "".join([*kept, text[last:]])


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text
