"""The catalog facts the forecast needs (name, category, stock), read from the knowledge sources
without embedding anything."""

from __future__ import annotations

from dataclasses import dataclass

from agent.ingestion.catalog import read_catalog
from agent.ingestion.sources import discover
from agent.settings import Settings


@dataclass(frozen=True)
class ProductInfo:
    id: str
    name: str
    category: str
    stock: int | None


def catalog_products(settings: Settings) -> dict[str, ProductInfo]:
    products: dict[str, ProductInfo] = {}
    sources = [p for p in settings.all_knowledge_sources() if p.exists()]
    for source in discover(sources, {}):
        if source.kind != "catalog":
            continue
        documents, _ = read_catalog(source.path)
        for document in documents:
            meta = document.metadata
            stock = meta.get("stock")
            products.setdefault(
                meta["id"],
                ProductInfo(meta["id"], meta["name"], meta.get("category") or "other", stock),
            )
    return products
