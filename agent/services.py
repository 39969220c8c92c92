"""What the app needs at run time, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from agent.embeddings import EMBEDDING_MODEL_ID, BatchedQueryEmbeddings, load_embedder
from agent.ingestion.manifest import verified_manifest
from agent.retrieval.hybrid import HybridRetriever
from agent.retrieval.loader import open_retriever
from agent.settings import Settings


@dataclass(frozen=True)
class Services:
    settings: Settings
    retriever: HybridRetriever


def build_services(settings: Settings) -> Services:
    """Load the embedder and the verified index (raises IndexNotReadyError with the fix)."""
    # Checked before the embedder loads (seconds): a missing or foreign index is told at once.
    folder, _ = verified_manifest(settings.index_dir, EMBEDDING_MODEL_ID)
    embedder = BatchedQueryEmbeddings(load_embedder(settings))
    return Services(settings, open_retriever(folder, embedder, settings.dense_weight))
