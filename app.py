"""Chainlit app: wiring only. Start it with `make run` (or `chainlit run app.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import chainlit as cl

from agent.embeddings import EMBEDDING_MODEL_ID, load_embedder
from agent.language import detect_language
from agent.records_answer import records_answer
from agent.retrieval.hybrid import HybridRetriever
from agent.retrieval.loader import load_retriever
from agent.settings import Settings


@dataclass(frozen=True)
class Services:
    settings: Settings
    retriever: HybridRetriever


@cache
def services() -> Services:
    """Built once, on first use (not at import): settings, embedder and index."""
    settings = Settings()
    embedder = load_embedder(settings)
    return Services(
        settings, load_retriever(settings.index_dir, embedder, EMBEDDING_MODEL_ID, settings.dense_weight)
    )


@cl.on_message
async def on_message(message: cl.Message) -> None:
    ready = await cl.make_async(services)()
    hits = await cl.make_async(ready.retriever.search)(message.content, ready.settings.retrieval_k)
    await cl.Message(content=records_answer(hits, detect_language(message.content))).send()
