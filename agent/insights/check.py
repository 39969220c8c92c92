"""Every number in a phrased forecast answer must be one the forecast brief gave."""

from __future__ import annotations

from agent.answer.reading import numbers_of


def unbacked_numbers(answer: str, brief: str, question: str = "") -> list[str]:
    """Numbers in ``answer`` that are neither in ``brief`` nor in the question (sorted)."""
    allowed = numbers_of(brief) | numbers_of(question)
    return sorted(f"{n:g}" for n in numbers_of(answer) - allowed)
