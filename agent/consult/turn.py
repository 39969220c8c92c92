"""One turn, decided in code before the LLM speaks: intent, profile, stage, records and actions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.consult.drafts import draft_kind
from agent.consult.ledger import LeadItem, SalesLedger
from agent.consult.profile import update_profile
from agent.consult.recommend import Constraints, recommend
from agent.consult.records import Record, price_text, record_from_document, records_from_hits
from agent.consult.references import named_ids, referenced_ids
from agent.consult.stage import next_stage
from agent.consult.state import Role, Stage
from agent.language import detect_language
from agent.prompts import load_localized
from agent.retrieval.hybrid import Filters, HybridRetriever

PRODUCT_INTENTS = frozenset(
    {"product_recommendation", "product_question", "comparison", "price_inquiry", "objection"}
)
_POLICY_INTENTS = {"shipping", "after_sales", "complaint", "price_inquiry", "objection", "purchase"}
_PRODUCT_ID = re.compile(r"\b[A-Z]{2,5}-\d{2,5}\b")
HANDOFF_AFTER_COMPLAINTS = 2


@dataclass
class TurnPlan:
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


@dataclass(frozen=True)
class TurnInputs:
    message: str
    thread_id: str
    role: Role
    intent: str
    confidence: float
    state: dict[str, Any]


def plan_turn(
    turn: TurnInputs, retriever: HybridRetriever, ledger: SalesLedger, shop_name: str, k: int
) -> TurnPlan:
    state = turn.state
    language = detect_language(turn.message)
    profile = update_profile(state.get("profile", {}), turn.message, language)
    complaints = state.get("complaints", 0) + (turn.intent == "complaint")
    plan = TurnPlan(
        intent=turn.intent,
        confidence=turn.confidence,
        language=language,
        stage=next_stage(state.get("stage"), turn.intent, profile),
        profile=profile,
        records=[],
        complaints=complaints,
    )
    prices = {
        pid: retriever.by_id[pid].metadata["price"]
        for pid in state.get("seen", [])
        if pid in retriever.by_id and retriever.by_id[pid].metadata.get("price") is not None
    }
    pinned = [pid for pid in _PRODUCT_ID.findall(turn.message) if pid in retriever.by_id]
    pinned += named_ids(turn.message, retriever.product_metadata)
    pinned += referenced_ids(turn.message, state.get("recommended", []), prices)
    plan.records = [record_from_document(retriever.by_id[pid]) for pid in dict.fromkeys(pinned)]

    if plan.records and turn.intent in ("out_of_scope", "uncertain", "chitchat"):
        # "tell me more about the second one" or "the Voltix ProBook 16" is about a product,
        # whatever the classifier thought
        plan.intent = "product_question"
        plan.stage = next_stage(state.get("stage"), plan.intent, profile)
    if turn.role == Role.STAFF and (kind := draft_kind(turn.message)):
        plan.draft = kind
        if not plan.records:
            plan.records = recommend(retriever, Constraints.from_profile(turn.message, profile), k=2)
        return plan
    if plan.intent == "out_of_scope":
        plan.reply = load_localized("reply_out_of_scope", language, shop_name=shop_name)
        return plan
    if plan.intent == "human_handoff" or complaints >= HANDOFF_AFTER_COMPLAINTS:
        _handoff(plan, turn, ledger)
        return plan
    if plan.intent == "purchase":
        _purchase(plan, turn, ledger, retriever, state.get("recommended", []))
        return plan
    _retrieve(plan, turn.message, retriever, k)
    return plan


def query_text(message: str, profile: dict[str, Any]) -> str:
    """What a turn searches with: the message plus the stated use case (follow-ups are short)."""
    return " ".join(filter(None, [message, profile.get("use_case")]))


def _retrieve(plan: TurnPlan, message: str, retriever: HybridRetriever, k: int) -> None:
    """Products for the need (a budget is a filter), policy passages for policy intents."""
    have = {r["id"] for r in plan.records}
    if plan.intent == "product_recommendation" or (plan.intent in PRODUCT_INTENTS and not plan.records):
        need = query_text(message, plan.profile)
        constraints = Constraints.from_profile(need, plan.profile)
        if plan.intent == "objection" and plan.records:
            cheapest = min((r["price"] for r in plan.records if r.get("price")), default=None)
            if cheapest:  # a cheaper alternative in the same category
                constraints = Constraints(need, cheapest - 0.01, None, plan.records[0].get("category"))
        found = recommend(retriever, constraints, k=3)
        plan.recommended = [r["id"] for r in found]
        plan.records += [r for r in found if r["id"] not in have]
    if plan.intent in _POLICY_INTENTS:
        hits = retriever.search(query_text(message, plan.profile), k=2, filters=Filters(kind="faq"))
        plan.records += records_from_hits(hits)


def _contact(profile: dict[str, Any]) -> dict[str, str]:
    return {key: profile[key] for key in ("name", "email", "phone") if profile.get(key)}


def _reachable(contact: dict[str, str]) -> bool:
    return bool(contact.keys() & {"email", "phone"})


def _handoff(plan: TurnPlan, turn: TurnInputs, ledger: SalesLedger) -> None:
    contact = _contact(plan.profile)
    reason = "customer asked for a person" if plan.intent == "human_handoff" else "repeated complaint"
    ticket = ledger.add_handoff(turn.thread_id, reason, turn.message[:500], contact)
    contact_line = (
        load_localized("reply_contact", plan.language, contact=", ".join(contact.values()))
        if _reachable(contact)
        else load_localized("reply_no_contact", plan.language)
    )
    plan.reply = load_localized("reply_handoff", plan.language, ticket=ticket, contact_line=contact_line)
    plan.actions.append({"type": "handoff", "id": ticket, "reason": reason})


def _purchase(
    plan: TurnPlan, turn: TurnInputs, ledger: SalesLedger, retriever: HybridRetriever, recommended: list[str]
) -> None:
    products = [r for r in plan.records if r["kind"] == "product"]
    if not products and recommended:
        products = [record_from_document(retriever.by_id[recommended[0]])]
    if not products:  # "I want to buy the AirBook": find the product they named
        hits = retriever.search(turn.message, k=1, filters=Filters(kind="product"))
        products = records_from_hits([h for h in hits if h.score > 0])
    plan.records = products[:2]
    contact = _contact(plan.profile)
    zh = plan.language == "zh"
    missing = ([] if products else ["想购买的商品" if zh else "which product you want"]) + (
        [] if _reachable(contact) else ["邮箱或电话" if zh else "an email address or phone number"]
    )
    if missing:
        plan.reply = load_localized("reply_lead_missing", plan.language, missing=", ".join(missing))
        return
    quantity = int(plan.profile.get("quantity") or 1)
    items = [LeadItem(p["id"], p["name"], quantity, p.get("price")) for p in products[:1]]
    lead = ledger.add_lead(turn.thread_id, items, contact, plan.language)
    listed = ", ".join(f"{i.quantity} × {i.name} ({price_text(products[0])}) [{i.product_id}]" for i in items)
    plan.reply = load_localized(
        "reply_lead",
        plan.language,
        lead=lead,
        items=listed,
        contact=", ".join(v for k, v in contact.items() if k != "name"),
    )
    plan.actions.append({"type": "lead", "id": lead, "items": [i.__dict__ for i in items]})
