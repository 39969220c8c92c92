"""Live-handoff delivery across workers on a real PostgreSQL: every message reaches the worker
holding the other side's chat, also after the database connections were cut. (The desk the
workers share: tests/storage/test_desk.py.)"""

from __future__ import annotations

import asyncio

import chainlit as cl

from agent.cluster.relay import PostgresRelay
from agent.handoff.delivery import Delivery, LocalRelay
from agent.storage.desk import HandoffDesk
from tests.postgres import cut_every_connection


class Chats(LocalRelay):
    """One worker's open chats, without Chainlit: what each would have been sent."""

    def __init__(self, threads: set[str], staff: int = 1) -> None:
        super().__init__(lambda session: False)
        self.threads, self.staff = threads, staff
        self.got: list[tuple[str, str, list[str]]] = []
        self._read = 0

    async def deliver(self, message: Delivery, confirm: bool = False) -> int:
        names = [a.name for a in message.actions]
        if message.audience == "staff":
            self.got += [("staff", message.content, names)] * self.staff
            return self.staff
        if message.target not in self.threads:
            return 0
        self.got.append((message.target, message.content, names))
        return 1

    async def next(self, timeout: float = 10) -> tuple[str, str, list[str]]:
        """The next message this worker's chats were sent, in order."""
        async with asyncio.timeout(timeout):
            while len(self.got) <= self._read:
                await asyncio.sleep(0.02)
        self._read += 1
        return self.got[self._read - 1]


async def test_messages_reach_the_worker_holding_the_chat_also_after_the_connections_are_cut(
    database_url: str,
) -> None:
    HandoffDesk(database_url).migrate()  # what every worker's start-up does first
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

        assert cut_every_connection(database_url) >= 2  # what a PostgreSQL restart does
        await b.to_thread("customer-chat", "Still here.", "Sam")  # stored while a's listener is down
        assert (await customer_side.next())[1] == "Still here."
        await asyncio.wait_for(a.connected.wait(), 10)
        await a.to_thread("sam-chat", "Thanks!", "Customer")
        assert (await staff_side.next())[1] == "Thanks!"
        assert [g[1] for g in customer_side.got].count("Still here.") == 1  # once, not replayed
    finally:
        await a.stop()
        await b.stop()
