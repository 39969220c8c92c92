"""What one customer message asks, as typed values: the ``CustomerRequest`` the planner reads
instead of the message itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Act(StrEnum):
    """What a message does; a message may do several at once ("I'll take two, how do I pay?")."""

    BROWSE = "browse"  # asks for products of a kind, or a recommendation
    ASK_ABOUT = "ask_about"  # asks about one product: a spec, its price, stock, whether it suits
    COMPARE = "compare"
    ORDER = "order"
    HAGGLE = "haggle"  # a lower price on what is being bought
    CHEAPER = "cheaper"  # other, cheaper products
    SIMILAR = "similar"  # other products like the one discussed
    SHIPPING = "shipping"
    RETURNS = "returns"
    WARRANTY = "warranty"
    PAYMENT = "payment"
    DISCOUNTS = "discounts"  # promotions and coupons in general, not haggling
    HUMAN = "human"
    COMPLAINT = "complaint"
    SMALLTALK = "smalltalk"
    ATTACK = "attack"
    OUT_OF_SCOPE = "out_of_scope"
    DRAFT = "draft"  # a salesperson asks for words to use: a script, an email, a pitch (staff only)


POLICY_ACTS = (Act.SHIPPING, Act.RETURNS, Act.WARRANTY, Act.PAYMENT, Act.DISCOUNTS)
# Acts that ask for products (and so search the catalog).
PRODUCT_ACTS = frozenset({Act.BROWSE, Act.ASK_ABOUT, Act.COMPARE, Act.CHEAPER, Act.SIMILAR})


class Bound(StrEnum):
    UNDER = "under"  # under, at most, within, 以内
    AROUND = "around"
    OVER = "over"
    BETWEEN = "between"


@dataclass(frozen=True)
class Budget:
    bound: Bound
    amount: float  # the limit; the low end for BETWEEN
    high: float | None = None  # the high end for BETWEEN
    currency: str | None = None  # ISO code the customer wrote; None: the catalog's

    def limits(self) -> tuple[float | None, float | None]:
        """The price range it allows (low, high); AROUND allows 20% either way."""
        if self.bound is Bound.BETWEEN:
            return self.amount, self.high
        if self.bound is Bound.AROUND:
            return self.amount * 0.8, self.amount * 1.2
        if self.bound is Bound.OVER:
            return self.amount, None
        return None, self.amount


class ReferentKind(StrEnum):
    ORDINAL = "ordinal"  # "the second one", "第二款"; ``index`` counts from 0, -1 is the last
    EXTREME = "extreme"  # "the cheaper one", "最便宜的"
    DESCRIPTION = "description"  # "the plush one", "the set of four", a name


@dataclass(frozen=True)
class Referent:
    text: str
    kind: ReferentKind
    index: int | None = None  # ORDINAL
    cheapest: bool | None = None  # EXTREME: True for the cheapest, False for the dearest


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    email: str | None = None
    phone: str | None = None

    def reachable(self) -> bool:
        return bool(self.email or self.phone)


@dataclass(frozen=True)
class CustomerRequest:
    text: str
    language: str  # ISO 639-1 of the message ("en", "zh", "es", ...)
    acts: frozenset[Act]
    need: str | None = None  # the words naming what is wanted
    budget: Budget | None = None
    quantity: int | None = None
    referent: Referent | None = None
    attributes: tuple[str, ...] = ()
    contact: Contact = field(default_factory=Contact)
    confidence: float = 1.0  # the model's confidence in its weakest chosen act

    def does(self, *acts: Act) -> bool:
        return any(a in self.acts for a in acts)

    @property
    def policy_topics(self) -> list[Act]:
        return [a for a in POLICY_ACTS if a in self.acts]
