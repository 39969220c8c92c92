"""The live-handoff desk and its delivery on a real PostgreSQL, as two workers share them: one taker
however many click at once, and every message reaches the worker holding the other side's chat,
also after the database connections were cut."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import chainlit as cl
import pytest

from agent.cluster.handoff import PostgresHandoffDesk
from agent.cluster.relay import PostgresRelay
from agent.handoff.delivery import LocalRelay
from agent.handoff.store import CLOSED, RETURNED, TAKEN, WAITING
from tests.cluster.test_reconnect import _cut_every_connection


@pytest.fixture(scope="module")
def desks(database_url: str) -> list[PostgresHandoffDesk]:
    """Two workers' desks on the one database."""
    return [PostgresHandoffDesk(database_url, pooled=True).migrate() for _ in range(2)]


def test_two_workers_queue_a_customer_once_and_exactly_one_salesperson_takes_it(
    desks: list[PostgresHandoffDesk],
) -> None:
    results: list[Any] = []
    barrier = threading.Barrier(2)

    def race(call: Any) -> None:
        barrier.wait()
        results.append(call())

    def both(calls: list[Any]) -> list[Any]:
        results.clear()
        threads = [threading.Thread(target=race, args=(call,)) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return [r for r in results if r is not None]

    [queued] = both([lambda d=d: d.request("H-1", "thread-a", "asked for a person", "en") for d in desks])
    assert queued.status == WAITING and [h.id for h in desks[1].waiting()] == [queued.id]
    taken = both(
        [
            lambda d=d, n=n: d.take(queued.id, n, n.title(), f"{n}-chat")
            for d, n in zip(desks, ("sam", "kim"), strict=True)
        ]
    )
    assert len(taken) == 1 and taken[0].status == TAKEN
    holder = taken[0].taken_by
    assert desks[0].open_for_customer("thread-a") == desks[1].get(queued.id)
    assert desks[1].held_in(f"{holder}-chat", holder) is not None and desks[0].waiting() == []
    assert desks[0].end(queued.id, "nobody", RETURNED) is None  # only the holder hands back
    ended = desks[1].end(queued.id, holder, CLOSED)
    assert ended is not None and ended.ended_by == holder and ended.ended_at
    again = desks[0].request("H-1", "thread-a", "asked again", "zh")
    assert again is not None and again.id != queued.id


def test_both_sides_messages_are_kept_in_order_with_the_first_reply_timed(
    desks: list[PostgresHandoffDesk],
) -> None:
    live = desks[0].request("H-2", "thread-b", "asked for a person", "en")
    assert live is not None
    desks[1].take(live.id, "sam", "Sam", "sam-chat")
    desks[0].add_message(live.id, "customer", "Customer", "is anyone there?")
    desks[1].add_message(live.id, "staff", "sam", "Hi, Sam here.")
    desks[1].add_message(live.id, "staff", "sam", "How can I help?")
    said = desks[0].messages(live.id)
    assert [(m["side"], m["text"]) for m in said] == [
        ("customer", "is anyone there?"),
        ("staff", "Hi, Sam here."),
        ("staff", "How can I help?"),
    ]
    row = desks[0].get(live.id)
    assert row is not None and row.first_reply_at == said[1]["created_at"]
    assert [h.ticket for h in desks[0].between(live.requested_at, "9999")] == ["H-2"]
    [exported] = desks[1].for_threads(["thread-b"])
    assert (
        exported["taken_by"] == "sam" and [m["text"] for m in exported["messages"]][0] == "is anyone there?"
    )
    assert desks[1].delete_threads(["thread-b"]) == 1
    assert desks[0].get(live.id) is None and desks[0].messages(live.id) == []


class Chats(LocalRelay):
    """One worker's open chats, without Chainlit: what each would have been sent."""

    def __init__(self, threads: set[str], staff: int = 1) -> None:
        super().__init__(lambda session: False)
        self.threads, self.staff = threads, staff
        self.got: list[tuple[str, str, list[str]]] = []
        self._read = 0

    async def to_thread(
        self,
        thread_id: str,
        content: str,
        author: str,
        actions: list[cl.Action] | None = None,
        about: str | None = None,
        confirm: bool = False,
    ) -> int:
        if thread_id not in self.threads:
            return 0
        self.got.append((thread_id, content, [a.name for a in actions or []]))
        return 1

    async def to_staff(
        self, content: str, author: str, actions: list[cl.Action] | None = None, about: str | None = None
    ) -> int:
        self.got += [("staff", content, [a.name for a in actions or []])] * self.staff
        return self.staff

    async def next(self, timeout: float = 10) -> tuple[str, str, list[str]]:
        """The next message this worker's chats were sent, in order."""
        async with asyncio.timeout(timeout):
            while len(self.got) <= self._read:
                await asyncio.sleep(0.02)
        self._read += 1
        return self.got[self._read - 1]


async def test_messages_reach_the_worker_holding_the_chat_also_after_the_connections_are_cut(
    desks: list[PostgresHandoffDesk], database_url: str
) -> None:
    customer_side, staff_side = Chats({"customer-chat"}, staff=0), Chats({"sam-chat"})
    a, b = PostgresRelay(database_url, customer_side), PostgresRelay(database_url, staff_side)
    for relay in (a, b):
        await relay.start()
        await asyncio.wait_for(relay.connected.wait(), 10)
    try:
        take = cl.Action(name="handoff_take", payload={"handoff": 7}, label="Take")
        await a.to_staff("Customer waiting for a person", "Assistant", [take], about="customer-chat")
        assert await staff_side.next() == ("staff", "Customer waiting for a person", ["handoff_take"])
        long = "x" * 20_000  # far over NOTIFY's 8000-byte payload limit
        await a.to_thread("sam-chat", long, "Customer", about="customer-chat")
        assert (await staff_side.next())[1] == long
        assert await b.to_thread("customer-chat", "Hi, Sam here.", "Sam", confirm=True) == 1
        assert (await customer_side.next())[1] == "Hi, Sam here."
        assert await b.to_thread("closed-chat", "Anyone?", "Sam", confirm=True) == 0

        assert _cut_every_connection(database_url) >= 2  # what a PostgreSQL restart does
        await b.to_thread("customer-chat", "Still here.", "Sam")  # stored while a's listener is down
        assert (await customer_side.next())[1] == "Still here."
        await asyncio.wait_for(a.connected.wait(), 10)
        await a.to_thread("sam-chat", "Thanks!", "Customer")
        assert (await staff_side.next())[1] == "Thanks!"
        assert [g[1] for g in customer_side.got].count("Still here.") == 1  # once, not replayed
    finally:
        await a.stop()
        await b.stop()
