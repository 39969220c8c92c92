"""What a check found wrong with an answer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    # price | discount | product | stock | delivery | shipping_cost | returns | warranty |
    # spec | quality | prompt_leak | markup | repetition | language | unhelpful | staff_draft
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"
