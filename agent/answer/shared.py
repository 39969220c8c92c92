"""Claims about several products in one sentence: what is said of all of them at once ("both",
"都", "beide") must hold of each, and a value of one placed after another's name is said of that one."""

from __future__ import annotations

import re
from typing import Protocol

from agent.answer.facts import Product, TurnFacts
from agent.answer.reading import Kind, Mention
from agent.answer.references import Field
from agent.answer.violations import Violation, ViolationKind
from agent.answer.vocabulary import Backing, text_backing, unbacked


class Spoken(Protocol):
    """The sentence being checked (``checks.Sentence``)."""

    start: int
    text: str


# Words saying something holds for several products at once ("both are", "都是", "beide").
EACH = re.compile(
    r"\b(?:both|each|all|either|beide|beiden|alle|ambos|ambas|todos|todas|tous|toutes|les deux)\b"
    r"|都|均|皆|两款|两个都",
    re.I,
)


def said_of_each(
    sentence: Spoken, inside: list[Mention], products: list[Product], rest: str, shared: Backing
) -> list[Violation]:
    """A sentence saying something of several products at once ("A and B both have 500 ml", "都是
    Pril 的产品") holds only where each value and each word is true of each of them."""
    found = []
    for mention in inside:
        if mention.kind is not Kind.VALUE or mention.field not in (Field.PRICE, Field.SPEC, Field.LIST_PRICE):
            continue
        written = sentence.text[mention.start - sentence.start : mention.end - sentence.start]
        values = {_field_value(p, mention) for p in products}
        if len(values) > 1:
            names = ", ".join(p.name for p in products)
            found.append(Violation(ViolationKind.FALSE_RELATION, f"{written} is not true of each of {names}"))
    for product in products:
        # A word of another's name (not its brand) is a short mention of it ("the AirBook").
        own = {p.name.casefold().replace(p.brand.casefold(), " ") for p in products if p is not product}
        backing = shared.union(text_backing(f"{product.text()}"))
        if missing := [w for w in unbacked(rest, backing) if not any(w in n.casefold() for n in own)]:
            found.append(
                Violation(
                    ViolationKind.UNSUPPORTED,
                    f"{', '.join(repr(w) for w in missing)}: not true of {product.name}",
                )
            )
    return found


def borrowed_values(
    sentence: Spoken, inside: list[Mention], named: list[tuple[Mention, Product]], facts: TurnFacts
) -> list[Violation]:
    """A product's value said of another: "[[p2]] lasts [[p1.spec:Battery]], just like [[p1]]". A
    value of one product right after another is named, in a sentence giving that other none of its
    own for the same field, is said of the other, and must be its value too ("[[p1]] has
    [[p1.spec:RAM]] against [[p2.spec:RAM]] for [[p2]]" gives each its own)."""
    found = []
    values = [
        m for m in inside if m.kind is Kind.VALUE and m.field in (Field.PRICE, Field.SPEC, Field.LIST_PRICE)
    ]
    for value in values:
        before = [p for m, p in named if m.end <= value.start]
        owner, holder = (before[-1] if before else None), facts.product(value.handle or "")
        if owner is None or holder is None or owner == holder:
            continue
        own_value = any(
            v.handle == f"p{facts.products.index(owner) + 1}" and (v.field, v.key) == (value.field, value.key)
            for v in values
        )
        if not own_value and _field_value(owner, value) != _field_value(holder, value):
            written = sentence.text[value.start - sentence.start : value.end - sentence.start]
            found.append(
                Violation(ViolationKind.FALSE_RELATION, f"{written} is {holder.name}'s, said of {owner.name}")
            )
    return found


def _field_value(product: Product, mention: Mention) -> object:
    if mention.field is Field.SPEC:
        return (product.spec(mention.key) or "").casefold().strip() or None
    return product.price if mention.field is Field.PRICE else product.list_price
