"""Every number in a phrased forecast answer must be one the forecast brief gave."""

from __future__ import annotations

from typing import Any

from agent.consult.claims import numbers_in
from agent.consult.violations import Violation


def unbacked_numbers(answer: str, brief: str, question: str = "") -> list[str]:
    """Numbers in ``answer`` that are neither in ``brief`` nor in the question (sorted)."""
    allowed = numbers_in(brief) | numbers_in(question)
    return sorted(numbers_in(answer) - allowed)


def forecast_violations(answer: str, facts: list[dict[str, Any]]) -> list[Violation]:
    """When the facts hold a forecast brief, an answer number that it does not give is a violation
    (the LLM phrases the forecast, it never makes up a figure)."""
    briefs = [str(r.get("text", "")) for r in facts if r.get("kind") == "forecast"]
    if not briefs:
        return []
    numbers = unbacked_numbers(answer, "\n".join(briefs))
    return [Violation("forecast", f"{', '.join(numbers)} not in the forecast given")] if numbers else []
