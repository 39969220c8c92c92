"""Build a model folder once under the cache: locked, checksum-verified, renamed into place.

Shared by every model this project makes from a PyPI wheel (e5, the embedded chat model), so a
half-built folder is never picked up and concurrent starts build it only once.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

MARKER = "build.json"


class ChecksumError(RuntimeError):
    """The packaged weights are not the ones this project was tested with."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_sha256(path: Path, expected: str) -> str:
    digest = sha256_of(path)
    if digest != expected:
        raise ChecksumError(f"{path}: sha256 {digest} does not match the pinned {expected}")
    return digest


def build_once(cache_dir: Path, name: str, version: int, build: Callable[[Path], dict[str, object]]) -> Path:
    """Return ``cache_dir/name``; when missing or stale, ``build(staging)`` fills it first.

    ``build`` writes the model into an empty staging folder and returns facts to record
    (checksums); the folder is renamed into place only when it succeeded.
    """
    target = cache_dir / name
    if _is_current(target / MARKER, version):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(cache_dir / f"{name}.lock")):
        if _is_current(target / MARKER, version):  # another process built it while we waited
            return target
        staging = Path(tempfile.mkdtemp(prefix=f".{name}-build-", dir=cache_dir))
        staging.chmod(0o755)  # mkdtemp makes it private; the model is for every user of the machine
        try:
            facts = build(staging)
            (staging / MARKER).write_text(json.dumps({"version": version, **facts}))
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _is_current(marker: Path, version: int) -> bool:
    try:
        return json.loads(marker.read_text()).get("version") == version
    except (OSError, ValueError):
        return False
