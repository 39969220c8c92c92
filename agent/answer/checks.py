"""Each sentence of a rendered answer, held to the records of the products it is about.

One reading serves every model: values rendered from references are right by construction;
products named in words and figures written in words are bound to the sentence's products (or
the one the previous sentence was about) and compared with their records, never with a bag of every
amount of the turn. Each rule below is general: a figure must be one of its product's (or its
policy's, or the customer's) figures; a relation must hold on the records; a stock statement must
match the stock; a word must be backed (``vocabulary.py``); a condition a policy puts on a promise
must travel with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from agent.answer.facts import Policy, Product, TurnFacts
from agent.answer.promises import promise_violations
from agent.answer.reading import Kind, Mention, figures, measure, measures_of, numbers_of, product_mentions
from agent.answer.references import Field
from agent.answer.relations import relations
from agent.answer.render import Rendered
from agent.answer.scope import in_scope
from agent.answer.sentences import negated, sentence_spans
from agent.answer.shared import EACH, borrowed_values, said_of_each
from agent.answer.violations import Violation, ViolationKind
from agent.answer.vocabulary import Backing, backing_of, text_backing, unbacked, words_of
from agent.ingestion.prices import find_amounts


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    products: list[str] = field(default_factory=list)  # the products it is about (named or carried)
    named: list[str] = field(default_factory=list)  # the products it names itself
    policies: list[str] = field(default_factory=list)  # the policy passages it quotes or talks about
    violations: list[Violation] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What the customer said (backs their own words, never the things they asked about), and
    the catalog's other products (name -> id), so an answer naming one is caught."""

    said: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    catalog: Mapping[str, str] = field(default_factory=dict)
    ids: tuple[str, ...] = ()  # ids this turn issued (an order request's, a handoff ticket's)
    tool_texts: tuple[str, ...] = ()  # what this turn's tools told the model (relayed words)
    instructions: str = ""  # the model's own instructions (never repeated to a reader)
    customer: bool = True  # the reader is a customer (staff may read drafts)
    kinds: frozenset[str] = frozenset()  # words naming the catalog's kinds of product (``scope.py``)


# Stock statements in the languages answers are checked in; the out-of-stock ones apart.
_STOCK = re.compile(
    r"\b(?:in stock|out of stock|sold out|available|unavailable|only \d+ left|\d+ left|back in stock"
    r"|en stock|agotado|agotada|sin stock|disponible|auf lager|vorrätig|ausverkauft|lieferbar|épuisé|épuisée"
    r"|rupture de stock)\b|有货|现货|缺货|售罄|没货|无货|断货|库存",
    re.I,
)
_OUT = re.compile(
    r"out of stock|sold out|unavailable|agotad|sin stock|ausverkauft|nicht lieferbar|épuisé|rupture"
    r"|缺货|售罄|没货|无货|断货",
    re.I,
)
_SALES = Backing()  # backs only the sales vocabulary
# Words saying an amount is the list price, not the price paid (a closed class, five languages).
_LIST_PRICE = re.compile(
    r"\b(?:was|were|originally|list price|regular|usual|rrp|mrp|down from|instead of|statt|au lieu de|antes|"
    r"en lugar de|ursprünglich)\b|原价|市场价|划线价|标价",
    re.I,
)


def check_answer(rendered: Rendered, facts: TurnFacts, context: Context) -> list[Sentence]:
    text = rendered.text
    values = [Mention(s, e, Kind.VALUE, ref.handle, ref.field, key=ref.key) for s, e, ref in rendered.values]
    masked_values = [(m.start, m.end) for m in values]
    names = product_mentions(_blanked(text, masked_values), facts.products, context.catalog)
    numbers = figures(text, masked_values + [(m.start, m.end) for m in names])
    protected = masked_values + [(m.start, m.end) for m in names]
    customer = backing_of([*_without(context.said, context.asked), *context.tool_texts])
    sentences: list[Sentence] = []
    carried: list[str] = []
    for start, end in sentence_spans(text, protected):
        sentence = Sentence(start, end, text[start:end])
        inside = [m for m in [*values, *names, *numbers] if start <= m.start < end]
        mentioned = [
            m for m in inside if m.handle and m.handle.startswith("p") and not m.handle.startswith("policy")
        ]
        handles = list(dict.fromkeys(m.handle for m in mentioned if m.handle))
        sentence.named = handles
        sentence.products = handles or carried or (["p1"] if len(facts.products) == 1 else [])
        subjects = [p for h in sentence.products if (p := facts.product(h))] or list(facts.products)
        policies = [q for m in inside if m.field is Field.POLICY and (q := facts.policy(m.handle or ""))]
        glue = _blanked(sentence.text, [(m.start - start, m.end - start) for m in inside])
        anchored = policies + _anchored(glue, facts.policies, subjects)
        sentence.policies = [f"policy{facts.policies.index(p) + 1}" for p in dict.fromkeys(anchored)]
        sentence.violations = _sentence_violations(
            sentence, inside, subjects, anchored, glue, facts, customer, context.kinds
        )
        sentence.violations += _unknown_ids(sentence, inside, subjects, anchored, context)
        if context.instructions and _repeats(glue, context.instructions):
            sentence.violations.append(
                Violation(ViolationKind.PROMPT_LEAK, "it repeats the assistant's instructions")
            )
        carried = sentence.products
        sentences.append(sentence)
    if rendered.unknown and sentences:
        sentences[0].violations.append(
            Violation(ViolationKind.UNKNOWN_REFERENCE, ", ".join(rendered.unknown))
        )
    return sentences


def _sentence_violations(
    sentence: Sentence,
    inside: list[Mention],
    subjects: list[Product],
    policies: list[Policy],
    glue: str,
    facts: TurnFacts,
    customer: Backing,
    kinds: frozenset[str],
) -> list[Violation]:
    found: list[Violation] = []
    policy_text = in_scope(policies, subjects, kinds)  # its figures, where it applies to these products
    named_spans = [m for m in inside if m.kind in (Kind.PRODUCT, Kind.VALUE)]
    named = [(m, p) for m in inside if m.handle and (p := facts.product(m.handle))]
    for mention in inside:
        written = sentence.text[mention.start - sentence.start : mention.end - sentence.start]
        # A figure belongs to the product named last before it in its sentence ("the Scout ($549) has
        # 8 GB, the AirBook 16 GB"); an amount right after a name and price words is that one's price.
        owner = next((p for m, p in reversed(named) if m.end <= mention.start), None)
        if mention.kind is Kind.PRODUCT and mention.handle is None:
            found.append(
                Violation(ViolationKind.OTHER_PRODUCT, f"'{written}' is not among this turn's products")
            )
        elif (
            mention.kind is Kind.AMOUNT and owner is not None and _priced_by(sentence, named, mention, inside)
        ):
            named_list = _LIST_PRICE.search(sentence.text) is not None
            if not _amount_backed(mention.value, [owner], "", facts, named_list, budget=False):
                found.append(
                    Violation(ViolationKind.WRONG_AMOUNT, f"{written} is not the price of {owner.name}")
                )
        elif mention.kind is Kind.AMOUNT and not _amount_backed(mention.value, subjects, policy_text, facts):
            found.append(
                Violation(ViolationKind.WRONG_AMOUNT, f"{written} is not the price of {_names(subjects)}")
            )
        elif mention.kind in (Kind.MEASURE, Kind.NUMBER) and not _figure_backed(
            mention, [owner] if owner else subjects, policy_text, facts
        ):
            found.append(
                Violation(
                    ViolationKind.UNBACKED_FIGURE,
                    f"'{written}': no record of {_names([owner] if owner else subjects)} gives it",
                )
            )
    spots = [(m.start - sentence.start, p) for m in inside if m.handle and (p := facts.product(m.handle))]
    high = facts.budget.limits()[1] if facts.budget else None
    stated = relations(sentence.text, spots, facts.products, high)
    for relation in stated:
        if relation.holds is False:
            found.append(Violation(ViolationKind.FALSE_RELATION, relation.description))
        elif relation.holds is None:
            found.append(Violation(ViolationKind.UNSUPPORTED, relation.description))
    found += _stock(glue, subjects)
    # Relation and stock words were judged on the records just now: the word rule reads the rest.
    judged = [(r.start, r.end) for r in stated] + [m.span() for m in _STOCK.finditer(glue)]
    rest = _blanked(glue, judged)
    said = customer.union(backing_of(_stated(facts)))
    backing = said
    for product in subjects:
        backing = backing.union(text_backing(product.text()))
    loose = unbacked(rest, backing)
    # The other words of the sentence, its figures' units among them ("2-year" with "warranty").
    words = _blanked(sentence.text, [(m.start - sentence.start, m.end - sentence.start) for m in named_spans])
    if unsupported := [w for w in loose if not _backed_by_policy(w, words, policies)]:
        found.append(
            Violation(ViolationKind.UNSUPPORTED, "no record backs " + ", ".join(repr(w) for w in unsupported))
        )
    named_products = list(dict.fromkeys(p for _, p in named))
    if len(named_products) > 1 and EACH.search(rest):
        found += said_of_each(sentence, inside, named_products, rest, said)
    found += borrowed_values(sentence, inside, named, facts)
    found += promise_violations(glue, sentence.text, subjects, policies, kinds, facts.policies)
    return found


def _unknown_ids(
    sentence: Sentence,
    inside: list[Mention],
    subjects: list[Product],
    policies: list[Policy],
    context: Context,
) -> list[Violation]:
    """A code in the answer (a coupon, a ticket, a model number) is one the records, the
    customer or this turn's actions wrote, whole."""
    known = " ".join(
        [*(p.text() for p in subjects), *(f"{p.title} {p.text}" for p in policies), *context.said]
    )
    tokens = set(re.findall(r"[\w-]+", known.casefold())) | {i.casefold() for i in context.ids}
    tokens |= {p.id.casefold() for p in subjects}
    found = []
    for mention in inside:
        written = sentence.text[mention.start - sentence.start : mention.end - sentence.start]
        if mention.kind is Kind.IDENTIFIER and written.casefold() not in tokens:
            found.append(
                Violation(
                    ViolationKind.UNBACKED_FIGURE, f"'{written}': no record or action of this turn has it"
                )
            )
    return found


def _priced_by(
    sentence: Sentence, named: list[tuple[Mention, Product]], amount: Mention, inside: list[Mention]
) -> bool:
    """Whether an amount stands in a product's price position: only sales talk ("is", "costs",
    "at", "售价") and no other amount between the product named last before it and the amount."""
    before = [m for m, _ in named if m.end <= amount.start]
    if not before:
        return False
    if any(m.kind is Kind.AMOUNT and before[-1].end <= m.start < amount.start for m in inside):
        return False
    gap = sentence.text[before[-1].end - sentence.start : amount.start - sentence.start]
    return all(_SALES.backs(w) for w in words_of(gap))


_SHINGLE = 5  # words in a row shared with the instructions: a sentence of them, repeated


@lru_cache(maxsize=16)
def _joined_words(text: str) -> str:
    """The instructions' words, read once per turn's prompt (not at every sentence it is checked)."""
    return " ".join(words_of(text))


def _repeats(glue: str, instructions: str) -> bool:
    """Whether the sentence repeats a run of the assistant's instructions, word for word."""
    words = words_of(glue)
    source = _joined_words(instructions)
    return any(" ".join(words[i : i + _SHINGLE]) in source for i in range(len(words) - _SHINGLE + 1))


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[max(0, start) : max(0, end)] = " " * (max(0, end) - max(0, start))
    return "".join(chars)


def _without(said: tuple[str, ...], asked: tuple[str, ...]) -> list[str]:
    texts = list(said)
    for word in asked:
        texts = [t.replace(word, " ") for t in texts]
    return texts


def _names(products: list[Product]) -> str:
    return ", ".join(p.name for p in products[:2]) or "any product here"


def _stated(facts: TurnFacts) -> list[str]:
    return [facts.budget.currency or ""] if facts.budget else []


def _amount_backed(
    value: float | None,
    subjects: list[Product],
    policy_text: str,
    facts: TurnFacts,
    list_price: bool = True,
    budget: bool = True,
) -> bool:
    """``list_price``: the list price may be meant (a price position without a word for the list
    price means the price the customer pays)."""
    if value is None:
        return True
    allowed = {p.price for p in subjects} | ({p.list_price for p in subjects} if list_price else set())
    if facts.quantity:
        allowed |= {p.price * facts.quantity for p in subjects if p.price is not None}
    if facts.budget and budget:  # the customer's own amount, said back (never as a product's price)
        allowed |= {facts.budget.amount, facts.budget.high}
    allowed |= {a.value for a in find_amounts(policy_text)}
    return any(a is not None and abs(a - value) < 0.005 for a in allowed)


def _figure_backed(mention: Mention, subjects: list[Product], policy_text: str, facts: TurnFacts) -> bool:
    """A measure must be one its products, policy or customer state in the same dimension (a
    "2-year warranty" is not backed by a record's "2 GB"); a count or bare number, any figure of them."""
    if mention.value is None:
        return True
    if stated := measure(mention):
        allowed_measures = measures_of(policy_text).union(
            *(measures_of(p.text(), p.specs) for p in subjects), *(measures_of(t) for t in facts.said)
        )
        return any(d == stated[0] and abs(v - stated[1]) <= 1e-6 * max(1.0, v) for d, v in allowed_measures)
    allowed = set().union(*(numbers_of(p.text()) for p in subjects)) | numbers_of(policy_text)
    allowed |= {float(p.stock) for p in subjects if p.stock is not None}
    allowed |= {float(facts.quantity or 0)} | set().union(*(numbers_of(t) for t in facts.said))
    return any(abs(a - mention.value) < 0.005 for a in allowed)


def _stock(glue: str, subjects: list[Product]) -> list[Violation]:
    found = []
    for match in _STOCK.finditer(glue):
        out = bool(_OUT.search(match[0])) != negated(glue, match.start())
        for product in subjects:
            if product.stock is None or (product.stock == 0) != out:
                said = "out of stock" if out else "in stock"
                found.append(
                    Violation(ViolationKind.FALSE_STOCK, f"{product.name} is not {said} in the catalog")
                )
    return found


def _anchored(glue: str, policies: tuple[Policy, ...], subjects: list[Product]) -> list[Policy]:
    """The policy passages a sentence talks about in words: it shares a word with one that is no
    sales talk and no word of its products' names ("shipping" with the shipping terms)."""
    own = backing_of([p.name for p in subjects])
    words = [w for w in words_of(glue) if len(w) > 1 and not _SALES.backs(w) and not own.backs(w)]
    return [p for p in policies if any(text_backing(f"{p.title} {p.text}").backs(w) for w in words)]


def _backed_by_policy(word: str, glue: str, policies: list[Policy]) -> bool:
    """A word backed by a policy passage the sentence talks about, through another of its words
    ("free" with "shipping" in the shipping terms; not "the second one is free")."""
    others = [w for w in words_of(glue) if w != word and len(w) > 1 and not _SALES.backs(w)]
    for policy in policies:
        passage = text_backing(f"{policy.title} {policy.text}")
        if passage.backs(word) and any(passage.backs(o) for o in others):
            return True
    return False
