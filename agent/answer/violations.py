"""What the checks hold back, by kind."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ViolationKind(StrEnum):
    WRONG_AMOUNT = "wrong_amount"  # money that is not its product's, its policy's or the customer's
    UNBACKED_FIGURE = "unbacked_figure"  # a measure or number no record of the sentence gives
    OTHER_PRODUCT = "other_product"  # a catalog product whose record the turn does not hold
    UNKNOWN_REFERENCE = "unknown_reference"  # a reference to nothing this turn holds
    FALSE_RELATION = "false_relation"  # "cheaper", "lighter" ... false on the records
    FALSE_STOCK = "false_stock"
    UNSUPPORTED = "unsupported"  # words, or a relation, that nothing backs
    CONDITION_DROPPED = "condition_dropped"  # "free shipping" where the policy makes it free from X
    LANGUAGE = "language"  # not the customer's language
    PROMPT_LEAK = "prompt_leak"  # the assistant's instructions repeated
    STAFF_DRAFT = "staff_draft"  # a staff draft given to a customer


@dataclass(frozen=True)
class Violation:
    kind: ViolationKind
    detail: str

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.detail}"
