"""Each conversation's memory in the cluster database: LangGraph's own ``AsyncPostgresSaver`` on a
psycopg pool, its tables created once even when several workers start at the same moment."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from agent.storage.engine import MIGRATION_LOCK

CHECKPOINT_LOCK = MIGRATION_LOCK + 1

# The saver's own tables; a privacy deletion removes a thread from each.
CHECKPOINT_TABLES = ("checkpoint_writes", "checkpoint_blobs", "checkpoints")


@asynccontextmanager
async def open_postgres_saver(conninfo: str, max_connections: int = 8) -> AsyncIterator[AsyncPostgresSaver]:
    """One saver on a pool, its queries concurrent: upstream serialises them all on one
    ``asyncio.Lock`` per instance (langgraph #7259), which is needed for a single shared connection
    but not for a pool, where each query gets its own; under 50 customers that lock was the queue
    every turn waited in. A semaphore of the pool's size (the workaround in #7259, until #7269
    lands) lets that many run and keeps the rest from timing out in the pool."""
    # autocommit and dict rows are what the saver expects of its connections; prepare_threshold=None
    # keeps it working behind PgBouncer in transaction mode. check: connections broken by a
    # database restart are replaced before use, so the app recovers by itself.
    kwargs: dict[str, Any] = {"autocommit": True, "row_factory": dict_row, "prepare_threshold": None}
    async with AsyncConnectionPool(
        conninfo,
        min_size=1,
        max_size=max(2, max_connections),
        kwargs=kwargs,
        check=AsyncConnectionPool.check_connection,
        timeout=10,
        open=False,
    ) as pool:
        saver = AsyncPostgresSaver(pool)  # type: ignore[arg-type]
        saver.lock = asyncio.Semaphore(pool.max_size)  # type: ignore[assignment]
        await _setup_once(pool, saver)
        yield saver


async def _setup_once(pool: AsyncConnectionPool[Any], saver: AsyncPostgresSaver, wait_s: float = 120) -> None:
    # setup() reads the last migration and inserts the next: two workers running it together hit
    # a unique violation, so one runs it under a session lock held on a second connection. The
    # others poll for the lock instead of blocking: its migrations CREATE INDEX CONCURRENTLY,
    # which waits for every open transaction, a blocked lock request included (a deadlock).
    # A lock of its own, so a worker creating the chat tables never waits on it either.
    deadline = asyncio.get_running_loop().time() + wait_s
    async with pool.connection() as connection:
        while not await _try_lock(connection):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(
                    f"another worker has been setting up the checkpoint tables for {wait_s:g} s"
                )
            await asyncio.sleep(0.2)
        try:
            await saver.setup()
        finally:
            await connection.execute("SELECT pg_advisory_unlock(%s)", (CHECKPOINT_LOCK,))


async def _try_lock(connection: AsyncConnection[Any]) -> bool:
    row = await (
        await connection.execute("SELECT pg_try_advisory_lock(%s) AS got", (CHECKPOINT_LOCK,))
    ).fetchone()
    return bool(row and row["got"])
