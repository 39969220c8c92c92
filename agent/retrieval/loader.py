"""Open the serving index, refusing anything our ingestion did not write for this embedding model."""

from __future__ import annotations

from pathlib import Path

from langchain_core.embeddings import Embeddings

from agent.ingestion.manifest import verified_manifest
from agent.retrieval.hybrid import HybridRetriever
from agent.retrieval.vector_index import VectorIndex


def load_retriever(
    index_dir: Path, embedder: Embeddings, embedding_model: str, dense_weight: float
) -> HybridRetriever:
    """Raises IndexNotReadyError with the fix (re-ingest) when the index is missing or foreign."""
    folder, _ = verified_manifest(index_dir, embedding_model)
    return open_retriever(folder, embedder, dense_weight)


def open_retriever(folder: Path, embedder: Embeddings, dense_weight: float) -> HybridRetriever:
    """The retriever over an index version folder that ``verified_manifest`` has checked."""
    return HybridRetriever(VectorIndex.load(folder, embedder), embedder, dense_weight)
