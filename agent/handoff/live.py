"""The customer's side of a live handoff, called from the consultation turn: queue the request and
say honestly what happens next, and while a person has the conversation, relay the customer's
messages to them instead of answering."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import chainlit as cl

from agent.cluster.stores import open_ledger
from agent.consult.state import Role
from agent.handoff.queue_view import conversation_state, escape_markdown, queue_entry
from agent.privacy.redact import redact
from agent.prompts import load_localized
from agent.storage.desk import TAKEN, LiveHandoff

if TYPE_CHECKING:
    from agent.web.runtime import WebRuntime

TAKE = "handoff_take"
HAND_BACK = "handoff_hand_back"
CLOSE = "handoff_close"
SUGGEST = "handoff_suggest"
CUSTOMER_AUTHOR = "Customer"


def display_name(identifier: str) -> str:
    """What a customer sees of a salesperson: the first part of the login name ("sam.lee" -> "Sam Lee")."""
    return re.sub(r"[._-]+", " ", identifier.split("@", 1)[0]).title()


def staff_author(runtime: WebRuntime, identifier: str) -> str:
    return f"{display_name(identifier)} ({runtime.settings.shop_name})"


def take_button(handoff: LiveHandoff) -> cl.Action:
    return cl.Action(name=TAKE, payload={"handoff": handoff.id}, label="Take this conversation", icon="hand")


async def forward_if_taken(runtime: WebRuntime, role: Role, text: str) -> bool:
    """True when a person handles this message, so the assistant must stay silent."""
    session = cl.context.session
    desk = runtime.desk
    if role is Role.CUSTOMER:
        live = await asyncio.to_thread(desk.open_for_customer, session.thread_id)
        if live is None or live.status != TAKEN or not live.staff_thread:
            return False
        stored = redact(text) if runtime.settings.redact_transcripts else text
        await asyncio.to_thread(desk.add_message, live.id, "customer", CUSTOMER_AUTHOR, stored)
        await runtime.relay.to_thread(
            live.staff_thread,
            f"**{CUSTOMER_AUTHOR} ({live.ticket}):** {escape_markdown(text)}",
            CUSTOMER_AUTHOR,
            [cl.Action(name=SUGGEST, payload={"handoff": live.id}, label="Suggest a reply", icon="sparkles")],
            about=live.thread_id,
        )
        return True
    user = session.user
    if not role.is_staff or user is None:
        return False
    held = await asyncio.to_thread(desk.held_in, session.thread_id, user.identifier)
    if held is None:
        return False
    await asyncio.to_thread(desk.add_message, held.id, "staff", user.identifier, text)
    author = staff_author(runtime, user.identifier)
    reached = await runtime.relay.to_thread(
        held.thread_id, f"**{display_name(user.identifier)}:** {text}", author, confirm=True
    )
    if not reached:
        await cl.Message(content="The customer has the chat closed right now; your message is stored.").send()
    return True


def _handoff_request(result: Any, ledger_rows: list[dict[str, Any]]) -> tuple[str, str] | None:
    """(ticket, reason) when this answer asked for a person: a new ticket, or asking again for the
    ticket an earlier, ended episode had."""
    for action in result.actions:
        if action.get("type") == "handoff":
            return str(action["id"]), str(action["reason"])
    if result.intent == "human_handoff" and ledger_rows:
        return str(ledger_rows[-1]["id"]), "customer asked for a person again"
    return None


async def after_answer(runtime: WebRuntime, role: Role, language: str, result: Any) -> None:
    """Queue a handoff the answer decided, tell the customer what happens next, alert staff."""
    if role is not Role.CUSTOMER:
        return  # staff trying the assistant out are not queued for themselves
    thread_id = cl.context.session.thread_id
    asked = result.intent == "human_handoff" or any(a.get("type") == "handoff" for a in result.actions)
    if not asked:
        return  # the usual case: no ledger read
    rows = await asyncio.to_thread(open_ledger(runtime.settings).handoffs, thread_id)
    request = _handoff_request(result, rows)
    if request is None:
        return
    live = await asyncio.to_thread(runtime.desk.request, request[0], thread_id, request[1], language)
    if live is None:
        return  # already waiting or taken: the customer was told, staff were alerted
    settings = runtime.settings
    if runtime.hours.is_open(datetime.now(UTC)):
        text = load_localized("handoff_waiting_open", language, shop_name=settings.shop_name)
    else:
        text = load_localized(
            "handoff_waiting_closed",
            language,
            hours=settings.opening_hours,
            timezone=settings.opening_timezone,
        )
    await cl.Message(content=text, author=settings.assistant_name).send()
    await notify_staff(runtime, live)


async def notify_staff(runtime: WebRuntime, live: LiveHandoff) -> None:
    """The waiting customer, with a Take button, in every staff chat open (on any worker)."""
    consultant = await runtime.consultants.get()
    state = await conversation_state(consultant, live.thread_id)
    entry = queue_entry(live, state, consultant.deps.retriever.by_id)
    await runtime.relay.to_staff(
        entry, runtime.settings.assistant_name, [take_button(live)], about=live.thread_id
    )
