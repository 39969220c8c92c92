"""Rate limits counted in PostgreSQL hold in total across workers (each worker its own pool)."""

from __future__ import annotations

import asyncio

from psycopg_pool import AsyncConnectionPool

from agent.cluster.limits import SharedRateLimiter, migrate_limits


async def test_two_workers_flooding_together_get_the_limit_once(database_url: str) -> None:
    migrate_limits(database_url)
    migrate_limits(database_url)  # every worker migrates at start-up
    async with (
        AsyncConnectionPool(database_url, min_size=1, max_size=4, open=False) as pool_a,
        AsyncConnectionPool(database_url, min_size=1, max_size=4, open=False) as pool_b,
    ):
        worker_a = SharedRateLimiter(pool_a, "address", limit=7)
        worker_b = SharedRateLimiter(pool_b, "address", limit=7)
        verdicts = await asyncio.gather(
            *(limiter.allow("203.0.113.9") for _ in range(10) for limiter in (worker_a, worker_b))
        )
        assert verdicts.count(True) == 7  # not 7 per worker
        assert await worker_a.allow("198.51.100.1")  # another address has its own window
        other_scope = SharedRateLimiter(pool_a, "session", limit=7)
        assert await other_scope.allow("203.0.113.9")  # and so has another kind of limit
