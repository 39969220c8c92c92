"""Admin uploads: a good file is added to the knowledge, a bad one changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agent.embeddings import EMBEDDING_MODEL_ID
from agent.ingestion.manifest import serving_folder
from agent.ingestion.problems import SourceError
from agent.ingestion.uploads import Upload, ingest_uploads
from agent.retrieval.loader import load_retriever
from agent.settings import Settings

HEADER = "id,name,brand,category,price,currency,stock,key_specs,description\n"


@pytest.fixture
def shop(tmp_path: Path, sample_index: Path, settings: Settings) -> Settings:
    shutil.copytree(sample_index, tmp_path / "index")
    return settings.model_copy(update={"index_dir": tmp_path / "index", "upload_dir": tmp_path / "uploads"})


def _file(tmp_path: Path, name: str, text: str) -> Upload:
    path = tmp_path / "browser" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return Upload(f"C:\\Users\\ada\\{name}" if name.endswith(".csv") else name, path)


@pytest.mark.slow
def test_an_uploaded_catalog_is_served_and_kept_for_later_runs(
    shop: Settings, tmp_path: Path, embedder
) -> None:  # type: ignore[no-untyped-def]
    upload = _file(
        tmp_path,
        "tablets.csv",
        HEADER + "TAB-900,Zephyr Tab 11,Zephyr,Tablets,$459.00,USD,3,,Light tablet.\n",
    )
    summary = ingest_uploads(shop, [upload], embedder, EMBEDDING_MODEL_ID)
    assert summary.added == ["TAB-900"]
    assert (shop.upload_dir / "tablets.csv").exists()  # the browser's path is dropped
    retriever = load_retriever(shop.index_dir, embedder, EMBEDDING_MODEL_ID, 0.6)
    assert retriever.by_id["TAB-900"].metadata["price"] == 459.0
    assert "LAP-001" in retriever.by_id  # the shop's own catalog still serves


def test_a_bad_upload_is_named_and_changes_nothing(shop: Settings, tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    before = serving_folder(shop.index_dir)
    broken = _file(tmp_path, "broken.json", '{"products": [ {"id": ')
    with pytest.raises(SourceError, match=r"^broken.json:1: malformed JSON"):
        ingest_uploads(shop, [broken], embedder, EMBEDDING_MODEL_ID)
    empty = _file(tmp_path, "prices.csv", HEADER + ",,,,,,,,\n")
    with pytest.raises(SourceError, match="prices.csv"):
        ingest_uploads(shop, [empty], embedder, EMBEDDING_MODEL_ID)
    assert serving_folder(shop.index_dir) == before
    assert not any(shop.upload_dir.iterdir())
