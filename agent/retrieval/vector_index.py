"""The only module that touches FAISS: build, save, load and exact (filtered) cosine search."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
from langchain_community.vectorstores import FAISS
from langchain_community.vectorstores.utils import DistanceStrategy
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

INDEX_FILES = ("index.faiss", "index.pkl")


class VectorIndex:
    """A LangChain FAISS store on normalized vectors, so inner product is cosine similarity."""

    def __init__(self, store: FAISS) -> None:
        # One query at a time gains nothing from threads, and faiss's OpenMP pool spinning
        # against torch's costs ~9 ms a search on 2 cores (measured).
        faiss.omp_set_num_threads(1)
        self.store = store
        ids = store.index_to_docstore_id
        self.documents: list[Document] = [store.docstore.search(ids[i]) for i in range(len(ids))]  # type: ignore[misc]

    @classmethod
    def build(cls, documents: list[Document], vectors: np.ndarray, embedder: Embeddings) -> VectorIndex:
        store = FAISS(
            embedding_function=embedder,
            index=faiss.IndexFlatIP(vectors.shape[1]),
            docstore=_docstore(),
            index_to_docstore_id={},
            distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT,
        )
        store.add_embeddings(
            [(d.page_content, v) for d, v in zip(documents, vectors.tolist(), strict=True)],
            metadatas=[d.metadata for d in documents],
            ids=[str(d.id) for d in documents],
        )
        return cls(store)

    @classmethod
    def load(cls, folder: Path, embedder: Embeddings) -> VectorIndex:
        # The docstore is a pickle: callers verify the manifest and file hashes first.
        store = FAISS.load_local(
            str(folder),
            embedder,
            allow_dangerous_deserialization=True,
            distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT,
        )
        return cls(store)

    def save(self, folder: Path) -> None:
        self.store.save_local(str(folder))

    def vectors(self) -> np.ndarray:
        index = self.store.index
        return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), "float32")

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top-``k`` (position, cosine) pairs, exact, restricted to ``allowed`` positions if given."""
        index = self.store.index
        if index.ntotal == 0 or k <= 0:
            return []
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return []
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed.astype("int64")))  # type: ignore[call-arg]
        scores, positions = index.search(
            query.reshape(1, -1).astype("float32"), min(k, index.ntotal), params=params
        )
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if p >= 0]


def _docstore():  # type: ignore[no-untyped-def]
    from langchain_community.docstore.in_memory import InMemoryDocstore

    return InMemoryDocstore()
