"""A query in one language finds products named in the other: the words each side gets, and the
search over small real indexes (e5, FAISS, BM25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.embeddings import EMBEDDING_MODEL_ID
from agent.ingestion.pipeline import ingest
from agent.retrieval.crosslang import product_words, query_words
from agent.retrieval.hybrid import HybridRetriever
from agent.retrieval.loader import load_retriever
from tests.retrieval.xlang_catalogs import HOME


def test_a_product_gets_the_other_languages_words_for_its_name_and_category() -> None:
    assert {"风筝", "花生酱"} <= set(product_words("Delta Kite", "Outdoor").split()) | set(
        product_words("Crunchy Peanut Butter", "Spreads").split()
    )
    assert "蜡笔" in product_words("Jumbo Crayons 24 Colors", "Art Supplies")
    chinese = product_words("美厨 不粘炒锅 32cm", "厨房用品").split()
    assert "wok" in chinese and all(word.isascii() for word in chinese)
    assert product_words("X200", "") == ""  # a model number has no words


def test_a_query_gets_the_catalogs_words_only_when_written_in_the_other_language() -> None:
    everything = lambda word: True  # noqa: E731
    assert "kite" in query_words("有风筝吗？", "en", everything).split()
    assert "枕头" in query_words("do you sell pillows", "zh", everything).split()
    assert query_words("do you sell pillows", "en", everything) == ""  # already the catalog's
    assert query_words("有风筝吗？", "zh", everything) == ""
    # Only the catalog's own words: a translation adds nothing the shop does not sell.
    assert query_words("有风筝吗？", "en", {"balloon"}.__contains__) == ""


def _index(tmp_path: Path, embedder: object, name: str, csv_text: str) -> HybridRetriever:
    (tmp_path / name).mkdir()
    (tmp_path / name / "products.csv").write_text(csv_text, encoding="utf-8")
    ingest([tmp_path / name], tmp_path / f"{name}-index", embedder, EMBEDDING_MODEL_ID)  # type: ignore[arg-type]
    return load_retriever(tmp_path / f"{name}-index", embedder, EMBEDDING_MODEL_ID, 0.6)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, embedder) -> HybridRetriever:  # type: ignore[no-untyped-def]
    return _index(tmp_path_factory.mktemp("home"), embedder, "home", HOME)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("魔方", "T-1"),
        ("有风筝吗", "T-2"),
        ("给孩子买个书包", "T-3"),
        ("蜡笔", "T-4"),
        ("生日派对用的气球", "T-5"),
    ],
)
def test_chinese_requests_find_english_named_toys(toys: HybridRetriever, query: str, expected: str) -> None:
    assert expected in [hit.meta["id"] for hit in toys.search(query, k=3)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("wok", "H-1"), ("do you sell pillows?", "H-2"), ("an umbrella", "H-4"), ("silk quilt", "H-5")],
)
def test_english_requests_find_chinese_named_products(
    home: HybridRetriever, query: str, expected: str
) -> None:
    assert expected in [hit.meta["id"] for hit in home.search(query, k=3)]
