"""One consultation turn in Chainlit: stream the answer, show cards, and (for staff) the steps."""

from __future__ import annotations

from typing import Any

import chainlit as cl

from agent.consult.records import with_sources
from agent.consult.state import Role
from agent.language import detect_language
from agent.prompts import load_localized
from agent.web import render
from agent.web.guard import clean_message, refusal_for
from agent.web.runtime import WebRuntime
from agent.web.streaming import TokenCoalescer

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
        "description": "Sales report; add dates: 2026-11-01 2026-11-30",
        "button": True,
    },
]


def session_role(runtime: WebRuntime) -> Role:
    session = cl.context.session
    user = session.user
    return runtime.role_of(user.identifier if user else None, session.client_type)


async def offer_commands(runtime: WebRuntime) -> None:
    """Admins get the admin commands; nobody else is told they exist."""
    if session_role(runtime) is Role.ADMIN:
        await cl.context.emitter.set_commands(ADMIN_COMMANDS)


def _refusal(runtime: WebRuntime, role: Role, text: str) -> str | None:
    language = detect_language(text)
    if refusal := refusal_for(text, runtime.settings.max_message_chars, language):
        return refusal
    session = cl.context.session
    address = str((getattr(session, "environ", None) or {}).get("REMOTE_ADDR", "unknown"))
    if role is Role.CUSTOMER and not runtime.customer_may_send(session.thread_id, address):
        return load_localized("reply_rate_limited", language)
    return None


async def consult(runtime: WebRuntime, message: cl.Message) -> None:
    role = session_role(runtime)
    text = clean_message(message.content)
    if (refusal := _refusal(runtime, role, text)) is not None:
        await cl.Message(content=refusal).send()
        return
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

    result = await consultant.turn(
        cl.context.session.thread_id,
        text,
        role=role,
        on_token=tokens.add,
        on_update=show_update,
    )
    await tokens.flush()
    reply = replies[0] if replies else cl.Message(content="")
    # The validator may have replaced what streamed: show the checked answer with its sources.
    reply.content = with_sources(result.answer, result.sources, detect_language(text))
    reply.elements = [
        cl.CustomElement(name="ProductCard", props=props, display="inline")  # type: ignore[misc]
        for props in render.cards_for(result.records, result.citations)
    ]
    await reply.send()


async def _step(name: str, output: str) -> None:
    # As a context manager the step nests under this turn's run, which the UI shows in order.
    async with cl.Step(name=name, type="tool", show_input=False, tags=["consultation"]) as step:
        step.output = output
