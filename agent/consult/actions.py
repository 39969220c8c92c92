"""Turns answered in code: an order request (lead), a handoff to a person, a refusal, and the
policy answers to the other questions a message carries. Leads and handoffs are only decided
here, with their ids; they are stored when the turn is committed (``SalesLedger.record_actions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agent.consult.ledger import LeadItem, new_record_id
from agent.consult.records import Record, price_text, record_from_document, records_from_hits
from agent.consult.requests import covers, policy_topics, topic_label, topic_passages
from agent.language import detect_language
from agent.prompts import load_localized
from agent.retrieval.hybrid import Filters, HybridRetriever

if TYPE_CHECKING:
    from agent.consult.planner import IncomingMessage, ReplyPlan


_POLICY_DEPTH = 6  # passages searched per topic, before those about the topic are kept
_PASSAGES_PER_TOPIC = 2


def contact_of(profile: dict[str, Any]) -> dict[str, str]:
    return {key: profile[key] for key in ("name", "email", "phone") if profile.get(key)}


def gives_contact(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """The message gave an email address or phone number the profile did not have."""
    return any(after.get(key) and after.get(key) != before.get(key) for key in ("email", "phone"))


def _reachable(contact: dict[str, str]) -> bool:
    return bool(contact.keys() & {"email", "phone"})


def policy_answers(
    plan: ReplyPlan, message: str, retriever: HybridRetriever, skip: frozenset[str] = frozenset()
) -> list[Record]:
    """Policy passages for each topic ``message`` asks about; topics no passage covers go to
    ``plan.missing_topics`` (the answer must say the information is missing).

    Two passages per topic: "Only one discount per order" alone does not answer "能便宜点吗？",
    the offers beside it do. A passage in the customer's language comes first: the sample store's
    mainland-China shipping terms answer "包邮吗？", its US ones do not."""
    found: list[Record] = []
    for topic in policy_topics(message):
        if topic in skip:
            continue
        labels = f"{topic_label(topic, 'en')} {topic_label(topic, 'zh')}"
        hits = retriever.search(f"{labels} {message}", k=_POLICY_DEPTH, filters=Filters(kind="faq"))
        passages = topic_passages(topic, records_from_hits(hits))
        passages.sort(key=lambda p: detect_language(str(p.get("text") or "")) != plan.language)
        # A second passage only from a section about the topic: the returns terms mention
        # 退货运费, yet do not answer "包邮吗？".
        passages = passages[:1] + [p for p in passages[1:] if covers(topic, str(p.get("title") or ""))]
        if passages:
            found += [p for p in passages[:_PASSAGES_PER_TOPIC] if p not in found]
            plan.answered_topics.append(topic)
        else:
            plan.missing_topics.append(topic_label(topic, plan.language))
    return found


def with_policy_lines(plan: ReplyPlan, reply: str, passages: list[Record]) -> str:
    """A reply decided in code, plus the policy answer to each other question of the message."""
    lines = [reply] + [f"{p['title']}: {p.get('text', '')}" for p in passages]
    if plan.missing_topics:
        lines.append(
            load_localized("reply_missing_topic", plan.language, topics=", ".join(plan.missing_topics))
        )
    return "\n\n".join(lines)


def refuse(plan: ReplyPlan, kind: str, shop_name: str) -> None:
    """Attacks and abuse: a short refusal, no ticket, no lead."""
    plan.reply = load_localized("reply_refused", plan.language, shop_name=shop_name)
    plan.actions.append({"type": "refused", "reason": kind})


def handoff(plan: ReplyPlan, incoming: IncomingMessage, reason: str, open_ticket: str | None) -> None:
    """A handoff request, once per episode: asking again while one is open points to the same ticket."""
    contact = contact_of(plan.profile)
    ticket = open_ticket or new_record_id("handoff")
    if open_ticket is None:
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
        if _reachable(contact)
        else load_localized("reply_no_contact", plan.language)
    )
    plan.reply = load_localized("reply_handoff", plan.language, ticket=ticket, contact_line=contact_line)


def purchase(
    plan: ReplyPlan, incoming: IncomingMessage, retriever: HybridRetriever, focus: str | None
) -> None:
    """An order request for the product the conversation is about: the one the message names or
    points to, else the one under discussion. Never a product found from an unrelated phrase."""
    products = [r for r in plan.records if r["kind"] == "product"]
    if not products and focus and focus in retriever.by_id:
        products = [record_from_document(retriever.by_id[focus])]
    plan.records = products[:2]
    contact = contact_of(plan.profile)
    zh = plan.language == "zh"
    missing = ([] if products else ["想购买的商品" if zh else "which product you want"]) + (
        [] if _reachable(contact) else ["邮箱或电话" if zh else "an email address or phone number"]
    )
    if missing:
        plan.reply = load_localized("reply_lead_missing", plan.language, missing=", ".join(missing))
        return
    quantity = int(plan.profile.get("quantity") or 1)
    items = [LeadItem(p["id"], p["name"], quantity, p.get("price")) for p in products[:1]]
    lead = new_record_id("lead")
    listed = ", ".join(
        f"{i.quantity} × {i.name}, {price_text(products[0], plan.language)} [{i.product_id}]" for i in items
    )
    plan.reply = load_localized(
        "reply_lead",
        plan.language,
        lead=lead,
        items=listed,
        contact=", ".join(v for k, v in contact.items() if k != "name"),
    )
    plan.actions.append(
        {
            "type": "lead",
            "id": lead,
            "items": [i.__dict__ for i in items],
            "contact": contact,
            "language": plan.language,
        }
    )
