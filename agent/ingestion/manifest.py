"""The manifest our ingestion writes beside each index; the app loads nothing without it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

SCHEMA_VERSION = 1
MANIFEST_NAME = "manifest.json"
CURRENT_NAME = "CURRENT"  # names the version folder that is serving


class IndexNotReadyError(RuntimeError):
    """No usable index: missing, foreign, corrupted or built with another embedding model."""


@dataclass
class SourceEntry:
    fingerprint: str
    kind: str
    document_ids: list[str]


@dataclass
class Manifest:
    embedding_model: str
    schema_version: int = SCHEMA_VERSION
    created_at: str = ""
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256

    def write(self, folder: Path) -> None:
        (folder / MANIFEST_NAME).write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False))

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        data = json.loads((folder / MANIFEST_NAME).read_text())
        sources = {k: SourceEntry(**v) for k, v in data.pop("sources").items()}
        return cls(sources=sources, **data)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def serving_folder(index_dir: Path) -> Path | None:
    """The version folder that ``CURRENT`` points at, or None when nothing was ingested yet."""
    try:
        name = (index_dir / CURRENT_NAME).read_text().strip()
    except FileNotFoundError:
        return None
    return index_dir / name


def verified_manifest(index_dir: Path, embedding_model: str) -> tuple[Path, Manifest]:
    """Check that ``index_dir`` holds an index our ingestion wrote for ``embedding_model``."""
    hint = "run `python ingest.py` (or `make ingest`) to build it"
    folder = serving_folder(index_dir)
    if folder is None or not (folder / MANIFEST_NAME).exists():
        raise IndexNotReadyError(f"no knowledge index in {index_dir}: {hint}")
    try:
        manifest = Manifest.read(folder)
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise IndexNotReadyError(f"{folder / MANIFEST_NAME} is unreadable ({error}): {hint}") from None
    if manifest.schema_version != SCHEMA_VERSION:
        raise IndexNotReadyError(
            f"index schema v{manifest.schema_version} in {folder} is not v{SCHEMA_VERSION}: re-ingest; {hint}"
        )
    if manifest.embedding_model != embedding_model:
        raise IndexNotReadyError(
            f"index in {folder} was built with {manifest.embedding_model!r}, the app uses "
            f"{embedding_model!r}: re-ingest; {hint}"
        )
    for name, digest in manifest.files.items():
        path = folder / name
        if not path.exists() or file_sha256(path) != digest:
            raise IndexNotReadyError(f"{path} is missing or was modified after ingestion: {hint}")
    return folder, manifest
