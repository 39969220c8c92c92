"""A price comparison between two products must agree with their catalog prices.

"The Kestrel Scout 14 is cheaper than the Voltix AirBook 13" states no amount, so the amount
checks pass it whichever way round it is; a small model gets the direction wrong, or calls two
prices "the same". Each sentence naming exactly two priced products and comparing their price
(cheaper, more expensive, the same price; 比…便宜, 比…贵, 价格一样) is checked against the catalog:
the product named first is the one the comparison is about ("A is cheaper than B", "A 比 B 便宜";
"B costs more than A" names B first and says it is dearer: the same fact).
"""

from __future__ import annotations

import re

from agent.consult.records import CitedAnswer, Record
from agent.consult.violations import Violation

_CHEAPER = re.compile(
    r"(?i)\b(?:cheaper|less\s+expensive|more\s+affordable|lower[- ]priced|costs?\s+less|"
    r"(?:is|are)\s+priced\s+lower)\b|便宜|价格?(?:更低|低于)"
)
_DEARER = re.compile(
    r"(?i)\b(?:more\s+expensive|pricier|costlier|dearer|higher[- ]priced|costs?\s+more|"
    r"(?:is|are)\s+priced\s+higher)\b|贵|价格?(?:更高|高于)"
)
_SAME = re.compile(
    r"(?i)\b(?:(?:the\s+)?same\s+price|(?:cost|costs|priced)\s+the\s+same|equally\s+priced)\b"
    r"|价格(?:相同|一样|一致)|同样的价格|同价|一样的价格|一样贵"
)
# "cheaper than most", "比其他的便宜": a comparand this check cannot see.
_THAN = re.compile(r"(?i)\bthan\b|比")
# "not cheaper", "不比…便宜": a denied comparison states nothing to check here.
_DENIED = re.compile(r"(?i)\b(?:not|isn't|aren't|no)\b|不比|不是|没有")


def false_comparisons(answer: CitedAnswer) -> list[Violation]:
    found: list[Violation] = []
    # The products the whole answer compares: "因此，X 更便宜。" names one, after both prices.
    compared = {str(p["id"]): p for _, cited in answer.sentences for p in cited if p.get("price") is not None}
    for sentence, cited in answer.sentences:
        if _DENIED.search(sentence):
            continue
        named = [p for p in cited if p.get("price") is not None]
        if len(named) == 1 and len(compared) == 2:
            found += _verdict(
                sentence, named[0], [p for i, p in compared.items() if i != str(named[0]["id"])][0]
            )
        if len(named) != 2:  # none, one (a list price, a saving) or a list: no pairwise reading
            continue
        first, second = named
        a, b = round(float(first["price"]), 2), round(float(second["price"]), 2)
        said = _direction(sentence)
        truth = "same" if a == b else "cheaper" if a < b else "dearer"
        if said is not None and said != truth:
            found.append(_wrong(sentence, first, second))
    return found


def _verdict(sentence: str, named: Record, other: Record) -> list[Violation]:
    """A sentence naming one of the two products compared says which is cheaper ("X is the cheaper
    one", "X 更便宜"): it must be so. "Cheaper than most" compares it with no other product named."""
    said = _direction(sentence)
    if said not in ("cheaper", "dearer") or _THAN.search(sentence):
        return []
    a, b = round(float(named["price"]), 2), round(float(other["price"]), 2)
    if a == b or (said == "cheaper") == (a < b):
        return []
    return [_wrong(sentence, named, other)]


def _wrong(sentence: str, first: Record, second: Record) -> Violation:
    a, b = float(first["price"]), float(second["price"])
    return Violation(
        "price", f"'{sentence.strip()[:120]}': {first['name']} costs {a:g}, {second['name']} {b:g}"
    )


def _direction(sentence: str) -> str | None:
    """What the sentence says of the first product's price against the second's, if anything."""
    if _SAME.search(sentence):
        return "same"
    cheaper, dearer = _CHEAPER.search(sentence), _DEARER.search(sentence)
    if cheaper and dearer:  # "A is cheaper, B is more expensive": both directions, one fact each
        return "cheaper" if cheaper.start() < dearer.start() else "dearer"
    return "cheaper" if cheaper else "dearer" if dearer else None
