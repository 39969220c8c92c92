"""A bounded, thread-safe LRU of query embeddings: every conversation's thread shares one."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np


class QueryVectorCache:
    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"query_cache_size: {size} must be at least 1")
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, query: str, embed: Callable[[str], np.ndarray]) -> np.ndarray:
        with self._lock:
            vector = self._vectors.get(query)
            if vector is not None:
                self._vectors.move_to_end(query)
                return vector
        # Embedding stays outside the lock: concurrent queries must batch, not queue. Two
        # threads may embed the same new query once each; both get the same vector.
        vector = embed(query)
        with self._lock:
            self._vectors[query] = vector
            self._vectors.move_to_end(query)
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return vector

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._vectors)
