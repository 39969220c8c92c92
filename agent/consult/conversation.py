"""What a conversation knows between turns, typed: the customer's profile as stated so far, the
list last shown (what "the second one" counts in), the products under discussion, the stage.

The checkpointer stores plain values (``as_state``); code reads and writes these dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from agent.consult.state import Stage
from agent.understand.request import Bound, Budget, Contact, CustomerRequest


@dataclass(frozen=True)
class Profile:
    """What the customer has stated; a newer statement replaces an older one."""

    language: str = "en"
    need: str | None = None
    budget: Budget | None = None
    quantity: int | None = None
    contact: Contact = field(default_factory=Contact)

    def updated(self, request: CustomerRequest) -> Profile:
        contact = Contact(
            name=request.contact.name or self.contact.name,
            email=request.contact.email or self.contact.email,
            phone=request.contact.phone or self.contact.phone,
        )
        return replace(
            self,
            language=request.language,
            need=request.need or self.need,
            budget=request.budget or self.budget,
            quantity=request.quantity or self.quantity,
            contact=contact,
        )

    def gave_contact(self, before: Profile) -> bool:
        """The message gave an email address or phone number the profile did not have."""
        new, old = self.contact, before.contact
        return bool((new.email and new.email != old.email) or (new.phone and new.phone != old.phone))

    def describe(self) -> str:
        """One line for a prompt or a salesperson; contact details stay out."""
        parts = []
        if self.need:
            parts.append(f"looking for {self.need}")
        if self.budget:
            parts.append(f"budget {describe_budget(self.budget)}")
        if self.quantity:
            parts.append(f"quantity {self.quantity}")
        return "; ".join(parts) or "nothing yet"

    def as_state(self) -> dict[str, Any]:
        """Plain values only: the checkpoint stores no classes of ours."""
        state = asdict(self)
        if self.budget is not None:
            state["budget"] = {**asdict(self.budget), "bound": self.budget.bound.value}
        return state

    @classmethod
    def from_state(cls, data: Mapping[str, Any] | None) -> Profile:
        if not data:
            return cls()
        budget = data.get("budget")
        return cls(
            language=str(data.get("language") or "en"),
            need=data.get("need"),
            budget=Budget(
                Bound(budget["bound"]), budget["amount"], budget.get("high"), budget.get("currency")
            )
            if isinstance(budget, Mapping)
            else None,
            quantity=data.get("quantity"),
            contact=Contact(**(data.get("contact") or {})),
        )


def describe_budget(budget: Budget) -> str:
    currency = f" {budget.currency}" if budget.currency else ""
    if budget.bound is Bound.BETWEEN:
        return f"{budget.amount:g}-{budget.high:g}{currency}"
    return f"{budget.bound.value} {budget.amount:g}{currency}"


@dataclass(frozen=True)
class Conversation:
    profile: Profile = field(default_factory=Profile)
    stage: Stage | None = None
    shown: tuple[str, ...] = ()  # the products of the last list shown, in order
    focus: tuple[str, ...] = ()  # the products the last answer was about ("it")
    seen: tuple[str, ...] = ()  # every record shown in the conversation
    complaints: int = 0
    handoff: str | None = None  # the open handoff ticket
    said: tuple[str, ...] = ()  # the customer's earlier messages, newest last

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Conversation:
        stage = state.get("stage")
        return cls(
            profile=Profile.from_state(state.get("profile")),
            stage=Stage(stage) if stage else None,
            shown=tuple(state.get("recommended", [])),
            focus=tuple(state.get("focus", [])),
            seen=tuple(state.get("seen", [])),
            complaints=int(state.get("complaints", 0)),
            handoff=state.get("handoff"),
            said=tuple(_human_texts(state.get("messages", []))),
        )


def _human_texts(messages: list[Any]) -> list[str]:
    return [str(m.text) for m in messages if getattr(m, "type", "") == "human"]
