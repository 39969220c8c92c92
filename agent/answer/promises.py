"""A promise (free, returnable, under warranty, delivered, discounted) is one the shop's policies
make: a sentence of the answer that promises is held to the policy sentences it speaks of. It keeps
their polarity, the party that pays or gives, an exclusive condition they put ("only if defective",
"非质量问题"), and an amount they make it depend on ("free from $50"), unless every product it is
about meets that amount. Words alone backed by a passage are not enough: "退货运费由我们承担" uses
the words of "退货运费由买家承担"."""

from __future__ import annotations

import re

from agent.answer.facts import Policy, Product
from agent.answer.scope import kind_words, product_kinds
from agent.answer.sentences import negated
from agent.answer.violations import Violation, ViolationKind
from agent.answer.vocabulary import Backing, backing_of, stem, text_backing, words_of
from agent.ingestion.prices import find_amounts

# The words that make a sentence a promise, in the languages answers are checked in (closed class).
PROMISE = re.compile(
    r"\b(?:free|return\w*|refund\w*|exchang\w*|warrant\w*|guarantee\w*|repair\w*|ship\w*|deliver\w*|"
    r"discount\w*|coupon\w*|gratis|gratuit\w*|kostenlos\w*|devol\w*|retour\w*|rückgabe|zurückgeben|garant\w*|"
    r"envío|livraison|versand\w*|liefer\w*|descuento\w*|réduction\w*|rabatt\w*)\b"
    r"|免费|包邮|免运费|退货|退款|退换|换货|保修|质保|维修|发货|配送|送达|优惠|折扣|打折",
    re.I,
)
FREE = re.compile(r"\bfree\b|免费|包邮|免运费|gratis|gratuit|kostenlos", re.I)
# Who pays or gives: the shop, or the customer.
_ROLES = {
    "shop": re.compile(r"\b(?:we|us|our|ours)\b|我们|本店|商家|卖家|店铺", re.I),
    "customer": re.compile(r"\b(?:you|your|customers?|buyers?)\b|您|买家|顾客|客户|消费者", re.I),
}
# Words that restrict a promise to some cases (what follows them must be carried).
_EXCLUSIVE = re.compile(
    r"\b(?:only if|only when|only|unless|except|excluding|provided)\b|仅|只有|只限|除非|不包括|非", re.I
)
_SALES = Backing()
_MIN_SHARED = 2  # content words a policy sentence shares with a claim before it is what the claim speaks of


def promise_violations(
    glue: str,
    sentence: str,
    subjects: list[Product],
    policies: list[Policy],
    kinds: frozenset[str] = frozenset(),
    turn_policies: tuple[Policy, ...] = (),
) -> list[Violation]:
    """What in a promising sentence its policy sentences do not make: the opposite polarity, the
    other party, a dropped exclusive condition, a dropped amount. A policy sentence naming the kind
    of the products the promise is about ("Opened headphones ...") speaks of it from one shared word."""
    if not PROMISE.search(glue):
        return []
    # "Free" said in words no policy shares (a French answer, Chinese terms) is held to every
    # amount the turn's policies put on "free".
    found = _free_from(glue, sentence, subjects, policies or list(turn_policies))
    asserted = _stems(words_of(glue))
    claim = [w for w in words_of(glue) if len(w) > 1 and not _SALES.backs(w)]
    own = [product_kinds(p) & kinds for p in subjects]
    spoken = [
        s
        for s in _sentences(policies)
        if _shared(claim, s) >= (1 if own and all(_names_kind(s, mine) for mine in own) else _MIN_SHARED)
        or _denies(s, asserted)
    ]
    if not spoken:
        return found
    best = max(spoken, key=lambda s: _shared(claim, s))
    if bool(_any_negation(glue)) != bool(_any_negation(best) or _denies(best, asserted)):
        found.append(Violation(ViolationKind.UNSUPPORTED, f"the policy says otherwise: '{best}'"))
    mine = {role for role, words in _ROLES.items() if words.search(glue)}
    theirs = {role for role, words in _ROLES.items() if words.search(best)}
    if mine and theirs and not mine & theirs:
        found.append(Violation(ViolationKind.UNSUPPORTED, f"the policy names the other party: '{best}'"))
    claim_backing = backing_of([sentence])
    for policy_sentence in spoken:
        for match in _EXCLUSIVE.finditer(policy_sentence):
            condition = [w for w in words_of(policy_sentence[match.end() :])[:3] if not _SALES.backs(w)]
            if condition and not any(claim_backing.has(w) for w in condition):
                found.append(
                    Violation(
                        ViolationKind.CONDITION_DROPPED,
                        f"the policy adds '{policy_sentence[match.start() :][:60]}'",
                    )
                )
                break
    return found


def _sentences(policies: list[Policy]) -> list[str]:
    return [s.strip() for p in policies for s in re.split(r"[.;。；\n]", p.text) if s.strip()]


def _shared(claim: list[str], text: str) -> int:
    backing = text_backing(text)
    return sum(backing.has(w) for w in dict.fromkeys(claim))


# A word a policy negates by its prefix ("unopened", "non-refundable"): the claim's "opened" is
# the word it speaks of, with the other polarity.
_PREFIX_NEGATED = re.compile(r"\b(?:un|non-?)([a-z]{4,})", re.I)


def _denied_words(text: str) -> set[str]:
    return {stem(m[1].lower()) for m in _PREFIX_NEGATED.finditer(text)}


def _stems(words: list[str]) -> set[str]:
    return {stem(w) for w in words}


def _denies(policy_sentence: str, asserted: set[str]) -> bool:
    """The policy sentence negates, by a prefix, a word the claim asserts (``asserted``: their
    stems): it speaks of the claim."""
    return bool(_denied_words(policy_sentence) & asserted)


def _names_kind(policy_sentence: str, kinds: frozenset[str]) -> bool:
    return bool(kinds and kinds & kind_words([policy_sentence]))


def _any_negation(text: str) -> bool:
    return any(negated(text, m.end()) for m in PROMISE.finditer(text))


def _free_from(glue: str, sentence: str, subjects: list[Product], policies: list[Policy]) -> list[Violation]:
    """A promise the policy makes only from an amount ("free on orders of $50 or more") carries
    that amount, unless every product it is about meets it."""
    if not (match := FREE.search(glue)) or negated(glue, match.start()):
        return []
    stated = {round(a.value, 2) for a in find_amounts(sentence)}
    for clause in _sentences(policies):
        if not FREE.search(clause) or not (amounts := find_amounts(clause)):
            continue
        least = min(a.value for a in amounts)
        prices = [p.price for p in subjects if p.price is not None]
        if round(least, 2) not in stated and (not prices or min(prices) < least):
            return [
                Violation(
                    ViolationKind.CONDITION_DROPPED, f"the policy makes it free only from {amounts[0].text}"
                )
            ]
    return []
