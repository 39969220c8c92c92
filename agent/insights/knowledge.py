"""The e5 embedder (query prompt) and the served index that unmet-needs topics use: the running
app's own, or loaded from the settings for the terminal report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.retrieval.hybrid import HybridRetriever
from agent.settings import Settings

EmbedQueries = Callable[[list[str]], list[list[float]]]
Knowledge = Callable[[], tuple[EmbedQueries, HybridRetriever]]


def from_retriever(retriever: HybridRetriever) -> tuple[EmbedQueries, HybridRetriever]:
    from agent.embeddings import query_embedder

    embedder: Any = retriever.embedder
    inner = getattr(embedder, "inner", embedder)  # the app's batching wrapper holds the model
    return query_embedder(inner).embed_documents, retriever


def load_knowledge(settings: Settings) -> tuple[EmbedQueries, HybridRetriever]:
    """Loads e5 and the index (seconds); raises FileNotFoundError-like errors of the loader when
    nothing was ingested yet."""
    from agent.embeddings import EMBEDDING_MODEL_ID, load_embedder
    from agent.retrieval.loader import load_retriever

    retriever = load_retriever(
        settings.index_dir, load_embedder(settings), EMBEDDING_MODEL_ID, settings.dense_weight
    )
    return from_retriever(retriever)
