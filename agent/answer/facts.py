"""The facts of one turn, typed and numbered for reference: products ``p1``..``pN`` and policy
passages ``policy1``..``policyM``, plus what the customer stated (budget, quantity). The model is
shown this sheet and writes references to it; code renders and checks from the same object."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.answer.references import Field, Reference
from agent.ingestion.cleaning import shorten, spec_pairs
from agent.understand.request import Budget

_DESCRIPTION_CHARS = 140


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    brand: str = ""
    category: str = ""
    price: float | None = None
    list_price: float | None = None
    currency: str | None = None
    stock: int | None = None
    specs: tuple[tuple[str, str], ...] = ()
    description: str = ""
    available: bool = True

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Product:
        def number(key: str) -> float | None:
            value = record.get(key)
            return float(value) if value not in (None, "") else None

        stock = record.get("stock")
        return cls(
            id=str(record["id"]),
            name=str(record.get("name") or record.get("title") or record["id"]),
            brand=str(record.get("brand") or ""),
            category=" ".join(str(record.get(k) or "") for k in ("category", "subcategory")).strip(),
            price=number("price"),
            list_price=number("list_price"),
            currency=record.get("currency"),
            stock=int(stock) if stock is not None else None,
            specs=tuple(spec_pairs(record.get("specs"))),
            description=str(record.get("description") or ""),
            available=record.get("available", True) is not False,
        )

    def spec(self, key: str) -> str | None:
        wanted = key.casefold().strip()
        return next((v for k, v in self.specs if k.casefold().strip() == wanted), None)

    def text(self) -> str:
        """Everything the record says, as one text (what backs a word or a figure)."""
        specs = " ".join(f"{k} {v}" for k, v in self.specs)
        return f"{self.name} {self.brand} {self.category} {specs} {self.description}"


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    text: str

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Policy:
        return cls(str(record["id"]), str(record.get("title") or ""), str(record.get("text") or ""))


@dataclass(frozen=True)
class TurnFacts:
    products: tuple[Product, ...] = ()
    policies: tuple[Policy, ...] = ()
    language: str = "en"  # the answer's language
    currency: str | None = None  # the catalog's, for amounts the customer wrote without one
    budget: Budget | None = None
    quantity: int | None = None
    said: tuple[str, ...] = field(default_factory=tuple)  # the customer's messages, newest last

    @classmethod
    def from_records(cls, records: Sequence[Mapping[str, Any]], language: str, **stated: Any) -> TurnFacts:
        products = tuple(dict.fromkeys(Product.from_record(r) for r in records if r.get("kind") == "product"))
        policies = tuple(Policy.from_record(r) for r in records if r.get("kind") != "product")
        currency = next((p.currency for p in products if p.currency), stated.pop("currency", None))
        return cls(products, policies, language, currency, **stated)

    def product(self, handle: str) -> Product | None:
        index = int(handle[1:]) - 1 if handle[1:].isdigit() else -1
        return self.products[index] if 0 <= index < len(self.products) else None

    def policy(self, handle: str) -> Policy | None:
        index = int(handle.removeprefix("policy")) - 1 if handle.removeprefix("policy").isdigit() else -1
        return self.policies[index] if 0 <= index < len(self.policies) else None

    def handle_of(self, product: Product) -> str:
        return f"p{self.products.index(product) + 1}"

    def references(self) -> list[Reference]:
        """Every reference this turn can render: what the grammar allows."""
        refs: list[Reference] = []
        for i, product in enumerate(self.products, start=1):
            handle = f"p{i}"
            refs.append(Reference(handle, Field.NAME))
            if product.price is not None:
                refs.append(Reference(handle, Field.PRICE))
                if self.quantity:
                    refs.append(Reference(handle, Field.TOTAL))
            if product.list_price and product.price is not None and product.list_price > product.price:
                refs.append(Reference(handle, Field.LIST_PRICE))
            if product.stock is not None:
                refs.append(Reference(handle, Field.STOCK))
            refs += [Reference(handle, Field.SPEC, key) for key, _ in product.specs]
        refs += [Reference(f"policy{i}", Field.POLICY) for i in range(1, len(self.policies) + 1)]
        if self.budget is not None:
            refs.append(Reference("budget", Field.BUDGET))
        if self.quantity:
            refs.append(Reference("qty", Field.QUANTITY))
        return refs

    def sheet(self, render: Any) -> str:
        """The facts as the model sees them: each reference beside the value it renders to
        (``render``: a reference to its text)."""
        lines: list[str] = []
        for i, product in enumerate(self.products, start=1):
            mine = [r for r in self.references() if r.handle == f"p{i}" and r.field is not Field.NAME]
            values = "; ".join(f"{r.written()} = {render(r)}" for r in mine)
            about = (
                f" About it: {shorten(product.description, _DESCRIPTION_CHARS)}"
                if product.description
                else ""
            )
            lines.append(f"[[p{i}]] = {product.name} ({product.category or product.brand}). {values}.{about}")
        for i, policy in enumerate(self.policies, start=1):
            lines.append(f"[[policy{i}]] = {policy.title}: {policy.text}")
        for ref in (Reference("budget", Field.BUDGET), Reference("qty", Field.QUANTITY)):
            if ref in self.references():
                lines.append(f"{ref.written()} = {render(ref)} (what the customer said)")
        return "\n".join(lines)
