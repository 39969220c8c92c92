"""Rate-limit windows in the cluster database: a customer's messages are counted by every worker
together, so a flood is limited at the configured rate in total, not once per worker."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from psycopg_pool import AsyncConnectionPool

from agent.settings import Settings
from agent.storage.engine import Database, postgres_conninfo
from agent.storage.schema import rate_windows
from agent.web.guard import RateLimiter

# A sliding window from two fixed ones: this window's hits plus the previous window's, weighted
# by how much of it still overlaps. A hit is stored only when it is allowed (as the in-memory
# limiter does); the row lock of ON CONFLICT makes check and count one step for all workers, and
# the database's clock decides, so workers never disagree about the window.
_HIT = """
WITH now AS (SELECT extract(epoch FROM clock_timestamp()) / %(window)s AS w),
prev AS (
    SELECT floor(now.w)::bigint AS current, (1 - (now.w - floor(now.w))) * coalesce((
        SELECT hits FROM rate_windows
        WHERE scope = %(scope)s AND key = %(key)s AND window_start = floor(now.w)::bigint - 1
    ), 0) AS carried
    FROM now
)
INSERT INTO rate_windows (scope, key, window_start, hits, carried)
SELECT %(scope)s, %(key)s, current, 1, carried FROM prev WHERE 1 + carried <= %(limit)s
ON CONFLICT (scope, key, window_start) DO UPDATE SET hits = rate_windows.hits + 1
    WHERE rate_windows.hits + 1 + EXCLUDED.carried <= %(limit)s
RETURNING hits
"""
_FORGET = (
    "DELETE FROM rate_windows WHERE window_start < floor(extract(epoch FROM clock_timestamp()) / %s) - 1"
)


def migrate_limits(url: str) -> None:
    Database(url).migrate([rate_windows])


class SharedRateLimiter:
    """At most ``limit`` events per ``window_s`` for each key, across every worker."""

    def __init__(self, pool: AsyncConnectionPool[Any], scope: str, limit: int, window_s: float = 60.0):
        self._pool = pool
        self.scope = scope
        self.limit = limit
        self.window_s = window_s
        self._calls = 0

    async def allow(self, key: str) -> bool:
        params = {"window": self.window_s, "scope": self.scope, "key": key, "limit": self.limit}
        async with self._pool.connection() as connection:
            row = await (await connection.execute(_HIT, params)).fetchone()
            self._calls += 1
            if self._calls % 1000 == 0:  # old windows go now and then, not on every message
                await connection.execute(_FORGET, (self.window_s,))
        return row is not None  # no row: over the limit, nothing stored


class CustomerLimits:
    """The per-conversation and per-address limits: in this process's memory on a laptop, in
    the cluster database when there is one (``open`` before use, ``close`` at shutdown)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._conninfo = postgres_conninfo(settings)
        self._pool: AsyncConnectionPool[Any] | None = None
        self._limiters: tuple[Limiter, Limiter] = (
            _InMemory(RateLimiter(settings.session_messages_per_minute)),
            _InMemory(RateLimiter(settings.ip_messages_per_minute)),
        )

    async def open(self) -> None:
        if self._conninfo is None:
            return
        await asyncio.to_thread(migrate_limits, self._conninfo)
        self._pool = AsyncConnectionPool(
            self._conninfo,
            min_size=1,
            max_size=4,
            check=AsyncConnectionPool.check_connection,
            timeout=10,  # a database that is down fails the message, rather than hanging it
            open=False,
        )
        await self._pool.open()
        self._limiters = (
            SharedRateLimiter(self._pool, "session", self._settings.session_messages_per_minute),
            SharedRateLimiter(self._pool, "address", self._settings.ip_messages_per_minute),
        )

    async def allow(self, thread_id: str, address: str) -> bool:
        # A message refused by the address limit still used its session slot: that only slows
        # a flooding client further.
        by_session, by_address = self._limiters
        return await by_session.allow(thread_id) and await by_address.allow(address)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None


class Limiter(Protocol):
    async def allow(self, key: str) -> bool: ...


class _InMemory:
    def __init__(self, limiter: RateLimiter) -> None:
        self._limiter = limiter

    async def allow(self, key: str) -> bool:
        return self._limiter.allow(key)
