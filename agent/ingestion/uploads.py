"""Admin uploads: check the new files alone, keep them, re-ingest everything, or change nothing.

A file that cannot be read is refused before anything is stored; if ingestion itself fails the
uploads folder is put back as it was, and the serving index is only ever replaced atomically.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from agent.ingestion.pipeline import IngestionSummary, ingest, read_source
from agent.ingestion.problems import SourceError
from agent.ingestion.sources import discover
from agent.settings import Settings


@dataclass(frozen=True)
class Upload:
    name: str  # as the browser sent it; only its last component is used
    path: Path  # where the upload lies now


def ingest_uploads(
    settings: Settings,
    uploads: list[Upload],
    embedder: Embeddings,
    embedding_model: str,
    on_embed: Callable[[int], None] | None = None,
) -> IngestionSummary:
    """Raises SourceError naming the uploaded file (and line) when one cannot be used."""
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=settings.upload_dir.parent))
    try:
        staged = [_stage(upload, staging) for upload in uploads]
        _check(staged, staging)
        replaced = _keep(staged, settings.upload_dir, staging)
        try:
            return ingest(
                settings.all_knowledge_sources(),
                settings.index_dir,
                embedder,
                embedding_model,
                on_embed=on_embed,
            )
        except BaseException:
            _restore(staged, replaced, settings.upload_dir)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(upload: Upload, staging: Path) -> Path:
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1]  # some browsers send C:\\...\\file
    if not name or name.startswith("."):
        raise SourceError(upload.name or "(no name)", "not a usable file name")
    target = staging / name
    shutil.copyfile(upload.path, target)
    return target


def _check(staged: list[Path], staging: Path) -> None:
    try:
        for source in discover(staged, {}):
            documents, issues = read_source(source, {})
            if not documents:
                why = f" ({issues[0].reason} at line {issues[0].line})" if issues else ""
                raise SourceError(source.path, f"no products or passages could be read{why}")
    except SourceError as error:
        # Name the file as the admin knows it, not by our temporary folder.
        raise SourceError(Path(error.source).name, error.reason, error.line) from error


def _keep(staged: list[Path], upload_dir: Path, staging: Path) -> dict[str, Path]:
    """Move the files in; an upload with an existing name replaces it (the old copy is kept
    aside until ingestion succeeded)."""
    replaced: dict[str, Path] = {}
    for path in staged:
        final = upload_dir / path.name
        if final.exists():
            replaced[path.name] = final.replace(staging / f".previous-{path.name}")
        path.replace(final)
    return replaced


def _restore(staged: list[Path], replaced: dict[str, Path], upload_dir: Path) -> None:
    for path in staged:
        (upload_dir / path.name).unlink(missing_ok=True)
    for name, previous in replaced.items():
        previous.replace(upload_dir / name)
