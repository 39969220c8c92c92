"""The tagger's raw parse made typed: spans read by the number parsers, acts chosen, contact
details read by their own parsers (email addresses, phonenumbers)."""

from __future__ import annotations

import re

import phonenumbers

from agent.understand.numbers import bound_in, count_in, money_in, ordinal_in
from agent.understand.request import (
    Act,
    Bound,
    Budget,
    Contact,
    CustomerRequest,
    Referent,
    ReferentKind,
)
from agent.understand.tagger import Span, TaggedMessage

ACT_THRESHOLD = 0.5
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Regions whose numbering plans a phone number written without a country code is tried in.
_PHONE_REGIONS = ("US", "CN", "GB", "IN", "DE")
_BOUNDS = {
    "BUDGET_UNDER": Bound.UNDER,
    "BUDGET_AROUND": Bound.AROUND,
    "BUDGET_OVER": Bound.OVER,
    "BUDGET_BETWEEN": Bound.BETWEEN,
}
# Which way a referent like "the cheaper one" points: the price words of a referent span.
_CHEAP = re.compile(r"cheap|budget|afford|less expensive|lower price|便宜|实惠|平价|性价比", re.I)
_DEAR = re.compile(r"expensive|pric(?:ey|ier)|premium|dear|贵|高端", re.I)


def to_request(tagged: TaggedMessage, language: str) -> CustomerRequest:
    acts = frozenset(Act(a) for a, p in tagged.acts.items() if p >= ACT_THRESHOLD)
    if not acts:
        acts = frozenset({Act(max(tagged.acts, key=tagged.acts.__getitem__))})
    confidence = min(tagged.acts[a.value] for a in acts)
    needs = tagged.of("NEED")
    return CustomerRequest(
        text=tagged.text,
        language=language,
        acts=acts,
        need=" ".join(s.text for s in needs) or None,
        budget=_budget(tagged),
        quantity=next((q for s in tagged.of("QUANTITY") if (q := count_in(s.text))), None),
        referent=_referent(tagged),
        attributes=tuple(dict.fromkeys(s.text.lower() for s in tagged.of("ATTRIBUTE"))),
        contact=contact_in(tagged.text, next((s.text for s in tagged.of("NAME")), None)),
        confidence=round(confidence, 4),
    )


def _budget(tagged: TaggedMessage) -> Budget | None:
    for span in _budget_phrases(tagged):
        if (money := money_in(span.text)) is None:
            continue
        if len(money.values) == 2:
            low, high = sorted(money.values)
            return Budget(Bound.BETWEEN, low, high, money.currency)
        written = bound_in(span.text)
        bound = Bound(written) if written else _BOUNDS[span.label]
        return Budget(Bound.UNDER if bound is Bound.BETWEEN else bound, money.values[0], None, money.currency)
    return None


def _budget_phrases(tagged: TaggedMessage) -> list[Span]:
    """The budget spans, pieces that touch joined into one phrase: the tagger labels each token
    alone, so "under twenty dollars" can come as "under" (UNDER) and "twenty dollars" (OVER), and
    read apart its amount had lost its bound. A phrase keeps its first piece's label; the words
    decide the bound anyway (``bound_in``)."""
    phrases: list[Span] = []
    for span in (s for s in tagged.spans if s.label in _BOUNDS):
        last = phrases[-1] if phrases else None
        if last is not None and not tagged.text[last.end : span.start].strip(" ,，、"):
            phrases[-1] = Span(last.start, span.end, last.label, tagged.text[last.start : span.end])
        else:
            phrases.append(span)
    return phrases


def _referent(tagged: TaggedMessage) -> Referent | None:
    """One referent: from the first referent span to the last ("the runner 3 or the pacer lite")."""
    spans = tagged.of("REFERENT")
    if not spans:
        return None
    text = tagged.text[spans[0].start : spans[-1].end]
    if len(spans) == 1 and (index := ordinal_in(text)) is not None:
        return Referent(text, ReferentKind.ORDINAL, index=index)
    if len(spans) == 1 and (_CHEAP.search(text) or _DEAR.search(text)):
        return Referent(text, ReferentKind.EXTREME, cheapest=bool(_CHEAP.search(text)))
    return Referent(text, ReferentKind.DESCRIPTION)


def contact_in(text: str, name: str | None = None) -> Contact:
    email = match[0] if (match := _EMAIL.search(text)) else None
    without_email = _EMAIL.sub(" ", text)
    phone = None
    for region in _PHONE_REGIONS:
        found = next(iter(phonenumbers.PhoneNumberMatcher(without_email, region)), None)
        if found is not None:
            phone = phonenumbers.format_number(found.number, phonenumbers.PhoneNumberFormat.E164)
            break
    return Contact(name=name, email=email, phone=phone)
