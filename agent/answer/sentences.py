"""The one sentence splitter and the one negation reader of the answer checks."""

from __future__ import annotations

import re
from collections.abc import Sequence

# A sentence ends at . ! ? ; followed by a space or the end, at a Chinese full stop, or at a line
# break; never inside a rendered value or a name ("$1,299.00", "v2.5", "Dr. Oetker").
_END = re.compile(r"[.!?;:](?=\s|$)|[。！？；]|\n")
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|neither|without|isn't|aren't|doesn't|don't|won't|can't|cannot|wasn't|n't)\b"
    r"|不|没有|没|无|非|未|别",
    re.I,
)
_CLAUSE = re.compile(r"[,，、]|\b(?:but|however|while|whereas|although)\b|但|而|不过", re.I)


def sentence_spans(text: str, protected: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``; a ``protected`` span is never cut."""
    spans, start = [], 0
    for match in _END.finditer(text):
        end = match.end()
        if any(s < end <= e for s, e in protected):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def negated(text: str, at: int) -> bool:
    """Whether the claim at ``at`` is denied: a negation earlier in its clause."""
    clause_start = max((m.end() for m in _CLAUSE.finditer(text, 0, at)), default=0)
    return bool(_NEGATION.search(text, clause_start, at))
