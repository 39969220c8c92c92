"""The salesperson's side: the queue, take, hand back, close, and a private suggested reply.

Every entry point checks the role on the server: a customer calling these actions or the queue
command over the socket (or Chainlit's action endpoint) is refused and nothing changes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import chainlit as cl
from chainlit.data import get_data_layer

from agent.consult.state import Role
from agent.handoff.live import CLOSE, HAND_BACK, SUGGEST, TAKE, display_name, staff_author, take_button
from agent.handoff.queue_view import conversation_state, escape_markdown, queue_entry
from agent.prompts import load_localized
from agent.storage.desk import CLOSED, RETURNED

if TYPE_CHECKING:
    from agent.web.runtime import WebRuntime

QUEUE_COMMAND: Any = {  # Chainlit's CommandDict
    "id": "queue",
    "icon": "users",
    "description": "Customers waiting for a person",
    "button": True,
}
REFUSED = "Only staff can see the queue or answer customers."


def staff_name(runtime: WebRuntime) -> str | None:
    """The salesperson's login name, or None for a customer (whatever the client claims)."""
    session = cl.context.session
    user = session.user
    if user is None or not runtime.role_of(user.identifier, session.client_type).is_staff:
        return None
    return user.identifier


def _handoff_id(action: cl.Action) -> int | None:
    value = action.payload.get("handoff") if isinstance(action.payload, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


async def _say(text: str) -> None:
    await cl.Message(content=text).send()


async def show_queue(runtime: WebRuntime, quiet_when_empty: bool = False) -> None:
    if staff_name(runtime) is None:
        await _say(REFUSED)
        return
    waiting = await asyncio.to_thread(runtime.desk.waiting)
    if not waiting:
        if not quiet_when_empty:
            await _say("Nobody is waiting for a person right now.")
        return
    consultant = await runtime.consultants.get()
    for live in waiting:
        state = await conversation_state(consultant, live.thread_id)
        entry = queue_entry(live, state, consultant.deps.retriever.by_id)
        await cl.Message(content=entry, actions=[take_button(live)]).send()


async def take(runtime: WebRuntime, action: cl.Action) -> None:
    staff, handoff_id = staff_name(runtime), _handoff_id(action)
    if staff is None:
        await _say(REFUSED)
        return
    if handoff_id is None:
        await _say("That is not a handoff from the queue.")
        return
    staff_thread = cl.context.session.thread_id
    if held := await asyncio.to_thread(runtime.desk.held_in, staff_thread, staff):
        await _say(f"This chat already holds ticket {held.ticket}: hand it back or close it first.")
        return
    live = await asyncio.to_thread(runtime.desk.take, handoff_id, staff, display_name(staff), staff_thread)
    if live is None:
        await _say("Someone else has already taken this conversation (or it has ended).")
        return
    await cl.Message(
        content=(
            f"You have the conversation {live.ticket}. What you write here now goes to the customer as "
            f"**{staff_author(runtime, staff)}**; the assistant stays silent there until you hand it back."
        ),
        actions=[
            cl.Action(
                name=HAND_BACK, payload={"handoff": live.id}, label="Hand back to the assistant", icon="bot"
            ),
            cl.Action(name=CLOSE, payload={"handoff": live.id}, label="Close the conversation", icon="check"),
        ],
    ).send()
    joined = load_localized(
        "handoff_joined", live.language, person=display_name(staff), shop_name=runtime.settings.shop_name
    )
    await runtime.relay.to_thread(live.thread_id, joined, staff_author(runtime, staff))
    if layer := get_data_layer():
        # In the history sidebar, by the customer's ticket, not by the button's name (the name
        # Chainlit gave the chat when the click started it, just before).
        await layer.update_thread(staff_thread, name=f"Customer {live.ticket}")


async def end(runtime: WebRuntime, action: cl.Action, status: str) -> None:
    staff, handoff_id = staff_name(runtime), _handoff_id(action)
    if staff is None:
        await _say(REFUSED)
        return
    live = await asyncio.to_thread(runtime.desk.end, handoff_id, staff, status) if handoff_id else None
    if live is None:
        await _say("You do not hold this conversation (it was handed back or closed already).")
        return
    name = "handoff_returned" if status == RETURNED else "handoff_closed"
    notice = load_localized(
        name, live.language, person=display_name(staff), shop_name=runtime.settings.shop_name
    )
    await runtime.relay.to_thread(live.thread_id, notice, staff_author(runtime, staff))
    done = "handed back to the assistant" if status == RETURNED else "closed"
    await _say(f"Conversation {live.ticket} {done}. Your messages here go to the assistant again.")


async def hand_back(runtime: WebRuntime, action: cl.Action) -> None:
    await end(runtime, action, RETURNED)


async def close(runtime: WebRuntime, action: cl.Action) -> None:
    await end(runtime, action, CLOSED)


async def suggest(runtime: WebRuntime, action: cl.Action) -> None:
    """A reply drafted from catalog facts, shown to this salesperson only: never sent on its own."""
    staff, handoff_id = staff_name(runtime), _handoff_id(action)
    live = await asyncio.to_thread(runtime.desk.get, handoff_id) if staff and handoff_id else None
    if staff is None or live is None or live.taken_by != staff:
        await _say(REFUSED if staff is None else "You do not hold this conversation.")
        return
    said = [m for m in await asyncio.to_thread(runtime.desk.messages, live.id) if m["side"] == "customer"]
    last = said[-1]["text"] if said else live.reason
    consultant = await runtime.consultants.get()
    # Its own memory: the drafts must not become the staff chat's or the customer's conversation.
    result = await consultant.answer(
        f"{cl.context.session.thread_id}:draft:{live.id}",
        f"Draft a reply message to the customer, who wrote: {last}",
        role=Role.SALESPERSON,
    )
    header = load_localized("draft_header", live.language)
    text = result.answer if header in result.answer else f"{header}\n\n{result.answer}"
    await cl.Message(content=f"{text}\n\n_(for: {escape_markdown(last[:200])})_").send()


# The live handoff's buttons, by action name: app.py registers each as a Chainlit action callback.
ACTIONS: dict[str, Callable[[WebRuntime, cl.Action], Awaitable[None]]] = {
    TAKE: take,
    HAND_BACK: hand_back,
    CLOSE: close,
    SUGGEST: suggest,
}
