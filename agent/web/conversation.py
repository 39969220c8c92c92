"""One consultation turn in Chainlit: stream the answer, show cards, and (for staff) the steps."""

from __future__ import annotations

import logging
from typing import Any

import chainlit as cl

from agent.consult.records import with_sources
from agent.consult.state import Role
from agent.handoff import live
from agent.handoff.staff import QUEUE_COMMAND
from agent.language import detect_language
from agent.prompts import load_localized
from agent.storage.engine import is_storage_outage
from agent.web import render
from agent.web.drafts import DRAFTS_COMMAND, keep_draft
from agent.web.guard import clean_message, client_address, refusal_for
from agent.web.insights import FORECAST_COMMAND
from agent.web.runtime import WebRuntime
from agent.web.streaming import TokenCoalescer

log = logging.getLogger(__name__)

ADMIN_COMMANDS: list[Any] = [  # Chainlit's CommandDict
    {
        "id": "ingest",
        "icon": "upload",
        "description": "Upload catalog or FAQ files and re-index",
        "button": True,
    },
    {
        "id": "report",
        "icon": "chart-bar",
        "description": "Sales report with charts; add dates and a category: Laptops 2026-11-01 2026-11-30",
        "button": True,
    },
]


def session_role(runtime: WebRuntime) -> Role:
    session = cl.context.session
    user = session.user
    return runtime.role_of(user.identifier if user else None, session.client_type)


async def offer_commands(runtime: WebRuntime) -> None:
    """Admins get the admin commands, staff the handoff queue; customers are told of neither."""
    role = session_role(runtime)
    if role.is_staff:
        commands = [
            *(ADMIN_COMMANDS if role is Role.ADMIN else []),
            QUEUE_COMMAND,
            FORECAST_COMMAND,
            DRAFTS_COMMAND,
        ]
        await cl.context.emitter.set_commands(commands)


async def _refusal(runtime: WebRuntime, role: Role, text: str) -> str | None:
    language = detect_language(text)
    if refusal := refusal_for(text, runtime.settings.max_message_chars, language):
        return refusal
    session = cl.context.session
    address = client_address(getattr(session, "environ", None) or {})
    if role is Role.CUSTOMER and not await runtime.customer_may_send(session.thread_id, address):
        return load_localized("reply_rate_limited", language)
    return None


async def consult(runtime: WebRuntime, message: cl.Message) -> None:
    text = clean_message(message.content)
    try:
        await _consult(runtime, text)
    except Exception as error:
        if not is_storage_outage(error):
            raise
        # PostgreSQL restarting, say: the pools reconnect by themselves, and no answered turn was
        # lost (a turn is stored when it ends). Say so plainly instead of a generic error.
        log.warning("storage unavailable for a message: %s: %s", type(error).__name__, error)
        await cl.Message(content=load_localized("reply_storage_down", detect_language(text))).send()


async def _consult(runtime: WebRuntime, text: str) -> None:
    role = session_role(runtime)
    if (refusal := await _refusal(runtime, role, text)) is not None:
        await cl.Message(content=refusal).send()
        return
    if await live.forward_if_taken(runtime, role, text):
        return  # a person has this conversation: the assistant stays silent
    holder = runtime.consultants
    consultant = await holder.get()
    await holder.reload_if_changed()  # an index published by an admin or another worker
    # Created at the first token, not before: the UI orders by creation time, and the steps
    # (sent while the pipeline runs) belong above the answer.
    replies: list[cl.Message] = []

    async def stream(text: str) -> None:
        if not replies:
            replies.append(cl.Message(content=""))
        await replies[0].stream_token(text)

    tokens = TokenCoalescer(stream)

    async def show_update(node: str, update: dict[str, Any]) -> None:
        await tokens.flush()  # the model has stopped for now: show what it wrote
        if role is Role.CUSTOMER:
            return  # customers never receive internal steps: they are not even sent
        if node == "tools":
            for name, output in render.tool_step(update):
                await _step(name, output)
        elif node.endswith("before_agent") and (step := render.plan_step(update)) is not None:
            await _step(*step)

    result = await consultant.answer(
        cl.context.session.thread_id,
        text,
        role=role,
        on_token=tokens.add,
        on_update=show_update,
    )
    await tokens.flush()
    reply = replies[0] if replies else cl.Message(content="")
    # The validator may have replaced what streamed: show the checked answer with its sources.
    language = result.outcome.language
    reply.content = with_sources(result.answer, result.outcome.sources, language)
    reply.elements = [
        cl.CustomElement(name="ProductCard", props=props, display="inline")  # type: ignore[misc]
        for props in render.cards_for(
            result.records, result.citations, language=language, staff=role.is_staff
        )
    ]
    user = cl.context.session.user
    if role.is_staff and result.outcome.draft and user is not None:
        await keep_draft(runtime, user.identifier, result, reply)  # stored, with Approve/Edit/Discard
    await reply.send()
    await live.after_answer(runtime, role, language, result)


async def _step(name: str, output: str) -> None:
    # As a context manager the step nests under this turn's run, which the UI shows in order.
    async with cl.Step(name=name, type="tool", show_input=False, tags=["consultation"]) as step:
        step.output = output
