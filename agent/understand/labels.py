"""The parser's label sets: the acts of a message and the BIO tags of its spans."""

from __future__ import annotations

from agent.understand.request import Act

ACTS: tuple[str, ...] = tuple(a.value for a in Act)
SPAN_LABELS = (
    "NEED", "BUDGET_UNDER", "BUDGET_AROUND", "BUDGET_OVER", "BUDGET_BETWEEN", "QUANTITY", "REFERENT",
    "ATTRIBUTE", "NAME",
)  # fmt: skip
TAGS: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in SPAN_LABELS for p in ("B", "I")))
IGNORE = -100  # a token no loss is computed on (special tokens, messages without spans)
