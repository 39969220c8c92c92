"""The cluster's one shared setting, ``DATABASE_URL``: its psycopg form, a start-up check, and the
advisory lock that lets several workers migrate the same empty database at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool
from sqlalchemy.engine import make_url

from agent.settings import Settings

# One number for every schema change of the cluster: whoever holds it migrates, the others wait.
MIGRATION_LOCK = 2_117_021


class DatabaseUnreachableError(RuntimeError):
    """``DATABASE_URL`` is malformed, or nothing answers there; the message names the setting."""


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


@contextmanager
def migration_lock(connection: psycopg.Connection) -> Iterator[None]:
    """Held for one transaction: two workers starting together create each table once."""
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        yield


class Connections:
    """Connections (rows as dicts) to the cluster database. ``pooled`` (a long-lived worker): a pool
    opens on first use and checks each connection before handing it out, so it reconnects by itself
    after a database restart; otherwise (a command-line tool) each use connects once."""

    def __init__(
        self, conninfo: str, pooled: bool = False, max_connections: int = 4, timeout_s: float = 10
    ) -> None:
        self.conninfo = conninfo
        self._pooled = pooled
        self._max = max_connections
        self._timeout_s = timeout_s  # waiting for a connection while the database is down
        self._pool: ConnectionPool[Any] | None = None
        self._opening = threading.Lock()  # worker threads (asyncio.to_thread) share one pool

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        if not self._pooled:
            with psycopg.connect(self.conninfo, row_factory=dict_row) as connection:
                yield connection
            return
        with self._opening:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self.conninfo,
                    min_size=1,
                    max_size=self._max,
                    kwargs={"row_factory": dict_row},
                    check=ConnectionPool.check_connection,
                    timeout=self._timeout_s,
                    open=True,
                )
        with self._pool.connection() as connection:
            yield connection  # type: ignore[misc]

    def close(self) -> None:
        with self._opening:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


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
