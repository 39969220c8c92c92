"""LangGraph's PostgreSQL checkpointer: set up by two workers at the same moment, and a
conversation's memory read back by another worker."""

from __future__ import annotations

import asyncio

import psycopg
from langchain_core.messages import HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph import START, MessagesState, StateGraph

from agent.cluster.memory import open_postgres_saver
from agent.storage.engine import conninfo


def _echo_graph():  # type: ignore[no-untyped-def]
    graph = StateGraph(MessagesState)
    graph.add_node("echo", lambda state: {"messages": [("ai", f"heard {len(state['messages'])}")]})
    graph.add_edge(START, "echo")
    return graph


async def test_two_workers_set_up_at_once_and_share_memory(database_url: str) -> None:
    async def worker() -> None:
        async with open_postgres_saver(database_url):
            pass

    await asyncio.gather(worker(), worker(), worker())  # an empty database, set up three times at once
    config = {"configurable": {"thread_id": "t-1"}}
    async with open_postgres_saver(database_url) as saver_a:
        await _echo_graph().compile(checkpointer=saver_a).ainvoke({"messages": [HumanMessage("hi")]}, config)
    async with open_postgres_saver(database_url) as saver_b:  # another worker, later
        state = (
            await _echo_graph()
            .compile(checkpointer=saver_b)
            .ainvoke({"messages": [HumanMessage("again")]}, config)
        )
    assert [m.content for m in state["messages"]] == ["hi", "heard 1", "again", "heard 3"]


async def test_a_conversation_held_up_in_the_database_does_not_hold_up_the_others(database_url: str) -> None:
    # Upstream's saver runs every query of a worker behind one lock (langgraph #7259): one slow
    # write made every other customer of that worker wait for it.
    slow: RunnableConfig = {"configurable": {"thread_id": "slow"}}
    async with open_postgres_saver(database_url) as saver:
        graph = _echo_graph().compile(checkpointer=saver)
        await graph.ainvoke({"messages": [HumanMessage("hi")]}, slow)
        stored = await saver.aget_tuple(slow)
        assert stored is not None
        async with await psycopg.AsyncConnection.connect(conninfo(database_url)) as other:
            async with other.transaction():  # another session holds the slow conversation's row
                await other.execute("SELECT 1 FROM checkpoints WHERE thread_id = 'slow' FOR UPDATE")
                held = asyncio.create_task(saver.aput(stored.config, stored.checkpoint, stored.metadata, {}))
                await asyncio.sleep(0.5)
                assert not held.done()  # waiting on the row lock
                quick: RunnableConfig = {"configurable": {"thread_id": "quick"}}
                state = await asyncio.wait_for(
                    graph.ainvoke({"messages": [HumanMessage("hello")]}, quick), timeout=10
                )
                assert [m.content for m in state["messages"]] == ["hello", "heard 1"]
            await asyncio.wait_for(held, timeout=10)  # the lock is gone: the slow write lands too
