"""Live-handoff delivery across workers: the customer's socket and the salesperson's may be held by
different workers. A message is stored in ``live_handoff_deliveries`` and announced with
``NOTIFY live_handoff, '<id>'`` in the same transaction; every worker LISTENs, reads the row (so no
payload limit applies) and hands it to the sessions it holds. After a lost connection (PostgreSQL
restarted) the listener reconnects and delivers what was stored meanwhile."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from typing import Any

import chainlit as cl
import psycopg
from psycopg.rows import dict_row
from sqlalchemy import delete, func, select, text

from agent.cluster.background import cancel
from agent.handoff.delivery import Delivery, LocalRelay, Relay
from agent.storage.engine import Database
from agent.storage.schema import live_handoff_deliveries as deliveries

log = logging.getLogger(__name__)

CHANNEL = "live_handoff"
KEEP = "5 minutes"  # a delivery older than this is late news: pruned, never replayed


class PostgresRelay(Relay):
    def __init__(
        self, conninfo: str, local: LocalRelay, confirm_s: float = 2.0, idle_check_s: float = 5.0
    ) -> None:
        self.conninfo = conninfo
        self._local = local
        self._db = Database(conninfo, pooled=True)
        self._confirm_s = confirm_s  # how long a sender waits to learn whether anyone got it
        self._idle_check_s = idle_check_s  # a quiet listener still checks its connection this often
        self._task: asyncio.Task[None] | None = None
        self._last_seen: int | None = None
        self._done: deque[int] = deque(maxlen=1000)
        self.connected = asyncio.Event()  # set while listening (for tests and health)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen_forever())

    async def stop(self) -> None:
        await cancel(self._task)
        self._task = None
        await asyncio.to_thread(self._db.close)

    async def deliver(self, message: Delivery, confirm: bool = False) -> int:
        delivery = await asyncio.to_thread(self._store, message)
        return await self._reached(delivery) if confirm else 0

    def _store(self, message: Delivery) -> int:
        shown = [
            {"name": a.name, "payload": a.payload, "label": a.label, "icon": a.icon} for a in message.actions
        ]
        row = {"audience": message.audience, "target": message.target, "about": message.about}
        said = {"content": message.content, "author": message.author, "actions": json.dumps(shown)}
        with self._db.begin() as db:
            db.execute(
                delete(deliveries).where(deliveries.c.created_at < func.now() - text(f"interval '{KEEP}'"))
            )
            stored = db.execute(
                deliveries.insert().values(**row, **said).returning(deliveries.c.id)
            ).scalar_one()
            db.execute(select(func.pg_notify(CHANNEL, str(stored))))  # sent at commit
        return int(stored)

    async def _reached(self, delivery: int) -> int:
        """How many chats the workers delivered it to, once one did (or 0 after ``confirm_s``)."""
        deadline = asyncio.get_running_loop().time() + self._confirm_s
        while True:
            reached = await asyncio.to_thread(self._reached_now, delivery)
            if reached or asyncio.get_running_loop().time() > deadline:
                return reached
            await asyncio.sleep(0.05)

    def _reached_now(self, delivery: int) -> int:
        with self._db.begin() as db:
            reached = db.execute(select(deliveries.c.reached).where(deliveries.c.id == delivery)).scalar()
        return int(reached or 0)

    async def _listen_forever(self) -> None:
        while True:
            try:
                await self._listen()
            except (psycopg.Error, OSError) as error:
                log.warning("Live handoff listener lost PostgreSQL (%s); reconnecting", error)
            self.connected.clear()
            await asyncio.sleep(1.0)

    async def _listen(self) -> None:
        async with await psycopg.AsyncConnection.connect(
            self.conninfo, autocommit=True, row_factory=dict_row
        ) as connection:
            await connection.execute(f"LISTEN {CHANNEL}")
            if self._last_seen is None:  # first start: what was sent before is not ours to replay
                row = await (
                    await connection.execute("SELECT coalesce(max(id), 0) AS id FROM live_handoff_deliveries")
                ).fetchone()
                self._last_seen = int(row["id"]) if row else 0
            self.connected.set()
            announced: list[int] = []
            while True:
                # Rows announced, plus any stored since the last one seen (a reconnect, a missed
                # notice). The notices are read outside the generator: it holds the connection.
                await self._deliver(connection, announced)
                announced = [
                    int(note.payload)
                    async for note in connection.notifies(timeout=self._idle_check_s, stop_after=1)
                    if note.payload.isdigit()
                ]

    async def _deliver(self, connection: psycopg.AsyncConnection[Any], announced: list[int]) -> None:
        assert self._last_seen is not None
        rows = await (
            await connection.execute(
                "SELECT * FROM live_handoff_deliveries WHERE (id = ANY(%s) OR id > %s) "
                f"AND created_at > now() - interval '{KEEP}' ORDER BY id",
                (announced, self._last_seen),
            )
        ).fetchall()
        for row in rows:
            if row["id"] in self._done:
                continue
            self._done.append(row["id"])
            self._last_seen = max(self._last_seen, row["id"])
            try:
                reached = await self._hand_over(row)
            except Exception:  # one chat that cannot take it must not stop the others' deliveries
                log.exception("Live handoff delivery %s failed on this worker", row["id"])
                continue
            if reached:
                await connection.execute(
                    "UPDATE live_handoff_deliveries SET reached = reached + %s WHERE id = %s",
                    (reached, row["id"]),
                )

    async def _hand_over(self, row: dict[str, Any]) -> int:
        actions = [cl.Action(**a) for a in json.loads(row["actions"])]
        said = (row["audience"], row["target"], row["about"], row["content"], row["author"], actions)
        return await self._local.deliver(Delivery(*said))
