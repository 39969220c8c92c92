"""A "no" the policies contradict: asked whether something can be returned, the answer refuses
while a policy passage of the turn accepts returns. (A promise the policies do not make is the
claim finder's; this is the opposite mistake, a customer turned away from what the shop offers.)"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.consult.claims import claims_of_source
from agent.consult.records import Record, record_text
from agent.consult.violations import Violation

_ASKS_ABOUT_RETURNS = re.compile(
    r"\b(?:return|refund|exchange)\w*|退货|退换|退款|退回|换货|能退|可以退", re.I
)
# The answer opens with a refusal, or refuses returns in so many words.
_REFUSES = re.compile(
    r"^\W*(?:no(?![\s,]+(?:problem|worries))\b|nope\b|unfortunately\b|sorry,?\s+(?:you|we)\s+(?:can(?:no|')t|don't|do not)\b)"
    r"|\b(?:you|we)\s+(?:can(?:no|')t|cannot|are\s+not\s+able\s+to|do(?:n't|\s+not)\s+(?:accept|allow|take))\s+(?:\w+\s+)?returns?\b"
    r"|\breturns?\s+(?:are|is)\s+not\s+(?:accepted|possible|allowed)\b|\bno\s+returns\b"
    r"|^\W*(?:不可以|不能|不行|不支持|不接受|无法)|(?:不可以|不能|无法|不支持|不接受)(?:退货|退换|退款|退回)",
    re.I,
)


# Named to the model when it answers again: the policy decides which items, not a yes or a no.
_SAY_THE_POLICY = "it refuses returns, and the policies accept some: say which, on what conditions"


def refused_returns(answer: str, question: str, policies: Sequence[Record]) -> list[Violation]:
    """A refusal of returns to a question about them, where the turn's policies accept returns."""
    if not _ASKS_ABOUT_RETURNS.search(question) or not _REFUSES.search(answer.strip()):
        return []
    if not any(c.kind == "returns" for r in policies for c in claims_of_source(record_text(r))):
        return []
    return [Violation("returns", _SAY_THE_POLICY)]
