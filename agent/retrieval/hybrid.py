"""Dense + keyword search fused by weighted reciprocal rank, with exact structured filters."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from agent.catalog_names import kind_names
from agent.ingestion.cleaning import spec_pairs
from agent.retrieval.categories import CategoryMatcher
from agent.retrieval.crosslang import query_words
from agent.retrieval.keyword import KeywordIndex
from agent.retrieval.query_cache import QueryVectorCache
from agent.retrieval.vector_index import VectorIndex

_RRF_K = 60
MODES = ("hybrid", "dense", "keyword")


@dataclass(frozen=True)
class Filters:
    """Structured constraints. Product-only constraints exclude FAQ chunks."""

    min_price: float | None = None
    max_price: float | None = None
    category: str | None = None
    brand: str | None = None
    in_stock: bool = False
    kind: str | None = None  # "product" or "faq"

    def product_only(self) -> bool:
        return any(
            (self.min_price is not None, self.max_price is not None, self.category, self.brand, self.in_stock)
        )


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float

    @property
    def meta(self) -> dict[str, Any]:
        return self.document.metadata

    def to_json(self) -> dict[str, Any]:
        meta = self.meta
        item = {
            "id": meta["id"],
            "kind": meta["kind"],
            "title": meta.get("name") or meta.get("title"),
            "score": round(self.score, 6),
            "source": meta["source"],
        }
        if meta["kind"] == "product":
            item |= {"price": meta.get("price"), "currency": meta.get("currency")}
        return item


class HybridRetriever:
    def __init__(
        self,
        vectors: VectorIndex,
        embedder: Embeddings,
        dense_weight: float = 0.6,
        query_cache_size: int = 256,
        translate_queries: bool = True,
    ) -> None:
        self.vectors = vectors
        self.embedder = embedder
        self.dense_weight = dense_weight
        self.documents = vectors.documents
        self.keyword = KeywordIndex([d.page_content for d in self.documents])
        meta = [d.metadata for d in self.documents]
        self._kind = np.array([m["kind"] for m in meta])
        self._price = np.array(
            [np.nan if m.get("price") is None else m["price"] for m in meta], dtype="float64"
        )
        self._category = np.array([(m.get("category") or "").lower() for m in meta])
        self._brand = np.array([(m.get("brand") or "").lower() for m in meta])
        self._stock = np.array([-1 if m.get("stock") is None else m["stock"] for m in meta])
        # Listings the export marks as not for sale: kept for lookups by id, never found by a search.
        self._for_sale = np.array([_listed(m) for m in meta], dtype=bool)
        self._all_for_sale = bool(self._for_sale.all())  # then an unfiltered search filters nothing
        self.by_id = {str(m["id"]): d for m, d in zip(meta, self.documents, strict=True)}
        self.product_metadata = {str(m["id"]): m for m in meta if m["kind"] == "product"}
        self.categories = CategoryMatcher.from_products(self.product_metadata.values())
        # Whether a name a customer wrote is one product or a kind of them ("Face Wash").
        self.kind_names = kind_names(
            " ".join(str(m.get("name") or "").casefold().split()) for m in self.product_metadata.values()
        )
        # What "how heavy is it?" can be asked for in this catalog (agent.consult.asked_specs).
        self.spec_keys = frozenset(
            k for m in self.product_metadata.values() for k, _ in spec_pairs(m.get("specs"))
        )
        currencies = Counter(m.get("currency") for m in self.product_metadata.values() if m.get("currency"))
        self.currency: str | None = currencies.most_common(1)[0][0] if currencies else None  # the catalog's
        self.chinese_name_share = _chinese_share(
            [str(m.get("name", "")) for m in self.product_metadata.values()]
        )
        self._query_cache = QueryVectorCache(query_cache_size)
        self.translate_queries = translate_queries

    @property
    def catalog_language(self) -> str:
        """``zh`` when half or more of the product names are Chinese, else ``en`` (an empty catalog too)."""
        return "zh" if self.chinese_name_share >= 0.5 else "en"

    def allowed(self, filters: Filters) -> np.ndarray | None:
        """Positions passing ``filters`` and for sale (None when nothing is filtered)."""
        if filters == Filters() and self._all_for_sale:
            return None
        mask = self._for_sale.copy()
        if filters.kind or filters.product_only():
            mask &= self._kind == (filters.kind or "product")
        with np.errstate(invalid="ignore"):
            if filters.min_price is not None:
                mask &= self._price >= filters.min_price
            if filters.max_price is not None:
                mask &= self._price <= filters.max_price
        if filters.category:
            mask &= np.char.find(self._category.astype(str), filters.category.lower()) >= 0
        if filters.brand:
            mask &= self._brand == filters.brand.lower()
        if filters.in_stock:
            mask &= self._stock != 0
        return np.flatnonzero(mask)

    def for_sale(self, product_id: str) -> bool:
        """Whether the export lists this product for sale (unknown ids are not)."""
        meta = self.product_metadata.get(product_id)
        return meta is not None and _listed(meta)

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, remembered: one turn searches products and policies with it."""
        return self._query_cache.get(
            query, lambda text: np.asarray(self.embedder.embed_query(text), dtype="float32")
        )

    def cached_queries(self) -> int:
        return len(self._query_cache)

    def forget_queries(self) -> None:
        self._query_cache.clear()

    def search(
        self, query: str, k: int = 5, filters: Filters | None = None, mode: str = "hybrid"
    ) -> list[Hit]:
        allowed = self.allowed(filters or Filters())
        query = self.with_other_language(query)
        pool = len(self.documents) if allowed is None else len(allowed)
        depth = min(pool, max(50, 4 * k))
        dense: list[tuple[int, float]] = []
        if mode != "keyword":
            vector = self.query_vector(query)
            dense = self.vectors.search(vector, depth, allowed)
        keyword: list[tuple[int, float]] = []
        if mode != "dense":
            scores = self.keyword.scores(query)
            candidates = np.arange(len(scores)) if allowed is None else allowed
            order = _top(candidates, scores[candidates], depth)
            keyword = [(int(p), float(scores[p])) for p in order if scores[p] > 0 or mode == "keyword"]
        if mode == "dense":
            ranked = dense
        elif mode == "keyword":
            ranked = keyword
        else:
            ranked = self._fuse(dense, keyword)
        return [Hit(self.documents[p], s) for p, s in ranked[:k]]

    def with_other_language(self, query: str) -> str:
        """``query`` and its words in the catalog's language, when it is written in the other one
        ("有风筝吗 kite" on an English catalog)."""
        if not self.translate_queries:
            return query
        words = query_words(query, self.catalog_language, self.keyword.uses)
        return f"{query} {words}" if words else query

    def _fuse(
        self, dense: list[tuple[int, float]], keyword: list[tuple[int, float]]
    ) -> list[tuple[int, float]]:
        fused: dict[int, float] = {}
        for weight, ranking in ((self.dense_weight, dense), (1 - self.dense_weight, keyword)):
            for rank, (position, _) in enumerate(ranking):
                fused[position] = fused.get(position, 0.0) + weight / (_RRF_K + rank + 1)
        return sorted(fused.items(), key=lambda item: -item[1])


def _listed(meta: dict[str, Any]) -> bool:
    """Whether a record is for sale: an index built before listings were read has no field."""
    return meta.get("available", True) is not False


def _chinese_share(names: list[str]) -> float:
    """The share of product names written with Chinese characters (0 for an empty catalog)."""
    chinese = sum(1 for n in names if re.search(r"[\u3400-\u9fff]", n))
    return chinese / len(names) if names else 0.0


def _top(candidates: np.ndarray, scores: np.ndarray, depth: int) -> np.ndarray:
    """The ``depth`` best candidates, best first, without sorting all of them."""
    if depth < len(scores):
        keep = np.argpartition(-scores, depth - 1)[:depth]
        candidates, scores = candidates[keep], scores[keep]
    return candidates[np.argsort(-scores, kind="stable")]
