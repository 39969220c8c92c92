"""One turn, decided in code from the parse of the message (``CustomerRequest``) and what the
conversation knows: the products it is about, the records the answer rests on, and the actions
(an order request, a handoff, a refusal) that code answers alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.consult.actions import handoff, policy_passages, purchase, refuse, with_policy_lines
from agent.consult.alternatives import alternatives
from agent.consult.conversation import Conversation, Profile
from agent.consult.delisted import not_for_sale
from agent.consult.drafts import draft_kind
from agent.consult.recommend import Constraints, recommend
from agent.consult.records import Record, record_from_document
from agent.consult.referents import named_products, subject_products
from agent.consult.stage import next_stage
from agent.consult.state import Role, Stage
from agent.consult.unmatched import names_nothing_known, not_in_catalog_reply
from agent.language import answer_language
from agent.prompts import load_localized
from agent.retrieval.hybrid import HybridRetriever
from agent.understand.request import PRODUCT_ACTS, Act, CustomerRequest

HANDOFF_AFTER_COMPLAINTS = 2
# The intent label a turn is counted under (reports, stages), from its acts, the first that applies.
_INTENTS = (
    (Act.HUMAN, "human_handoff"), (Act.COMPLAINT, "complaint"), (Act.ORDER, "purchase"),
    (Act.COMPARE, "comparison"), (Act.HAGGLE, "price_inquiry"), (Act.CHEAPER, "objection"),
    (Act.SIMILAR, "product_recommendation"), (Act.ASK_ABOUT, "product_question"),
    (Act.BROWSE, "product_recommendation"), (Act.SHIPPING, "shipping"), (Act.RETURNS, "after_sales"),
    (Act.WARRANTY, "after_sales"), (Act.PAYMENT, "purchase"), (Act.DISCOUNTS, "price_inquiry"),
    (Act.SMALLTALK, "chitchat"), (Act.ATTACK, "chitchat"), (Act.OUT_OF_SCOPE, "out_of_scope"),
)  # fmt: skip
PRODUCT_INTENTS = frozenset({"product_recommendation", "product_question", "comparison", "objection"})


def intent_of(request: CustomerRequest) -> str:
    return next((label for act, label in _INTENTS if act in request.acts), "chitchat")


@dataclass
class TurnPlan:
    """What the code decided; ``reply`` set means the turn is answered without the model."""

    request: CustomerRequest
    intent: str
    language: str  # the answer's language
    stage: Stage
    profile: Profile
    records: list[Record] = field(default_factory=list)
    about: list[str] = field(default_factory=list)  # the products the message is about (owed an answer)
    shown: list[str] | None = None  # a new list for "the second one", when this turn shows one
    reply: str | None = None
    actions: list[dict[str, Any]] = field(default_factory=list)
    handoff: str | None = None
    complaints: int = 0
    answered_topics: list[str] = field(default_factory=list)
    missing_topics: list[str] = field(default_factory=list)
    draft: str | None = None


@dataclass(frozen=True)
class IncomingMessage:
    message: str
    thread_id: str
    role: Role
    request: CustomerRequest
    conversation: Conversation
    # The catalog's English words for a request in another language (None: searched as written,
    # "": none found), and the catalog's words for the shop's synonyms in the message.
    search_terms: str | None = None
    synonym_words: str = ""


def plan_turn(incoming: IncomingMessage, retriever: HybridRetriever, shop_name: str, k: int) -> TurnPlan:
    request, conversation = incoming.request, incoming.conversation
    profile = conversation.profile.updated(request)
    intent = intent_of(request)
    attack = request.does(Act.ATTACK) and incoming.role is Role.CUSTOMER
    plan = TurnPlan(
        request=request,
        intent=intent,
        language=answer_language(request.language),
        stage=next_stage(conversation.stage, intent, profile),
        profile=profile,
        handoff=conversation.handoff,
        complaints=conversation.complaints + (request.does(Act.COMPLAINT) and not attack),
    )
    if attack:
        refuse(plan, shop_name)
        return plan
    products = retriever.product_metadata
    named = named_products(incoming.message, products)
    plan.about = subject_products(request, named, conversation.shown, conversation.focus, products)
    plan.records = [record_from_document(retriever.by_id[i]) for i in plan.about if i in retriever.by_id]
    if named:
        plan.shown = named  # products the customer names are the list "the first one" counts in
    delisted = [i for i in plan.about if not retriever.for_sale(i)]
    if delisted and not incoming.role.is_staff:
        not_for_sale(plan, delisted[0], retriever)  # before any order or answer about it
        return plan
    if incoming.role.is_staff and request.does(Act.DRAFT):
        plan.draft = draft_kind(incoming.message)  # words for a salesperson, from the records
        if not plan.records:
            plan.records = recommend(
                retriever, Constraints.of(_need(request, profile), profile.budget, retriever.currency), k=2
            )
        return plan
    # Staff are answered by the model and its tools: no order, handoff or redirect for them.
    if not incoming.role.is_staff and _customer_actions(plan, incoming, shop_name):
        return plan
    if plan.reply is None and (request.does(Act.CHEAPER, Act.SIMILAR) and plan.records):
        shown = [record_from_document(retriever.by_id[i]) for i in conversation.shown if i in retriever.by_id]
        budget = profile.budget if request.does(Act.SIMILAR) else None
        found = alternatives(plan.records[0], shown, retriever, request.does(Act.CHEAPER), budget)
        plan.records += found
        plan.shown = [r["id"] for r in plan.records]
    if plan.reply is None and _searches(request, plan):
        if names_nothing_known(
            incoming.search_terms, _need(request, profile), incoming.synonym_words, retriever
        ):
            plan.reply = not_in_catalog_reply(plan.language, retriever)
        else:
            found = recommend(
                retriever,
                Constraints.of(_query(incoming, profile, retriever), profile.budget, retriever.currency),
                k=3,
            )
            plan.records += [r for r in found if r["id"] not in {x["id"] for x in plan.records}]
            plan.shown = [r["id"] for r in plan.records if r["kind"] == "product"]
            plan.about = list(plan.shown)
    passages = policy_passages(plan, incoming.message, retriever)
    if plan.reply is not None:
        plan.reply = with_policy_lines(plan, plan.reply, passages)
    plan.records += [p for p in passages if p["id"] not in {r["id"] for r in plan.records}]
    return plan


def _customer_actions(plan: TurnPlan, incoming: IncomingMessage, shop_name: str) -> bool:
    """What code decides alone for a customer: a handoff, an order request, or a redirect out of
    scope (True: the turn is answered, nothing more to plan)."""
    request, before = plan.request, incoming.conversation.profile
    if request.does(Act.HUMAN) or plan.complaints >= HANDOFF_AFTER_COMPLAINTS:
        reason = "customer asked for a person" if request.does(Act.HUMAN) else "repeated complaint"
        handoff(plan, incoming, reason)
        plan.complaints = 0  # the episode is handed over: later messages start a new count
    elif request.does(Act.ORDER):
        purchase(plan, incoming, plan.profile.gave_contact(before) or plan.profile.contact.reachable())
    elif (
        Act.OUT_OF_SCOPE in request.acts
        and request.acts <= {Act.OUT_OF_SCOPE, Act.SMALLTALK}
        and not plan.records
    ):
        plan.reply = load_localized("reply_out_of_scope", plan.language, shop_name=shop_name)
        return True
    return False


def _searches(request: CustomerRequest, plan: TurnPlan) -> bool:
    """A request for products that names or points to none: the catalog is searched."""
    if plan.records:
        return False
    return request.does(Act.BROWSE) or (request.does(*PRODUCT_ACTS) and bool(request.need))


def _need(request: CustomerRequest, profile: Profile) -> str:
    return request.need or profile.need or request.text


def _query(incoming: IncomingMessage, profile: Profile, retriever: HybridRetriever) -> str:
    """What the catalog is searched with: the need, after the shop's own words for it when its
    synonyms name something in it; and the chat model's words for it in the catalog's language, if
    any (the search adds the dictionary's words itself). A need in the other language than the
    catalog whose term the synonyms already said the shop's way is left out: the search would
    translate 酥油 to "butter" where the shop says "ghee"."""
    need = _need(incoming.request, profile)
    if incoming.synonym_words and incoming.request.language != retriever.catalog_language:
        need = ""
    return " ".join(filter(None, [incoming.synonym_words, need, incoming.search_terms])).strip()
