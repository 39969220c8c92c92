"""The query-vector cache is shared by every conversation's thread: it must stay bounded and never
raise when threads evict at the same time."""

from __future__ import annotations

import sys
import threading
import time

import numpy as np
import pytest
from langchain_core.documents import Document
from langchain_core.embeddings import DeterministicFakeEmbedding

from agent.retrieval.hybrid import HybridRetriever
from agent.retrieval.vector_index import VectorIndex


class _CountingEmbedder(DeterministicFakeEmbedding):
    calls: int = 0

    def embed_query(self, text: str) -> list[float]:
        self.calls += 1
        time.sleep(0)  # a real embedder releases the GIL here, so threads reach the cache together
        return super().embed_query(text)


def _retriever(cache_size: int) -> tuple[HybridRetriever, _CountingEmbedder]:
    embedder = _CountingEmbedder(size=8)
    docs = [
        Document(page_content=f"item {i}", id=f"P-{i}", metadata={"id": f"P-{i}", "kind": "product"})
        for i in range(3)
    ]
    vectors = np.asarray(embedder.embed_documents([d.page_content for d in docs]), dtype="float32")
    index = VectorIndex.build(docs, vectors, embedder)
    return HybridRetriever(index, embedder, query_cache_size=cache_size), embedder


def test_many_threads_hammering_a_tiny_cache_never_fail() -> None:
    retriever, _ = _retriever(cache_size=4)
    errors: list[BaseException] = []
    start = threading.Barrier(16)

    def hammer(worker: int) -> None:
        start.wait()
        try:
            for i in range(2000):
                # Shared queries (hits) and new ones (evictions) from every thread at once.
                retriever.query_vector(f"query {(worker + i) % 6}" if i % 2 else f"query {worker} {i}")
        except BaseException as error:
            errors.append(error)

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so races show up
    try:
        threads = [threading.Thread(target=hammer, args=(w,)) for w in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert errors == []
    assert retriever.cached_queries() <= 4


def test_cache_keeps_the_recently_used_queries() -> None:
    retriever, embedder = _retriever(cache_size=2)
    first = retriever.query_vector("a")
    retriever.query_vector("b")
    assert retriever.query_vector("a") is first  # a hit, and "a" is now the most recent
    retriever.query_vector("c")  # evicts "b", the least recently used
    calls = embedder.calls
    retriever.query_vector("a")
    assert embedder.calls == calls
    retriever.query_vector("b")
    assert embedder.calls == calls + 1
    retriever.forget_queries()
    assert retriever.cached_queries() == 0


def test_cache_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="query_cache_size"):
        _retriever(cache_size=0)
