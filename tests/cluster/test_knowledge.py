"""Published knowledge in PostgreSQL: a fresh worker pulls the current index and can serve it; a
publish that dies half-way and a corrupted stored file are never served."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from agent.cluster.knowledge import KnowledgeCorruptError, current_version, migrate_knowledge, publish, pull
from agent.embeddings import EMBEDDING_MODEL_ID
from agent.ingestion.manifest import serving_folder, verified_manifest


def test_publish_pull_and_never_half_published(
    database_url: str, sample_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate_knowledge(database_url)
    migrate_knowledge(database_url)
    worker_a = tmp_path / "a" / "index"
    shutil.copytree(sample_index, worker_a)
    uploads = tmp_path / "a" / "uploads"
    uploads.mkdir()
    (uploads / "extra.csv").write_text("id,name,price\nX-1,Thing,1\n")
    version = publish(database_url, worker_a, uploads)
    assert version == serving_folder(worker_a).name  # type: ignore[union-attr]
    assert publish(database_url, worker_a, uploads, only_if_none=True) is None  # a seed never replaces

    fresh = tmp_path / "b" / "index"  # a new machine: nothing on its disk
    assert pull(database_url, fresh, tmp_path / "b" / "uploads") == version
    folder, _ = verified_manifest(fresh, EMBEDDING_MODEL_ID)  # what the app's loader checks
    assert folder.name == version
    assert (tmp_path / "b" / "uploads" / "extra.csv").read_text().startswith("id,name")
    assert pull(database_url, fresh) is None  # already serving it: nothing fetched

    # A new version whose publisher dies half-way through its files: the old one stays current.
    newer = worker_a / "v29990101-000000-newone"
    shutil.copytree(folder, newer)
    (worker_a / "CURRENT").write_text(newer.name)
    real_read = Path.read_bytes
    calls = {"n": 0}

    def dies_half_way(path: Path) -> bytes:
        calls["n"] += 1
        if calls["n"] > 2:
            raise OSError("worker killed")
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", dies_half_way)
    with pytest.raises(OSError, match="worker killed"):
        publish(database_url, worker_a)
    monkeypatch.undo()
    assert current_version(database_url) == version
    assert pull(database_url, fresh) is None and serving_folder(fresh).name == version  # type: ignore[union-attr]

    # A stored file altered behind our back is refused; the worker keeps what it serves.
    assert publish(database_url, worker_a) == newer.name
    with psycopg.connect(database_url) as db:
        db.execute(
            "UPDATE index_files SET data = 'junk' WHERE version = %s AND name = 'index.faiss'", (newer.name,)
        )
    with pytest.raises(KnowledgeCorruptError, match="index.faiss does not match its checksum"):
        pull(database_url, fresh)
    assert serving_folder(fresh).name == version  # type: ignore[union-attr]
    verified_manifest(fresh, EMBEDDING_MODEL_ID)


def test_ingestion_run_once_with_database_url_publishes_for_every_worker(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from agent.ingestion.cli import main
    from tests.conftest import ROOT

    index = tmp_path / "index"
    monkeypatch.setenv("SALES_DATABASE_URL", database_url)
    monkeypatch.setenv("SALES_INDEX_DIR", str(index))
    monkeypatch.setenv("SALES_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setenv("SALES_MODEL_CACHE_DIR", str(ROOT / ".cache" / "models"))
    assert main(["--quiet", "--source", str(ROOT / "knowledge" / "faq")]) == 0
    published = serving_folder(index).name  # type: ignore[union-attr]
    assert f"published {published} to DATABASE_URL" in capsys.readouterr().out
    assert current_version(database_url) == published
