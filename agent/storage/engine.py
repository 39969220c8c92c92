"""Where a store's tables live: a SQLite file (a laptop) or the cluster's PostgreSQL.

Opening connects to nothing and never creates a file; ``migrate()`` is the one step that creates
tables. What differs stays here: SQLite's single-writer file (WAL, a busy timeout, a connection
that cannot create the file) and PostgreSQL's pool and advisory lock for workers starting together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

import psycopg
from sqlalchemy import ColumnElement, Connection, Engine, Table, create_engine, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import CreateIndex, CreateTable

from agent.settings import Settings

# One number for every schema change of the cluster: whoever holds it migrates, the others wait.
MIGRATION_LOCK = 2_117_021


class DatabaseUnreachableError(RuntimeError):
    """``DATABASE_URL`` is malformed, or nothing answers there; the message names the setting."""


class SchemaMissingError(RuntimeError):
    """No such file or table yet: nothing has migrated there. Stores say what creates it."""


def conninfo(url: str) -> str:
    """psycopg's form of the URL: SQLAlchemy's ``postgresql+asyncpg://`` names a driver psycopg refuses."""
    for prefix in ("postgresql+asyncpg://", "postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url.removeprefix(prefix)
    return url


def postgres_conninfo(settings: Settings) -> str | None:
    """The cluster database, or None on a laptop (SQLite files in ``var/``)."""
    return conninfo(settings.database_url) if settings.database_url else None


def shown(url: str) -> str:
    """The URL without its password, fit for a log line."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # unparsable: say so rather than echo a secret
        return "(unparsable URL)"


def check_database(url: str, timeout_s: int = 5) -> None:
    """Connect once, or raise DatabaseUnreachableError naming DATABASE_URL and what went wrong."""
    if not url.startswith(("postgresql://", "postgres://", "postgresql+")):
        raise DatabaseUnreachableError(
            f"DATABASE_URL={shown(url)} is not a PostgreSQL URL (postgresql://user:password@host:5432/db)"
        )
    try:
        with psycopg.connect(conninfo(url), connect_timeout=timeout_s) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise DatabaseUnreachableError(f"DATABASE_URL={shown(url)} cannot be used: {reason}") from None


_STORAGE_MODULES = ("psycopg", "psycopg_pool", "sqlalchemy", "asyncpg", "sqlite3", "aiosqlite")


def is_storage_outage(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) comes from a database driver or pool: PostgreSQL
    down or restarting, a pool that found no connection in time, a locked SQLite file."""
    seen: BaseException | None = error
    while seen is not None:
        if type(seen).__module__.split(".")[0] in _STORAGE_MODULES:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Database:
    """``where``: a SQLite file (a path, or a ``sqlite:///`` URL) or a PostgreSQL URL. ``pooled``
    (a long-lived worker on PostgreSQL): connections are kept, and checked before each use so a
    database restart is survived; otherwise each transaction connects once."""

    def __init__(
        self, where: Path | str, pooled: bool = False, max_connections: int = 4, timeout_s: float = 10
    ) -> None:
        self.file: Path | None = None
        if isinstance(where, Path) or where.startswith("sqlite"):
            self.file = Path(where if isinstance(where, Path) else make_url(where).database or "")
            self.engine = _sqlite_engine(self.file, create=False)
            self.where = str(self.file)
            return
        self.where = f"DATABASE_URL={shown(conninfo(where))}"
        pool: dict[str, Any] = {"poolclass": NullPool}
        if pooled:
            pool = {"pool_size": max_connections, "max_overflow": 0, "pool_timeout": timeout_s}
        self.engine = create_engine(
            make_url(conninfo(where)).set(drivername="postgresql+psycopg"),
            pool_pre_ping=True,
            connect_args={"connect_timeout": max(1, round(timeout_s))},
            **pool,
        )

    @contextmanager
    def begin(self, missing: Callable[[], Exception] = SchemaMissingError) -> Iterator[Connection]:
        """One transaction, committed on success. Raises ``missing()`` where nothing has migrated."""
        if self.file is not None and not self.file.exists():
            raise missing()  # connecting would fail (it never creates the file): say why
        try:
            with self.engine.begin() as connection:
                yield connection
        except DBAPIError as error:
            if isinstance(error.orig, psycopg.errors.UndefinedTable) or "no such table" in str(error.orig):
                raise missing() from error
            raise

    def migrate(self, tables: Sequence[Table]) -> None:
        """Create what is missing of ``tables`` and their indexes; idempotent, at every start-up."""
        engine = self.engine
        if self.file is not None:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            engine = _sqlite_engine(self.file, create=True)
        try:
            with engine.begin() as connection:
                if self.file is not None:
                    connection.exec_driver_sql("PRAGMA journal_mode=WAL")  # kept by the file
                else:  # two workers starting together create each table once
                    connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
                for table in tables:
                    connection.execute(CreateTable(table, if_not_exists=True))
                    for index in table.indexes:  # also those added since an older file was made
                        connection.execute(CreateIndex(index, if_not_exists=True))
        finally:
            if engine is not self.engine:
                engine.dispose()

    def close(self) -> None:
        self.engine.dispose()


class Store:
    """What every store does alike: open (touching nothing), migrate its ``TABLES``, close."""

    TABLES: tuple[Table, ...] = ()

    def __init__(self, where: Path | str, pooled: bool = False) -> None:
        self._db = Database(where, pooled)

    def migrate(self) -> Self:
        """Create the tables if missing (idempotent: run at every start-up)."""
        self._db.migrate(self.TABLES)
        return self

    def close(self) -> None:
        self._db.close()


def dialect_insert(connection: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT with ON CONFLICT clauses: both dialects spell them alike, each in its own class."""
    return (sqlite if connection.dialect.name == "sqlite" else postgresql).insert(table)


def insert_new(
    connection: Connection, table: Table, *key: Any, where: ColumnElement[bool] | None = None
) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that skips a row whose ``key`` (a unique index, partial with ``where``) is already
    stored: a retried or concurrent write adds it once."""
    return dialect_insert(connection, table).on_conflict_do_nothing(
        index_elements=list(key), index_where=where
    )


def _sqlite_engine(path: Path, create: bool) -> Engine:
    """A connection per transaction (as before: several processes share the file). Only
    ``create`` (the migration) may make the file: everything else opens it read-write or fails."""
    uri = f"{path.absolute().as_uri()}?mode={'rwc' if create else 'rw'}"
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, timeout=10.0, check_same_thread=False),
        poolclass=NullPool,
    )
    event.listen(engine, "connect", _single_writer)
    return engine


def _single_writer(connection: sqlite3.Connection, _record: object) -> None:
    # WAL: safe across an app crash without an fsync per insert; the 10 s timeout above waits
    # for another process's write rather than failing.
    connection.execute("PRAGMA synchronous=NORMAL")
