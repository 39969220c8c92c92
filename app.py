"""Chainlit app: wiring only. Start it with `make run` (or `chainlit run app.py`)."""

import chainlit as cl

from agent.consult.builder import ConsultantHolder
from agent.consult.records import with_sources
from agent.language import detect_language

consultants = ConsultantHolder()  # opened on the first message, not at import


@cl.on_app_shutdown
async def on_shutdown() -> None:
    await consultants.close()


@cl.on_message
async def on_message(message: cl.Message) -> None:
    consultant = await consultants.get()
    reply = cl.Message(content="")
    result = await consultant.turn(cl.context.session.thread_id, message.content, on_token=reply.stream_token)
    # The validator may have replaced what streamed: show the checked answer with its sources.
    reply.content = with_sources(result.answer, result.citations, detect_language(message.content))
    await reply.send()
