"""Incremental ingestion: re-embed only changed sources, write a new version, swap it in atomically."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from agent.ingestion.catalog import read_catalog
from agent.ingestion.documents import read_document
from agent.ingestion.manifest import (
    CURRENT_NAME,
    IndexNotReadyError,
    Manifest,
    SourceEntry,
    file_sha256,
    serving_folder,
    verified_manifest,
)
from agent.ingestion.problems import RowIssue
from agent.ingestion.sources import SourceFile, discover
from agent.retrieval.vector_index import INDEX_FILES, VectorIndex


class IngestionLockedError(RuntimeError):
    """Another ingestion holds the lock on this index."""


@dataclass
class IngestionSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    reused_sources: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    index_folder: Path | None = None
    seconds: float = 0.0

    @property
    def skipped(self) -> list[RowIssue]:
        return [issue for issue in self.issues if issue.skipped]

    def render(self) -> str:
        lines = [
            f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
            f"unchanged {self.unchanged}, skipped rows {len(self.skipped)} "
            f"({self.reused_sources} unchanged sources not re-embedded) in {self.seconds:.1f}s",
        ]
        lines += [f"  skipped {issue}" for issue in self.skipped]
        lines += [f"  warning {issue}" for issue in self.issues if not issue.skipped]
        if self.index_folder:
            lines.append(f"serving {self.index_folder}")
        return "\n".join(lines)


def ingest(
    sources: list[Path],
    index_dir: Path,
    embedder: Embeddings,
    embedding_model: str,
    column_overrides: dict[str, str] | None = None,
    lock_timeout_s: float = 5.0,
    on_embed: Callable[[int], None] | None = None,
) -> IngestionSummary:
    """Bring ``index_dir`` in line with ``sources``. Raises SourceError and leaves it untouched."""
    started = time.monotonic()
    overrides = column_overrides or {}
    index_dir.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(index_dir / ".lock"), timeout=lock_timeout_s):
            summary = _ingest_locked(
                discover(sources, overrides), index_dir, embedder, embedding_model, overrides, on_embed
            )
    except Timeout:
        raise IngestionLockedError(
            f"another ingestion is running on {index_dir}; try again when it ends"
        ) from None
    summary.seconds = time.monotonic() - started
    return summary


def _ingest_locked(
    files: list[SourceFile],
    index_dir: Path,
    embedder: Embeddings,
    embedding_model: str,
    overrides: dict[str, str],
    on_embed: Callable[[int], None] | None = None,
) -> IngestionSummary:
    summary = IngestionSummary()
    old_manifest, old_docs, old_vectors = _previous(index_dir, embedder, embedding_model)

    kept: list[tuple[Document, np.ndarray | None]] = []
    manifest = Manifest(embedding_model=embedding_model, created_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    for source in files:
        previous = old_manifest.sources.get(source.key) if old_manifest else None
        if (
            previous
            and previous.fingerprint == source.fingerprint
            and all(i in old_docs for i in previous.document_ids)
        ):
            kept += [(old_docs[i], old_vectors[i]) for i in previous.document_ids]
            manifest.sources[source.key] = previous
            summary.unchanged += len(previous.document_ids)
            summary.reused_sources += 1
            continue
        documents, issues = read_source(source, overrides)
        summary.issues += issues
        kept += [(d, None) for d in documents]
        manifest.sources[source.key] = SourceEntry(
            source.fingerprint, source.kind, [str(d.id) for d in documents]
        )

    kept = _drop_duplicate_ids(kept, summary)
    new_ids = {str(d.id) for d, _ in kept}
    for row, (document, vector) in enumerate(kept):
        if vector is not None:
            continue
        old = old_docs.get(str(document.id))
        if old is None:
            summary.added.append(str(document.id))
        elif old.page_content != document.page_content or old.metadata != document.metadata:
            summary.updated.append(str(document.id))
        else:  # an edited file whose row did not change keeps its vector
            kept[row] = (document, old_vectors[str(document.id)])
            summary.unchanged += 1
    summary.removed = sorted(set(old_docs) - new_ids)

    if (
        old_manifest
        and not (summary.added or summary.updated or summary.removed)
        and (
            {k: v.fingerprint for k, v in manifest.sources.items()}
            == {k: v.fingerprint for k, v in old_manifest.sources.items()}
        )
    ):
        summary.index_folder = serving_folder(index_dir)  # nothing changed: keep serving as is
        return summary
    pending = [i for i, (_, v) in enumerate(kept) if v is None]
    fresh = _embed([kept[i][0].page_content for i in pending], embedder, on_embed)
    vectors = np.zeros((len(kept), fresh.shape[1] if len(pending) else _dim(old_vectors)), dtype="float32")
    for row, (_, vector) in enumerate(kept):
        if vector is not None:
            vectors[row] = vector
    if pending:
        vectors[pending] = fresh
    summary.index_folder = _publish(index_dir, [d for d, _ in kept], vectors, embedder, manifest)
    return summary


def read_source(source: SourceFile, overrides: dict[str, str]) -> tuple[list[Document], list[RowIssue]]:
    if source.kind == "catalog":
        return read_catalog(source.path, overrides)
    return read_document(source.path), []


def _previous(
    index_dir: Path, embedder: Embeddings, embedding_model: str
) -> tuple[Manifest | None, dict[str, Document], dict[str, np.ndarray]]:
    """The serving index's documents and vectors, or nothing when it cannot be reused."""
    try:
        folder, manifest = verified_manifest(index_dir, embedding_model)
    except IndexNotReadyError:
        return None, {}, {}
    index = VectorIndex.load(folder, embedder)
    vectors = index.vectors()
    docs = {str(d.id): d for d in index.documents}
    return manifest, docs, {str(d.id): vectors[i] for i, d in enumerate(index.documents)}


def _drop_duplicate_ids(
    kept: list[tuple[Document, np.ndarray | None]], summary: IngestionSummary
) -> list[tuple[Document, np.ndarray | None]]:
    seen: dict[str, Document] = {}
    unique = []
    for document, vector in kept:
        key = str(document.id)
        if key in seen:
            first = seen[key].metadata
            summary.issues.append(
                RowIssue(
                    document.metadata["source"],
                    int(document.metadata.get("line", 0)),
                    f"duplicate id {key!r} (already in {first['source']}:{first.get('line')})",
                )
            )
            continue
        seen[key] = document
        unique.append((document, vector))
    return unique


def _embed(
    texts: list[str], embedder: Embeddings, on_embed: Callable[[int], None] | None, batch: int = 64
) -> np.ndarray:
    """Embed in batches so a caller can show progress (``on_embed`` gets each batch's size).

    Texts go in order of length: a batch is padded to its longest text, so a catalog whose texts
    vary in length (short English names with Chinese words added) costs the encoder far less
    sorted than in file order."""
    if not texts:
        return np.zeros((0, 0), dtype="float32")
    order = sorted(range(len(texts)), key=lambda i: _token_estimate(texts[i]))
    parts = []
    for start in range(0, len(order), batch):
        chunk = [texts[i] for i in order[start : start + batch]]
        parts.append(np.asarray(embedder.embed_documents(chunk), dtype="float32"))
        if on_embed:
            on_embed(len(chunk))
    in_order = np.concatenate(parts)
    vectors = np.empty_like(in_order)
    vectors[order] = in_order
    return vectors


_TOKEN = re.compile(r"[\u3400-\u9fff]|\w+|[^\w\s]")


def _token_estimate(text: str) -> int:
    """About the encoder's token count: a Han character or a word or a sign each."""
    return len(_TOKEN.findall(text))


def _dim(old_vectors: dict[str, np.ndarray]) -> int:
    return len(next(iter(old_vectors.values()))) if old_vectors else 384


def _publish(
    index_dir: Path, documents: list[Document], vectors: np.ndarray, embedder: Embeddings, manifest: Manifest
) -> Path:
    """Write a new version folder beside the old one, then point CURRENT at it in one rename."""
    for stale in index_dir.glob(".staging-*"):  # left by an interrupted run
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=index_dir))
    VectorIndex.build(documents, vectors, embedder).save(staging)
    manifest.files = {name: file_sha256(staging / name) for name in INDEX_FILES}
    manifest.write(staging)
    version = index_dir / (time.strftime("v%Y%m%d-%H%M%S-") + staging.name[-6:])
    staging.rename(version)
    switch_to(index_dir, version)
    return version


def switch_to(index_dir: Path, version: Path) -> None:
    """Point CURRENT at a complete version folder in one rename; older versions go, except the
    one before (a reader may still be loading it). Also used by a worker pulling a published index."""
    pointer = index_dir / f".{CURRENT_NAME}.tmp"
    with pointer.open("w") as fh:
        fh.write(version.name)
        fh.flush()
        os.fsync(fh.fileno())
    previous = (index_dir / CURRENT_NAME).read_text().strip() if (index_dir / CURRENT_NAME).exists() else None
    os.replace(pointer, index_dir / CURRENT_NAME)
    for old in index_dir.glob("v*"):  # keep the new version and the one before it
        if old.name not in {version.name, previous}:
            shutil.rmtree(old, ignore_errors=True)
