"""LangGraph's PostgreSQL checkpointer: set up by two workers at the same moment, and a
conversation's memory read back by another worker."""

from __future__ import annotations

import asyncio

from langchain_core.messages import HumanMessage
from langgraph.graph import START, MessagesState, StateGraph

from agent.cluster.memory import open_postgres_saver


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
