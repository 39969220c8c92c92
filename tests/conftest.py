"""Shared fixtures: the real e5 embedder and a real index of the sample knowledge, built once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from agent.embeddings import EMBEDDING_MODEL_ID, load_embedder  # noqa: E402
from agent.ingestion.pipeline import ingest  # noqa: E402
from agent.retrieval.hybrid import HybridRetriever  # noqa: E402
from agent.retrieval.loader import load_retriever  # noqa: E402
from agent.settings import Settings  # noqa: E402
from tests import postgres  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SOURCES = [ROOT / "knowledge" / "catalog", ROOT / "knowledge" / "faq"]


def tmp_settings(tmp_path: Path, **values: Any) -> Settings:
    """Settings without a ``.env``, with every database and the staff logins in ``tmp_path``."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        chat_db=tmp_path / "chat.sqlite",
        conversations_db=tmp_path / "conversations.sqlite",
        sales_db=tmp_path / "sales.sqlite",
        orders_db=tmp_path / "orders.sqlite",
        users_file=tmp_path / "users.json",
        **values,
    )


@pytest.fixture(scope="session")
def settings() -> Settings:
    # The model cache is shared with `make setup` so tests do not rebuild e5.
    return Settings(_env_file=None, model_cache_dir=ROOT / ".cache" / "models")  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def embedder(settings: Settings):  # type: ignore[no-untyped-def]
    return load_embedder(settings)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:  # type: ignore[no-untyped-def]
    index_dir = tmp_path_factory.mktemp("index")
    ingest(SAMPLE_SOURCES, index_dir, embedder, EMBEDDING_MODEL_ID)
    return index_dir


@pytest.fixture(scope="session")
def retriever(sample_index: Path, embedder) -> HybridRetriever:  # type: ignore[no-untyped-def]
    return load_retriever(sample_index, embedder, EMBEDDING_MODEL_ID, dense_weight=0.6)


@pytest.fixture(scope="session")
def toy_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:  # type: ignore[no-untyped-def]
    """Another kind of shop than the sample's: an English toy catalog (tests.retrieval.xlang_catalogs)."""
    from tests.retrieval.xlang_catalogs import TOYS

    home = tmp_path_factory.mktemp("toys")
    (home / "catalog").mkdir()
    (home / "catalog" / "products.csv").write_text(TOYS, encoding="utf-8")
    ingest([home / "catalog"], home / "index", embedder, EMBEDDING_MODEL_ID)
    return home / "index"


@pytest.fixture(scope="session")
def toys(toy_index: Path, embedder) -> HybridRetriever:  # type: ignore[no-untyped-def]
    return load_retriever(toy_index, embedder, EMBEDDING_MODEL_ID, dense_weight=0.6)


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """A psycopg URL of a new, empty PostgreSQL database, dropped after the module."""
    yield from postgres.new_database()
