"""What one message came to: how it was read, what code decided, how the answer was made and
checked. Typed here; stored as plain values in the conversation's state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Outcome:
    intent: str = ""  # the label it is counted under (reports, stages)
    acts: list[str] = field(default_factory=list)  # what the message does, as parsed
    confidence: float = 0.0
    stage: str = ""
    language: str = "en"  # the answer's language
    draft: str | None = None
    actions: list[dict[str, Any]] = field(default_factory=list)  # leads, handoffs, refusals
    violations: list[str] = field(default_factory=list)  # what the checks held back
    ending: str | None = None  # how the model's answer reached the customer (``Ending``); None: code answered
    generated: bool = False  # the model was asked
    citations: list[str] = field(default_factory=list)  # the records the answer rests on
    sources: list[str] = field(default_factory=list)  # their names, as a customer is shown them
    about: list[str] = field(default_factory=list)  # the products the message is about
    answered_topics: list[str] = field(default_factory=list)
    missing_topics: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)  # what the customer asked about ("battery")

    def as_state(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_state(cls, data: Mapping[str, Any] | None) -> Outcome:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})
