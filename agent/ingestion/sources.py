"""Find the files to ingest and fingerprint them for incremental re-runs."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from agent.ingestion.catalog import CATALOG_SUFFIXES, PRODUCT_TEXT_VERSION
from agent.ingestion.documents import DOCUMENT_SUFFIXES
from agent.ingestion.problems import SourceError


@dataclass(frozen=True)
class SourceFile:
    path: Path
    kind: str  # "catalog" or "document"
    fingerprint: str  # content hash plus whatever changes how it is parsed

    @property
    def key(self) -> str:
        return str(self.path)


def discover(paths: list[Path], column_overrides: dict[str, str]) -> list[SourceFile]:
    """Every supported file under ``paths``; a missing path or an unsupported named file is fatal."""
    found: dict[Path, SourceFile] = {}
    for root in paths:
        if not root.exists():
            raise SourceError(root, "no such file or folder")
        candidates = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in candidates:
            kind = _kind(path)
            if kind is None:
                if root.is_file():
                    supported = ", ".join(sorted(CATALOG_SUFFIXES | DOCUMENT_SUFFIXES))
                    raise SourceError(path, f"unsupported file type (supported: {supported})")
                continue
            if path.name.startswith("."):
                continue
            found[path] = SourceFile(path, kind, _fingerprint(path, kind, column_overrides))
    if not found:
        raise SourceError(", ".join(map(str, paths)), "no supported catalog or document files found")
    return list(found.values())


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in CATALOG_SUFFIXES:
        return "catalog"
    if suffix in DOCUMENT_SUFFIXES:
        return "document"
    return None


def _fingerprint(path: Path, kind: str, column_overrides: dict[str, str]) -> str:
    digest = hashlib.sha256(path.read_bytes())
    if kind == "catalog":  # a different column mapping parses the same bytes differently
        digest.update(json.dumps(column_overrides, sort_keys=True).encode())
        digest.update(f"product text v{PRODUCT_TEXT_VERSION}".encode())
    return digest.hexdigest()
