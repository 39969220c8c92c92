"""A database restart, as the workers see it (every connection cut): the pools replace the broken
connections and the next request works, with the memory and the rows written before."""

from __future__ import annotations

from langchain_core.messages import HumanMessage
from psycopg_pool import AsyncConnectionPool

from agent.cluster.limits import SharedRateLimiter, migrate_limits
from agent.cluster.memory import open_postgres_saver
from agent.storage.ledger import SalesLedger
from tests.cluster.test_memory import _echo_graph
from tests.postgres import cut_every_connection


async def test_pools_recover_by_themselves_after_the_connections_are_cut(database_url: str) -> None:
    ledger = SalesLedger(database_url, pooled=True).migrate()
    migrate_limits(database_url)
    config = {"configurable": {"thread_id": "t-restart"}}
    async with (
        open_postgres_saver(database_url) as saver,
        AsyncConnectionPool(
            database_url, min_size=1, check=AsyncConnectionPool.check_connection, open=False
        ) as pool,
    ):
        graph = _echo_graph().compile(checkpointer=saver)
        await graph.ainvoke({"messages": [HumanMessage("before")]}, config)
        ledger.add_handoff("t-restart", "asked for a person", "", {})
        limiter = SharedRateLimiter(pool, "session", limit=5)
        assert await limiter.allow("t-restart")

        assert cut_every_connection(database_url) >= 3

        state = await graph.ainvoke({"messages": [HumanMessage("after")]}, config)
        assert [m.content for m in state["messages"]] == ["before", "heard 1", "after", "heard 3"]
        ledger.add_handoff("t-restart", "asked again", "", {})
        assert [row["reason"] for row in ledger.handoffs("t-restart")] == [
            "asked for a person",
            "asked again",
        ]
        assert await limiter.allow("t-restart")
    ledger.close()
