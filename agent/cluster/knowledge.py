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

import psycopg

from agent.cluster.database import migration_lock
from agent.ingestion.manifest import MANIFEST_NAME, Manifest, serving_folder
from agent.ingestion.pipeline import switch_to

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS index_versions (
        name TEXT PRIMARY KEY, published_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
    """CREATE TABLE IF NOT EXISTS index_files (
        version TEXT NOT NULL REFERENCES index_versions (name) ON DELETE CASCADE,
        name TEXT NOT NULL, sha256 TEXT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (version, name))""",
    """CREATE TABLE IF NOT EXISTS index_current (
        id INT PRIMARY KEY CHECK (id = 1), version TEXT NOT NULL REFERENCES index_versions (name))""",
    """CREATE TABLE IF NOT EXISTS uploads (
        name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, data BYTEA NOT NULL,
        uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
]


class KnowledgeCorruptError(RuntimeError):
    """A stored index file does not match its checksum: it is not served."""


def migrate_knowledge(conninfo: str) -> None:
    with psycopg.connect(conninfo) as connection, migration_lock(connection):
        for statement in SCHEMA:
            connection.execute(statement)


def current_version(conninfo: str) -> str | None:
    with psycopg.connect(conninfo) as connection:
        row = connection.execute("SELECT version FROM index_current WHERE id = 1").fetchone()
    return str(row[0]) if row else None


def publish(
    conninfo: str, index_dir: Path, upload_dir: Path | None = None, only_if_none: bool = False
) -> str | None:
    """Store the serving version of ``index_dir`` (and the uploaded files) and make it current.
    ``only_if_none``: a worker seeding an empty cluster with its copy, never replacing a newer one."""
    folder = serving_folder(index_dir)
    if folder is None or not (folder / MANIFEST_NAME).exists():
        return None
    manifest = Manifest.read(folder)
    names = [*manifest.files, MANIFEST_NAME]
    with psycopg.connect(conninfo) as connection, connection.transaction():
        # One publisher at a time; readers see the old version until this commits.
        connection.execute("LOCK TABLE index_current IN EXCLUSIVE MODE")
        if only_if_none and connection.execute("SELECT 1 FROM index_current").fetchone():
            return None
        inserted = connection.execute(
            "INSERT INTO index_versions (name) VALUES (%s) ON CONFLICT DO NOTHING", (folder.name,)
        ).rowcount
        if inserted:
            for name in names:
                data = (folder / name).read_bytes()
                connection.execute(
                    "INSERT INTO index_files VALUES (%s, %s, %s, %s)",
                    (folder.name, name, _sha256(data), data),
                )
        for path in sorted(upload_dir.iterdir()) if upload_dir and upload_dir.is_dir() else []:
            if path.is_file() and not path.name.startswith("."):
                data = path.read_bytes()
                connection.execute(
                    "INSERT INTO uploads (name, sha256, data) VALUES (%s, %s, %s) ON CONFLICT (name) "
                    "DO UPDATE SET sha256 = EXCLUDED.sha256, data = EXCLUDED.data, uploaded_at = now()",
                    (path.name, _sha256(data), data),
                )
        previous = connection.execute("SELECT version FROM index_current WHERE id = 1").fetchone()
        connection.execute(
            "INSERT INTO index_current VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version",
            (folder.name,),
        )
        keep = [folder.name, *(previous or [])]
        connection.execute("DELETE FROM index_versions WHERE NOT (name = ANY(%s))", (keep,))
    return folder.name


def pull(conninfo: str, index_dir: Path, upload_dir: Path | None = None) -> str | None:
    """Fetch the current version into ``index_dir`` when it is not the one serving there; the
    version now serving, or None when nothing changed. Raises KnowledgeCorruptError (and changes
    nothing) when a stored file does not match its checksum."""
    with psycopg.connect(conninfo) as connection:
        row = connection.execute("SELECT version FROM index_current WHERE id = 1").fetchone()
        serving = serving_folder(index_dir)
        if row is None or (serving is not None and serving.name == row[0] and serving.is_dir()):
            return None
        version = str(row[0])
        files = connection.execute(
            "SELECT name, sha256, data FROM index_files WHERE version = %s", (version,)
        ).fetchall()
        uploads = (
            connection.execute("SELECT name, sha256, data FROM uploads").fetchall() if upload_dir else []
        )
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
        _write_uploads(upload_dir, uploads)
    switch_to(index_dir, target)
    return version


def _write_uploads(upload_dir: Path, uploads: list[tuple[str, str, bytes]]) -> None:
    """Keep this worker's copy of the uploaded sources, for an ingestion run here later."""
    upload_dir.mkdir(parents=True, exist_ok=True)
    for name, digest, data in uploads:
        path = upload_dir / Path(name).name
        if not path.exists() or _sha256(path.read_bytes()) != digest:
            path.write_bytes(bytes(data))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
