"""One turn, decided in code before the LLM speaks: intent, profile, stage, records and actions."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from agent.consult.actions import gives_contact, handoff, policy_answers, purchase, refuse, with_policy_lines
from agent.consult.drafts import draft_kind
from agent.consult.objections import about_the_product
from agent.consult.profile import need_text, update_profile
from agent.consult.recommend import Constraints, recommend
from agent.consult.records import Record, record_from_document, records_from_hits
from agent.consult.references import named_ids, referenced_ids
from agent.consult.requests import asks_if_sold, attack_kind, orders, policy_topics, shops, wants_alternatives
from agent.consult.stage import next_stage
from agent.consult.state import Role, Stage
from agent.consult.unmatched import names_nothing_known, not_in_catalog_reply, translated_only
from agent.language import detect_language
from agent.prompts import load_localized
from agent.retrieval.hybrid import Filters, HybridRetriever

PRODUCT_INTENTS = frozenset(
    {"product_recommendation", "product_question", "comparison", "price_inquiry", "objection"}
)
_POLICY_INTENTS = {"shipping", "after_sales", "complaint", "price_inquiry", "objection", "purchase"}
_COMPARATIVE = re.compile(
    r"\b(?:which|compare|comparison|vs\.?|versus|difference)\b|哪个|哪款|哪一|比较|对比|区别", re.I
)
HANDOFF_AFTER_COMPLAINTS = 2
_POLICY_LABELS = {"shipping", "after_sales"}
_NOT_YET_SHOPPING = {"purchase", "chitchat", "uncertain", "product_question", "price_inquiry"}


@dataclass
class ReplyPlan:
    """What the code decided; ``reply`` set means the turn is answered without the LLM."""

    intent: str
    confidence: float
    language: str
    stage: Stage
    profile: dict[str, Any]
    records: list[Record]
    complaints: int
    draft: str | None = None
    recommended: list[str] = field(default_factory=list)
    reply: str | None = None
    actions: list[dict[str, Any]] = field(default_factory=list)
    handoff: str | None = None  # the open handoff ticket, if any
    missing_topics: list[str] = field(default_factory=list)  # asked about, in no policy
    answered_topics: list[str] = field(default_factory=list)  # asked about, a policy passage found


@dataclass(frozen=True)
class IncomingMessage:
    message: str
    thread_id: str
    role: Role
    intent: str
    confidence: float
    state: dict[str, Any]
    # The catalog's English words for a Chinese request (search_terms.py): None when the catalog
    # is searched in the message's own language, "" when no catalog word was found for it.
    search_terms: str | None = None
    # The catalog's words for the shop's synonyms in the message (synonyms.py), in any language.
    synonym_words: str = ""


def turn_language(message: str, state: dict[str, Any]) -> str:
    """The message's language; one with no words ("2", "👍") keeps the conversation's."""
    if not re.search(r"[A-Za-z\u3400-\u9fff]", message):
        return str(state.get("profile", {}).get("language") or "en")
    return detect_language(message)


def plan_reply(incoming: IncomingMessage, retriever: HybridRetriever, shop_name: str, k: int) -> ReplyPlan:
    state = incoming.state
    language = turn_language(incoming.message, state)
    profile = update_profile(state.get("profile", {}), incoming.message, language, retriever.categories)
    attack = attack_kind(incoming.message) if incoming.role == Role.CUSTOMER else None
    complaints = state.get("complaints", 0) + (incoming.intent == "complaint" and attack is None)
    plan = ReplyPlan(
        intent=incoming.intent,
        confidence=incoming.confidence,
        language=language,
        stage=next_stage(state.get("stage"), incoming.intent, profile),
        profile=profile,
        records=[],
        complaints=complaints,
    )
    recommended: list[str] = state.get("recommended", [])
    prices = {
        pid: retriever.by_id[pid].metadata["price"]
        for pid in state.get("seen", [])
        if pid in retriever.by_id and retriever.by_id[pid].metadata.get("price") is not None
    }
    pinned = [pid for pid in _catalog_ids(incoming.message, retriever) if pid in retriever.by_id]
    pinned += _distinct_names(named_ids(incoming.message, retriever.product_metadata), retriever)
    # Products the customer names become the list "the first one" refers to; a reference to
    # that list ("the second one") leaves it as it is.
    plan.recommended = list(dict.fromkeys(pinned))
    about: list[str] = [pid for pid in state.get("focus", []) if pid in retriever.by_id]
    pinned += referenced_ids(incoming.message, recommended, prices, about)
    plan.records = [record_from_document(retriever.by_id[pid]) for pid in dict.fromkeys(pinned)]

    if attack is not None:
        refuse(plan, attack, shop_name)
        return plan
    # A request the classifier (trained on another shop) calls out of scope is this shop's when
    # the catalog has the words for it ("我想买咖啡" on an English grocery catalog).
    in_scope = (
        incoming.intent in _NOT_YET_SHOPPING
        or (incoming.intent == "out_of_scope" and bool(incoming.search_terms or incoming.synonym_words))
        # "Do you sell porridge?" read as shipping: a policy label for a message naming no policy.
        or (
            incoming.intent in _POLICY_LABELS
            and asks_if_sold(incoming.message)
            and not policy_topics(incoming.message)
        )
    )
    if not recommended and in_scope and shops(incoming.message) and not orders(incoming.message):
        # "I'm looking for coffee", "Do you have honey?", "我想买燕麦": nothing chosen yet, so
        # this asks for a recommendation, whatever the classifier (trained on other shops) said
        plan.intent = "product_recommendation"
        plan.stage = next_stage(state.get("stage"), plan.intent, profile)
    if plan.records and incoming.intent in ("out_of_scope", "uncertain", "chitchat"):
        # "tell me more about the second one" or "the Voltix ProBook 16" is about a product,
        # whatever the classifier thought
        plan.intent = "product_question"
        plan.stage = next_stage(state.get("stage"), plan.intent, profile)
    buys = orders(incoming.message) or shops(incoming.message)
    if plan.records and buys and gives_contact(state.get("profile", {}), profile):
        # "我想买墨竹 降噪耳机 Q3，我的电话是…", "I'll take it, my email is …": a product named or
        # pointed to and a way to reach the customer is an order, whatever the classifier said
        plan.intent = "purchase"
        plan.stage = next_stage(state.get("stage"), plan.intent, profile)
    if len(plan.records) >= 2 and _COMPARATIVE.search(incoming.message):
        plan.intent = "comparison"  # "which one is cheaper?": both products, both prices
    if incoming.role.is_staff and (kind := draft_kind(incoming.message)):
        plan.draft = kind
        if not plan.records:
            plan.records = recommend(retriever, Constraints.from_profile(incoming.message, profile), k=2)
        return plan
    if plan.intent == "out_of_scope":
        plan.reply = load_localized("reply_out_of_scope", language, shop_name=shop_name)
        return plan
    focus = next(iter(about or recommended), None)  # the product under discussion
    if plan.intent == "human_handoff" or complaints >= HANDOFF_AFTER_COMPLAINTS:
        reason = "customer asked for a person" if plan.intent == "human_handoff" else "repeated complaint"
        handoff(plan, incoming, reason, state.get("handoff"))
        plan.complaints = 0  # the episode is handed over: later messages start a new count
    elif plan.intent == "purchase":
        purchase(plan, incoming, retriever, focus)
    if plan.reply is None:
        about_the_product(plan, incoming.message, retriever, focus, recommended)
    if (
        plan.reply is None
        and not incoming.synonym_words
        and names_nothing_known(incoming.search_terms, plan, incoming.message, retriever, PRODUCT_INTENTS)
    ):
        plan.reply = not_in_catalog_reply(language, retriever)
    if plan.reply is not None:
        passages = policy_answers(plan, incoming.message, retriever)
        plan.reply = with_policy_lines(plan, plan.reply, passages)
        plan.records += passages  # cited like any answer's sources
        return plan
    _retrieve(plan, incoming, retriever, k)
    return plan


def _distinct_names(ids: list[str], retriever: HybridRetriever) -> list[str]:
    """A name several products share ("Peanut Butter" in five sizes), or one inside several other
    products' names ("Face Wash" in "Neem Face Wash", "Face Wash - Oil Control"), names a kind,
    not one product: the recommendation, with its budget, chooses among them."""
    names = {i: " ".join(str(retriever.product_metadata[i]["name"]).casefold().split()) for i in ids}
    shared = Counter(names.values())
    return [i for i in ids if shared[names[i]] == 1 and names[i] not in retriever.kind_names]


def _catalog_ids(message: str, retriever: HybridRetriever) -> list[str]:
    """Ids of this catalog written in the message ("[B07X]", "TH-S-BL"), whatever their shape."""
    tokens = re.findall(r"[\w][\w./-]*[\w]|\w", message)
    return [t for t in tokens if t in retriever.by_id and (len(t) >= 4 or not t.isdigit())]


def query_text(message: str, profile: dict[str, Any]) -> str:
    """What a turn searches with: the message plus the stated use case (follow-ups are short)."""
    return " ".join(filter(None, [message, profile.get("use_case")]))


def _retrieve(plan: ReplyPlan, incoming: IncomingMessage, retriever: HybridRetriever, k: int) -> None:
    """Products for the need (a budget is a filter), policy passages for policy intents and for
    each policy question the message asks."""
    have = {r["id"] for r in plan.records}
    message, search_terms = incoming.message, incoming.search_terms or ""
    if plan.intent == "product_recommendation" or (plan.intent in PRODUCT_INTENTS and not plan.records):
        # The translated words alone on an English catalog: mixed with the Chinese, the embedding
        # drifts to other products. A catalog that also names products in Chinese gets both.
        words = search_terms or need_text(message)
        if search_terms and not translated_only(retriever):
            words = f"{search_terms} {need_text(message)}"
        if incoming.synonym_words:  # the shop's own word first; a translated search stays English
            translated = incoming.search_terms is not None and translated_only(retriever)
            words = f"{incoming.synonym_words} {search_terms if translated else words}".strip()
        need = query_text(words, plan.profile)
        found = recommend(retriever, Constraints.from_profile(need, plan.profile), k=3)
        plan.records += [r for r in found if r["id"] not in have]
        plan.recommended = [r["id"] for r in plan.records if r["kind"] == "product"]
    passages = policy_answers(plan, message, retriever)
    # "Cheaper ones?" asks for products: a nearest policy passage (shipping) is noise to it.
    if plan.intent in _POLICY_INTENTS and not passages and not wants_alternatives(message):
        hits = retriever.search(query_text(message, plan.profile), k=2, filters=Filters(kind="faq"))
        passages = records_from_hits(hits)
    plan.records += [p for p in passages if p["id"] not in have]
