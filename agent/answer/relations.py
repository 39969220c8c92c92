"""Relations an answer states between products ("X is cheaper than Y", "the lightest", "续航更长"),
computed from the records. Which product is which comes from the mentions around the relation
word (references, or names in free text), so the check is exact; a measurable relation whose
dimension no record gives cannot be computed and is unsupported."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agent.answer.facts import Product
from agent.answer.sentences import negated
from agent.retrieval.dictionary import english_words

# relation word -> (dimension, direction): "price" and "weight" are read directly; "spec" needs
# the noun beside it to name a spec ("more RAM", "屏幕更大"). Direction +1: the subject has more.
_WORDS: list[tuple[re.Pattern[str], str, int, bool]] = [
    # Superlatives first (Spanish and French make them with the article: "el más barato").
    (re.compile(r"\b(?:cheapest|least expensive|most affordable|lowest price|(?:el|la|los|las) más (?:barat|económic)[oa]s?|(?:le|la|les) moins ch[eè]re?s?|am (?:billigsten|günstigsten))\b|最便宜|最实惠|价格最低", re.I), "price", -1, True),
    (re.compile(r"\b(?:cheap(?:er)?|less expensive|inexpensive|more affordable|lower[- ]priced|más (?:barat|económic)[oa]s?|moins ch[eè]re?s?|meilleur marché|billiger|günstiger|preiswerter)\b|便宜|实惠|价格更低", re.I), "price", -1, False),
    (re.compile(r"\b(?:most expensive|priciest|dearest|(?:el|la|los|las) más car[oa]s?|(?:le|la|les) plus ch[eè]re?s?|am teuersten)\b|最贵|价格最高", re.I), "price", 1, True),
    (re.compile(r"\b(?:more expensive|pricier|dearer|costlier|higher[- ]priced|más car[oa]s?|plus ch[eè]re?s?|teurer)\b|更贵|价格更高", re.I), "price", 1, False),
    (re.compile(r"\b(?:lightest|(?:el|la) más liger[oa]|(?:le|la) plus lég[eè]re?|am leichtesten)\b|最轻", re.I), "weight", -1, True),
    (re.compile(r"\b(?:lighter|más liger[oa]s?|plus lég[eè]re?s?|leichter)\b|更轻|轻一些|轻一点", re.I), "weight", -1, False),
    (re.compile(r"\b(?:heaviest|(?:el|la) más pesad[oa]|(?:le|la) plus lourde?|am schwersten)\b|最重", re.I), "weight", 1, True),
    (re.compile(r"\b(?:heavier|más pesad[oa]s?|plus lourde?s?|schwerer)\b|更重", re.I), "weight", 1, False),
    (re.compile(r"\b(?:more|bigger|larger|longer|higher|greater)\s+([a-z][a-z -]{1,20}?)\b(?=\s|[.,!?;]|$)", re.I), "spec", 1, False),
    (re.compile(r"\b(?:less|fewer|smaller|shorter|lower)\s+([a-z][a-z -]{1,20}?)\b(?=\s|[.,!?;]|$)", re.I), "spec", -1, False),
    (re.compile(r"\b(?:most|biggest|largest|longest|highest)\s+([a-z][a-z -]{1,20}?)\b(?=\s|[.,!?;]|$)", re.I), "spec", 1, True),
    (re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:更|比较)(?:长|大|多|高|强|久)"), "spec", 1, False),
    (re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:更|比较)(?:短|小|少|低|弱)"), "spec", -1, False),
    (re.compile(r"([\u4e00-\u9fff]{2,4}?)最(?:长|大|多|高|强|久)"), "spec", 1, True),
    # "A 比 B 贵", "A 的电池比 B 更大": the word before 比 names the dimension (none: the price or weight word).
    (re.compile(r"比[^。！？，,；;]{1,40}?(?:更|还)?贵"), "price", 1, False),
    (re.compile(r"比[^。！？，,；;]{1,40}?(?:更|还)?重"), "weight", 1, False),
    (re.compile(r"([\u4e00-\u9fff]{1,4})比[^。！？，,；;]{1,40}?(?:更|还)?(?:大|长|多|高|强|久)"), "spec", 1, False),
    (re.compile(r"([\u4e00-\u9fff]{1,4})比[^。！？，,；;]{1,40}?(?:更|还)?(?:小|短|少|低|弱)"), "spec", -1, False),
]  # fmt: skip
# Saying a product fits the customer's budget: computed from its price and the budget.
_FITS = re.compile(
    r"\b(?:fits?|within|in|under|inside)\s+(?:your|the)\s+budget\b|\bwithin budget\b|预算(?:之内|以内|内|范围内)",
    re.I,
)
# Measurable comparisons that need a spec to be computed; with none, they are not backed.
_MEASURABLE = re.compile(
    r"\b(?:faster|slower|quieter|louder|brighter|thinner|thicker|stronger|sturdier|smaller|bigger|larger|"
    r"fastest|quietest|brightest|thinnest|longest|biggest|smallest"
    # German comparatives, and Spanish and French "more/less + adjective": closed classes of words.
    r"|länger|kürzer|größer|kleiner|schneller|langsamer|leiser|lauter|heller|dünner|dicker|stärker"
    r"|más (?:rápid|lent|silencios|grande|pequeñ|larg|cort|potente|fuerte|delgad|ligero)\w*"
    r"|plus (?:rapide|lent|silencieu|grand|petit|long|court|puissant|fort|fin|mince)\w*)\b"
    r"|更快|更安静|更亮|更薄|更厚|最快|最安静",
    re.I,
)
_THAN = re.compile(r"\b(?:than|que|als)\b|比", re.I)
_SPEC_NOUN_STOP = {"of", "the", "a", "and", "with", "than", "for", "on", "in", "to", "it", "one"}


@dataclass(frozen=True)
class Relation:
    start: int
    end: int
    holds: bool | None  # None: no record gives the dimension (unsupported)
    description: str


def relations(
    sentence: str,
    mentions: Sequence[tuple[int, Product]],
    products: Sequence[Product],
    budget_high: float | None = None,
) -> list[Relation]:
    """Each relation ``sentence`` states, and whether the records make it true. ``mentions``:
    where the sentence names a product; ``products``: the turn's products; ``budget_high``: the
    most the customer's budget allows."""
    found: list[Relation] = []
    covered: list[tuple[int, int]] = []
    for match in _FITS.finditer(sentence):
        before = [p for at, p in mentions if at < match.start()] or list(products[:1])
        price = before[-1].price if before else None
        fits = None if price is None or budget_high is None else price <= budget_high
        if fits is not None and negated(sentence, match.start()):
            fits = not fits
        found.append(Relation(match.start(), match.end(), fits, f"'{match[0]}' for the budget"))
        covered.append((match.start(), match.end()))
    for pattern, dimension, direction, superlative in _WORDS:
        for match in pattern.finditer(sentence):
            if any(s < match.end() and match.start() < e for s, e in covered):
                continue
            noun = (match[1] if match.lastindex else "").removesuffix("的")
            key = _dimension(dimension, noun, products)
            chinese = bool(re.search(r"[\u4e00-\u9fff]", match[0]))
            if dimension == "spec" and key is None and not chinese and not _MEASURABLE.search(match[0]):
                continue  # "more information": no relation between products
            covered.append((match.start(), match.end()))
            found.append(_judge(sentence, match, key, direction, superlative, mentions, products))
    for match in _MEASURABLE.finditer(sentence):
        if not any(s < match.end() and match.start() < e for s, e in covered):
            found.append(Relation(match.start(), match.end(), None, f"'{match[0]}': no record measures it"))
    return found


def _dimension(dimension: str, noun: str, products: Sequence[Product]) -> str | None:
    if dimension in ("price", "weight"):
        return dimension
    words = [w for w in re.findall(r"[a-z]+", noun.lower()) if w not in _SPEC_NOUN_STOP]
    if re.search(r"[\u4e00-\u9fff]", noun):
        words = english_words(noun, lambda _: True)
    for product in products:
        for key, _ in product.specs:
            key_words = set(re.findall(r"[a-z]+", key.lower())) | (
                {key} if re.search(r"[\u4e00-\u9fff]", key) else set()
            )
            if any(w.rstrip("s") in {k.rstrip("s") for k in key_words} for w in words) or (
                noun and noun in key
            ):
                return f"spec:{key}"
    return None


def value_of(product: Product, key: str | None) -> float | None:
    if key == "price":
        return product.price
    spec = None
    if key == "weight":
        spec = next((v for k, v in product.specs if re.search(r"weight|重量|净重", k, re.I)), None)
    elif key and key.startswith("spec:"):
        spec = product.spec(key.removeprefix("spec:"))
    match = re.search(r"(\d+(?:[.,]\d+)?)\s*(kg|g|lb|公斤|千克|克)?", spec or "", re.I)
    if match is None:
        return None
    number = float(match[1].replace(",", "."))
    return number / 1000 if (match[2] or "").lower() in ("g", "克") else number


def _sides(
    sentence: str, match: re.Match[str], mentions: Sequence[tuple[int, Product]]
) -> tuple[Product | None, list[Product]]:
    """The subject of a relation and what it is compared with: "A比B便宜" (A, [B]); "A is cheaper
    than B" (A, [B]); "A is the cheapest" (A, []: every other product of the turn)."""
    bi = sentence.rfind("比", 0, match.start())
    if bi >= 0:
        before = [p for at, p in mentions if at < bi]
        return (before[-1] if before else None), [p for at, p in mentions if bi < at < match.start()]
    before = [p for at, p in mentions if at < match.start()]
    than = _THAN.search(sentence, match.end())
    objects = [p for at, p in mentions if than and at >= than.end()]
    if before:
        return before[-1], objects
    after = [p for at, p in mentions if at >= match.end() and (not than or at < than.start())]
    return (after[0] if after else None), objects


def _judge(
    sentence: str,
    match: re.Match[str],
    key: str | None,
    direction: int,
    superlative: bool,
    mentions: Sequence[tuple[int, Product]],
    products: Sequence[Product],
) -> Relation:
    subject, others = _sides(sentence, match, mentions)
    if subject is None and len(products) == 1:
        subject = products[0]
    if subject is None or key is None:
        return Relation(
            match.start(), match.end(), None, f"'{match[0]}': no product or dimension to compute it on"
        )
    others = [p for p in others if p != subject] or [p for p in products if p != subject]
    mine = value_of(subject, key)
    theirs = [v for p in others if (v := value_of(p, key)) is not None]
    if mine is None or not theirs:
        return Relation(
            match.start(), match.end(), None, f"'{match[0]}': the records do not give it for both"
        )
    holds = (
        all(direction * (mine - v) > 0 for v in theirs)
        if not superlative
        else all(direction * (mine - v) >= 0 for v in theirs)
    )
    if negated(sentence, match.start()):
        holds = not holds
    return Relation(match.start(), match.end(), holds, f"{subject.name} '{match[0]}'")
