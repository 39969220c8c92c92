"""Resolve references to earlier recommendations: "the second one", "第二个", "the cheaper one"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.consult.ordinals import ordinal_mentions
from agent.consult.records import name_spot

_PRONOUN = re.compile(r"\b(it|that one|this one|them|both)\b|(这款|那款|这个|那个|它|两款|两个)", re.I)
_CHEAPER = re.compile(r"cheaper|cheapest|less expensive|便宜", re.I)
_WHICH = re.compile(r"\bwhich\b|哪(?:个|款|一)", re.I)


def referenced_ids(
    message: str, recommended: list[str], prices: dict[str, float], focus: Sequence[str] = ()
) -> list[str]:
    """Product ids the message points at among ``recommended`` (earlier turns), best guess first.
    Ordinals count in ``recommended``; "it" and "both" mean what the last answer was about
    (``focus``): after "tell me about the second one", "I'll take it" is the second."""
    if not recommended and not focus:
        return []
    picks: list[str] = []
    for _, index in ordinal_mentions(message):
        if -len(recommended) <= index < len(recommended):
            picks.append(recommended[index])
        elif recommended:  # "the second one" after one product: the ones seen, never an unseen one
            picks.extend(recommended[:3])
    if not picks and _CHEAPER.search(message) and _WHICH.search(message):
        picks.extend(recommended[:2])  # "which one is cheaper?": compare the two just shown
    elif not picks and _CHEAPER.search(message) and ("one" in message.lower() or "款" in message):
        priced = [pid for pid in recommended if pid in prices]
        if priced:
            picks.append(min(priced, key=prices.__getitem__))
    if not picks and (pronoun := _PRONOUN.search(message)):
        both = (pronoun[1] or pronoun[2]).lower() in ("them", "both", "两款", "两个")
        if both:
            picks.extend(focus[:2] if len(focus) >= 2 else recommended[:2])
        else:
            picks.extend((focus or recommended)[:1])
    return list(dict.fromkeys(picks))


def named_ids(message: str, products: dict[str, dict[str, Any]]) -> list[str]:
    """Products the message names by catalog name ("the Voltix AirBook 13", or without the
    brand, "the AirBook 13"), in the order they appear in the message."""
    folded = message.casefold()
    found = {product_id: at for product_id, meta in products.items() if (at := name_spot(folded, meta)) >= 0}
    return sorted(found, key=found.__getitem__)
