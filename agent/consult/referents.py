"""Which products a message is about: the ones it names or writes the id of, the one its referent
points at among those the customer was shown ("the second one", "the plush one", "the set of
four", "the cheaper one", "第二款"), or, when it names none, the product under discussion."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from agent.answer.vocabulary import Backing, backing_of, words_of
from agent.understand.numbers import as_digits
from agent.understand.request import Act, CustomerRequest, Referent, ReferentKind

_MIN_NAME_CHARS = 6  # a shorter leftover of a name ("14" of "Lumio Tab 14") would match anything
_ABOUT_ONE = (Act.ASK_ABOUT, Act.ORDER, Act.HAGGLE, Act.CHEAPER, Act.SIMILAR)
_SALES = Backing()  # backs only the shop-independent sales words ("the", "one", "那个")


def named_products(message: str, products: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Products the message names by catalog name (or the name without its brand) or by id, in
    the order they appear."""
    folded = message.casefold()
    found: dict[str, int] = {}
    for product_id, meta in products.items():
        spots = [_name_spot(folded, meta), _id_spot(message, product_id)]
        if (at := min((s for s in spots if s >= 0), default=-1)) >= 0:
            found[product_id] = at
    ordered = sorted(found, key=found.__getitem__)
    # A name inside a longer named one ("Voltix Phone 15" in "Voltix Phone 15 Max") is that one.
    names = {i: str(products[i].get("name") or "").casefold() for i in ordered}
    return [
        i for i in ordered if not any(i != j and names[i] in names[j] and names[j] in folded for j in ordered)
    ]


def _name_spot(folded: str, meta: Mapping[str, Any]) -> int:
    name = " ".join(str(meta.get("name") or "").casefold().split())
    brand = str(meta.get("brand") or "").casefold().strip()
    short = name.removeprefix(brand).strip() if brand and name.startswith(brand) else ""
    spots = [folded.find(c) for c in (name, short) if len(c) >= _MIN_NAME_CHARS]
    return min((s for s in spots if s >= 0), default=-1)


def _id_spot(text: str, product_id: str) -> int:
    """Where an id is written as a whole token (id 13 is not cited by "Air 13" nor by "$13.00")."""
    if len(product_id) < 4 and product_id.isdigit():
        return -1
    match = re.search(rf"(?<![\w.,/$€£¥₹-]){re.escape(product_id)}(?![\w]|[.,/-]\w)", text)
    return match.start() if match else -1


def pointed_at(
    referent: Referent, shown: Sequence[str], products: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """The shown product a referent points at: by position, by price, or by the words of its names
    and specs (numbers compared as digits: "the set of four" is "Set of 4")."""
    candidates = [i for i in shown if i in products]
    if not candidates:
        return []
    if referent.kind is ReferentKind.ORDINAL and referent.index is not None:
        index = referent.index
        return [candidates[index]] if -len(candidates) <= index < len(candidates) else []
    if referent.kind is ReferentKind.EXTREME:
        priced = [i for i in candidates if products[i].get("price") is not None]
        if not priced:
            return []
        pick = min if referent.cheapest else max
        return [pick(priced, key=lambda i: float(products[i]["price"]))]
    wanted = [w for w in words_of(as_digits(referent.text)) if not _SALES.backs(w)]
    if not wanted:
        return []
    scores = {i: sum(_backing(products[i]).backs(w) for w in wanted) for i in candidates}
    best = max(scores.values())
    return [next(i for i in candidates if scores[i] == best)] if best > 0 else []


def _backing(meta: Mapping[str, Any]) -> Backing:
    text = " ".join(str(meta.get(k) or "") for k in ("name", "brand", "category", "specs"))
    return backing_of([as_digits(text)])


def subject_products(
    request: CustomerRequest,
    named: list[str],
    shown: Sequence[str],
    focus: Sequence[str],
    products: Mapping[str, Mapping[str, Any]],
) -> list[str]:
    """The products this message is about, best first: those it names, the one its referent
    points at, else (a follow-up about the product under discussion: "防水吗？", "I'll take two")
    the focus; a comparison without names compares the products last shown."""
    picked = list(named)
    if request.referent is not None and not picked:
        picked = pointed_at(request.referent, [*shown, *focus], products)
    if picked:
        return list(dict.fromkeys(picked))
    if request.does(Act.COMPARE):
        return list(shown[:3] or focus[:3])
    if request.does(*_ABOUT_ONE) and not (request.need and request.does(Act.BROWSE)):
        return list(focus[:1] or shown[:1])
    return []
