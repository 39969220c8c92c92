"""Turns answered in code: an order request (lead), a handoff to a person, a refusal, and the
policy passages for the policy questions a message asks. Leads and handoffs are only decided here,
with their ids; they are stored when the turn is committed (``Ledger.record_actions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.answer.facts import Product
from agent.answer.render import money
from agent.answer.vocabulary import Backing, text_backing, words_of
from agent.consult.ledger import LeadItem, new_record_id
from agent.consult.records import Record, records_from_hits
from agent.language import detect_language
from agent.prompts import load_localized
from agent.retrieval.hybrid import Filters, HybridRetriever
from agent.understand.request import Act, Contact

if TYPE_CHECKING:
    from agent.consult.planner import IncomingMessage, TurnPlan

# How each policy question is searched for among the shop's passages (English and Chinese words
# of the topic, beside the customer's own), and named when no passage answers it.
TOPICS: dict[Act, tuple[str, str]] = {
    Act.SHIPPING: ("shipping and delivery", "配送和运费"),
    Act.RETURNS: ("returns and refunds", "退换货"),
    Act.WARRANTY: ("warranty and repairs", "保修"),
    Act.PAYMENT: ("payment methods", "付款方式"),
    Act.DISCOUNTS: ("discounts and coupons", "优惠和折扣"),
}
_PASSAGES_PER_TOPIC = 2
_SALES = Backing()  # backs only the sales vocabulary


def contact_of(contact: Contact) -> dict[str, str]:
    return {key: value for key in ("name", "email", "phone") if (value := getattr(contact, key))}


def topic_label(topic: Act, language: str) -> str:
    english, chinese = TOPICS[topic]
    return chinese if language == "zh" else english


def policy_passages(plan: TurnPlan, message: str, retriever: HybridRetriever) -> list[Record]:
    """The shop's passages for each policy question the message asks (haggling asks about the
    discount terms too); a topic no passage covers goes to ``plan.missing_topics``. A passage in
    the customer's language comes first (a shop may write its China terms in Chinese)."""
    topics = plan.request.policy_topics + ([Act.DISCOUNTS] if plan.request.does(Act.HAGGLE) else [])
    found: list[Record] = []
    for topic in dict.fromkeys(topics):
        query = f"{topic_label(topic, 'en')} {topic_label(topic, 'zh')} {message}"
        hits = retriever.search(query, k=4, filters=Filters(kind="faq"))
        passages = [p for p in records_from_hits(hits) if _about(topic, p)]
        passages.sort(key=lambda p: detect_language(str(p.get("text") or "")) != plan.language)
        if passages:
            found += [p for p in passages[:_PASSAGES_PER_TOPIC] if p not in found]
            plan.answered_topics.append(topic.value)
        else:
            plan.missing_topics.append(topic_label(topic, plan.language))
    return found


def _about(topic: Act, passage: Record) -> bool:
    """Whether a passage speaks of the topic at all: a word of the topic's names is in it (in
    either language: "退货" is backed by "returns" through the dictionary)."""
    backing = text_backing(f"{passage.get('title') or ''} {passage.get('text') or ''}")
    words = [w for label in TOPICS[topic] for w in words_of(label) if w not in ("and",)]
    return any(backing.backs(w) for w in words if not _SALES.backs(w))


def with_policy_lines(plan: TurnPlan, reply: str, passages: list[Record]) -> str:
    """A reply decided in code, plus the policy answer to each other question of the message."""
    lines = [reply] + [f"{p['title']}: {p.get('text', '')}" for p in passages]
    if plan.missing_topics:
        lines.append(
            load_localized("reply_missing_topic", plan.language, topics=", ".join(plan.missing_topics))
        )
    return "\n\n".join(lines)


def refuse(plan: TurnPlan, shop_name: str) -> None:
    """Attacks and abuse: a short refusal, no ticket, no lead."""
    plan.reply = load_localized("reply_refused", plan.language, shop_name=shop_name)
    plan.actions.append({"type": "refused", "reason": "attack"})


def handoff(plan: TurnPlan, incoming: IncomingMessage, reason: str) -> None:
    """A handoff request, once per episode: asking again while one is open points to the same ticket."""
    contact = contact_of(plan.profile.contact)
    ticket = plan.handoff or new_record_id("handoff")
    if plan.handoff is None:
        plan.actions.append(
            {
                "type": "handoff",
                "id": ticket,
                "reason": reason,
                "summary": incoming.message[:500],
                "contact": contact,
            }
        )
    plan.handoff = ticket
    contact_line = (
        load_localized("reply_contact", plan.language, contact=", ".join(contact.values()))
        if plan.profile.contact.reachable()
        else load_localized("reply_no_contact", plan.language)
    )
    plan.reply = load_localized("reply_handoff", plan.language, ticket=ticket, contact_line=contact_line)


def purchase(plan: TurnPlan, incoming: IncomingMessage, reachable: bool) -> None:
    """An order request for the product the message is about (named, pointed to, or under
    discussion), in the quantity the customer stated (1 when they stated none). Never a product
    found from an unrelated phrase, and never unavailable listings."""
    products = [r for r in plan.records if r["kind"] == "product"]
    zh = plan.language == "zh"
    missing = ([] if products else ["想购买的商品" if zh else "which product you want"]) + (
        [] if reachable else ["邮箱或电话" if zh else "an email address or phone number"]
    )
    if missing:
        plan.reply = load_localized("reply_lead_missing", plan.language, missing=", ".join(missing))
        return
    chosen = products[0]
    quantity = incoming.request.quantity or plan.profile.quantity or 1
    item = LeadItem(chosen["id"], chosen["name"], quantity, chosen.get("price"))
    product = Product.from_record(chosen)
    price = money(product.price, product.currency, plan.language) if product.price is not None else "—"
    lead = new_record_id("lead")
    contact = contact_of(plan.profile.contact)
    plan.records = [chosen]
    plan.reply = load_localized(
        "reply_lead",
        plan.language,
        lead=lead,
        items=f"{item.quantity} × {item.name}, {price} [{item.product_id}]",
        contact=", ".join(v for k, v in contact.items() if k != "name"),
    )
    plan.actions.append(
        {"type": "lead", "id": lead, "items": [item.__dict__], "contact": contact, "language": plan.language}
    )
