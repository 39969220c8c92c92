"""References rendered from the records: names, prices in the catalog's currency formatted for the
customer's language (Babel), stock, spec values, policy passages, the customer's own budget and
quantity. What the renderer writes is the only place a value reaches an answer."""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_currency, format_decimal

from agent.answer.facts import TurnFacts
from agent.answer.references import Field, Reference, references_in
from agent.understand.request import Bound

_LOCALES = {"en": "en_US", "zh": "zh_CN", "es": "es_ES", "de": "de_DE", "fr": "fr_FR"}
_STOCK = {
    "en": ("in stock ({n})", "out of stock"),
    "zh": ("有货（{n}件）", "缺货"),
}


@dataclass(frozen=True)
class Rendered:
    """An answer with its references rendered, and where each rendered value lies in it."""

    text: str
    values: tuple[tuple[int, int, Reference], ...]  # start, end in ``text``
    unknown: tuple[str, ...] = ()  # references the turn cannot render, as written


def money(amount: float, currency: str | None, language: str) -> str:
    locale = _LOCALES.get(language, "en_US")
    if not currency:
        return format_decimal(amount, format="#,##0.00", locale=locale)
    return str(format_currency(amount, currency, locale=locale))


def render_reference(ref: Reference, facts: TurnFacts) -> str | None:
    """The text a reference stands for, or None when the turn has no such value."""
    language = facts.language
    if ref.field is Field.POLICY:
        policy = facts.policy(ref.handle)
        return policy.text if policy else None
    if ref.field is Field.BUDGET:
        return _budget(facts) if facts.budget else None
    if ref.field is Field.QUANTITY:
        return str(facts.quantity) if facts.quantity else None
    product = facts.product(ref.handle)
    if product is None:
        return None
    if ref.field is Field.NAME:
        return product.name
    if ref.field is Field.PRICE and product.price is not None:
        return money(product.price, product.currency, language)
    if ref.field is Field.LIST_PRICE and product.list_price:
        return money(product.list_price, product.currency, language)
    if ref.field is Field.TOTAL and product.price is not None and facts.quantity:
        return money(product.price * facts.quantity, product.currency, language)
    if ref.field is Field.STOCK and product.stock is not None:
        in_stock, out = _STOCK.get(language, _STOCK["en"])
        return in_stock.format(n=product.stock) if product.stock > 0 else out
    if ref.field is Field.SPEC:
        return product.spec(ref.key)
    return None


def _budget(facts: TurnFacts) -> str:
    budget = facts.budget
    assert budget is not None
    currency = budget.currency or facts.currency
    low = money(budget.amount, currency, facts.language)
    if budget.bound is Bound.BETWEEN and budget.high is not None:
        return f"{low}–{money(budget.high, currency, facts.language)}"
    return low


def render(text: str, facts: TurnFacts) -> Rendered:
    """``text`` with every reference replaced by its value; a reference the turn cannot render is
    dropped from the text and listed in ``unknown`` (the grammar makes that impossible on the
    local engine; a free-text model may still write one)."""
    out, values, unknown, last = [], [], [], 0
    at = 0
    for start, end, ref in references_in(text):
        out.append(text[last:start])
        at += start - last
        value = render_reference(ref, facts)
        if value is None:
            unknown.append(text[start:end])
        else:
            values.append((at, at + len(value), ref))
            out.append(value)
            at += len(value)
        last = end
    out.append(text[last:])
    return Rendered("".join(out), tuple(values), tuple(unknown))
