"""The published knowledge in the cluster database: each ingested index version (its files and
manifest, checksummed) and the admins' uploaded source files. The worker that ingested publishes;
every worker pulls the current version into its own index folder, so a fresh machine with an
empty disk serves the same knowledge. A version is published in one transaction: a worker killed
mid-publish leaves the previous version current everywhere."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import Connection, delete, func, select

from agent.ingestion.manifest import MANIFEST_NAME, Manifest, serving_folder
from agent.ingestion.pipeline import switch_to
from agent.storage.engine import Database, dialect_insert, insert_new
from agent.storage.schema import KNOWLEDGE, index_current, index_files, index_versions, uploads


class KnowledgeCorruptError(RuntimeError):
    """A stored index file does not match its checksum: it is not served."""


def migrate_knowledge(url: str) -> None:
    Database(url).migrate(KNOWLEDGE)


def current_version(url: str) -> str | None:
    with Database(url).begin() as db:
        return _current(db)


def _current(db: Connection) -> str | None:
    return db.execute(select(index_current.c.version).where(index_current.c.id == 1)).scalar_one_or_none()


def publish(
    url: str, index_dir: Path, upload_dir: Path | None = None, only_if_none: bool = False
) -> str | None:
    """Store the serving version of ``index_dir`` (and the uploaded files) and make it current.
    ``only_if_none``: a worker seeding an empty cluster with its copy, never replacing a newer one."""
    folder = serving_folder(index_dir)
    if folder is None or not (folder / MANIFEST_NAME).exists():
        return None
    manifest = Manifest.read(folder)
    with Database(url).begin() as db:
        # One publisher at a time; readers see the old version until this commits.
        db.exec_driver_sql("LOCK TABLE index_current IN EXCLUSIVE MODE")
        previous = _current(db)
        if only_if_none and previous is not None:
            return None
        version = insert_new(db, index_versions, index_versions.c.name).values(name=folder.name)
        if db.execute(version.returning(index_versions.c.name)).first():  # else published before
            for name in [*manifest.files, MANIFEST_NAME]:
                data = (folder / name).read_bytes()
                db.execute(
                    index_files.insert().values(
                        version=folder.name, name=name, sha256=_sha256(data), data=data
                    )
                )
        for path in sorted(upload_dir.iterdir()) if upload_dir and upload_dir.is_dir() else []:
            if path.is_file() and not path.name.startswith("."):
                data = path.read_bytes()
                stored = {"sha256": _sha256(data), "data": data}
                upsert = dialect_insert(db, uploads).values(name=path.name, **stored)
                db.execute(
                    upsert.on_conflict_do_update(
                        index_elements=["name"], set_=stored | {"uploaded_at": func.now()}
                    )
                )
        current = dialect_insert(db, index_current).values(id=1, version=folder.name)
        db.execute(current.on_conflict_do_update(index_elements=["id"], set_={"version": folder.name}))
        keep = [folder.name, *([previous] if previous else [])]
        db.execute(delete(index_versions).where(index_versions.c.name.not_in(keep)))
    return folder.name


def pull(url: str, index_dir: Path, upload_dir: Path | None = None) -> str | None:
    """Fetch the current version into ``index_dir`` when it is not the one serving there; the
    version now serving, or None when nothing changed. Raises KnowledgeCorruptError (and changes
    nothing) when a stored file does not match its checksum."""
    with Database(url).begin() as db:
        version = _current(db)
        serving = serving_folder(index_dir)
        if version is None or (serving is not None and serving.name == version and serving.is_dir()):
            return None
        files = db.execute(
            select(index_files.c.name, index_files.c.sha256, index_files.c.data).where(
                index_files.c.version == version
            )
        ).all()
        stored = select(uploads.c.name, uploads.c.sha256, uploads.c.data)
        uploaded = [tuple(row) for row in db.execute(stored)] if upload_dir else []
    index_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".pulling-", dir=index_dir))
    try:
        for name, digest, data in files:
            if _sha256(bytes(data)) != digest:
                raise KnowledgeCorruptError(f"index version {version}: {name} does not match its checksum")
            (staging / Path(name).name).write_bytes(bytes(data))
        manifest = Manifest.read(staging)  # the manifest's own checksums, as the loader checks them
        for name, digest in manifest.files.items():
            if not (staging / name).exists() or _sha256((staging / name).read_bytes()) != digest:
                raise KnowledgeCorruptError(f"index version {version}: {name} is missing or altered")
        target = index_dir / version
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if upload_dir is not None:
        _write_uploads(upload_dir, uploaded)
    switch_to(index_dir, target)
    return version


def _write_uploads(upload_dir: Path, uploaded: list[tuple[str, str, bytes]]) -> None:
    """Keep this worker's copy of the uploaded sources, for an ingestion run here later."""
    upload_dir.mkdir(parents=True, exist_ok=True)
    for name, digest, data in uploaded:
        path = upload_dir / Path(name).name
        if not path.exists() or _sha256(path.read_bytes()) != digest:
            path.write_bytes(bytes(data))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
