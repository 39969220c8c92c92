"""Chainlit app: wiring only. Start it with `make run` (or `chainlit run app.py`)."""

from functools import cache

import chainlit as cl

from agent.language import detect_language
from agent.records_answer import records_answer
from agent.services import Services, build_services
from agent.settings import Settings


@cache
def services() -> Services:
    """Built once, on first use (not at import): settings, embedder and index."""
    return build_services(Settings())


@cl.on_message
async def on_message(message: cl.Message) -> None:
    ready = await cl.make_async(services)()
    hits = await cl.make_async(ready.retriever.search)(message.content, ready.settings.retrieval_k)
    await cl.Message(content=records_answer(hits, detect_language(message.content))).send()
