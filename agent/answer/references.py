"""The reference notation a model writes facts in: ``[[p1]]`` (a product's name), ``[[p1.price]]``,
``[[p1.list_price]]``, ``[[p1.stock]]``, ``[[p1.spec:RAM]]``, ``[[p1.total]]`` (the stated quantity
times the price), ``[[policy2]]`` (a policy passage), ``[[budget]]`` and ``[[qty]]`` (what the
customer said). Code renders each from the turn's records; the model never writes a value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

REFERENCE = re.compile(
    r"\[\[(p\d+|policy\d+|budget|qty)(?:\.(price|list_price|stock|total|spec):?([^\[\]]*))?\]\]"
)


class Field(StrEnum):
    NAME = "name"
    PRICE = "price"
    LIST_PRICE = "list_price"
    STOCK = "stock"
    SPEC = "spec"
    TOTAL = "total"
    POLICY = "policy"
    BUDGET = "budget"
    QUANTITY = "qty"


@dataclass(frozen=True)
class Reference:
    handle: str  # "p1", "policy2", "budget", "qty"
    field: Field
    key: str = ""  # the spec's name for SPEC

    @property
    def product(self) -> bool:
        return self.handle.startswith("p") and not self.handle.startswith("policy")

    def written(self) -> str:
        if self.field in (Field.NAME, Field.POLICY, Field.BUDGET, Field.QUANTITY):
            return f"[[{self.handle}]]"
        if self.field is Field.SPEC:
            return f"[[{self.handle}.spec:{self.key}]]"
        return f"[[{self.handle}.{self.field.value}]]"


def read_reference(match: re.Match[str]) -> Reference:
    handle, field, key = match[1], match[2], (match[3] or "").strip()
    if handle.startswith("policy"):
        return Reference(handle, Field.POLICY)
    if handle in ("budget", "qty"):
        return Reference(handle, Field.BUDGET if handle == "budget" else Field.QUANTITY)
    return Reference(handle, Field(field) if field else Field.NAME, key)


def references_in(text: str) -> list[tuple[int, int, Reference]]:
    return [(m.start(), m.end(), read_reference(m)) for m in REFERENCE.finditer(text)]
