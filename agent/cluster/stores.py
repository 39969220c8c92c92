"""The one place that chooses where durable things live: the cluster's PostgreSQL when
``DATABASE_URL`` is set, else SQLite files in ``var/`` (the laptop default, as before). The stores
are the same code on either (``agent.storage``); only the staff logins of one machine stay a file."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import aiosqlite
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from agent.cluster.memory import open_postgres_saver
from agent.consult.ledger import Ledger, SalesLedger
from agent.handoff.desk import Desk
from agent.settings import Settings
from agent.storage.desk import HandoffDesk
from agent.storage.drafts import DraftBook
from agent.storage.engine import postgres_conninfo
from agent.storage.orders import Orders, OrdersStore
from agent.storage.users import UserTable
from agent.web.users import StaffUsers, UserStore

if TYPE_CHECKING:  # the relays import Chainlit: only the app needs them, not the command-line tools
    from chainlit.session import WebsocketSession

    from agent.handoff.delivery import Relay


def open_ledger(settings: Settings, pooled: bool = False) -> Ledger:
    """Touches nothing: ``migrate()`` (at start-up) is what creates the tables. ``pooled``: for
    the consultant of a long-lived worker (PostgreSQL connections kept and reused)."""
    return SalesLedger(settings.database_url or settings.sales_db, pooled)


def open_drafts(settings: Settings, pooled: bool = False) -> DraftBook:
    """Drafts for salespeople, beside the sales ledger. Touches nothing: ``migrate()`` at start-up."""
    return DraftBook(settings.database_url or settings.sales_db, pooled)


def open_orders(settings: Settings) -> Orders:
    """The orders history the forecast reads and ``ingest.py --orders`` fills. Touches nothing:
    loading migrates, reading a history never loaded raises OrdersMissingError."""
    return OrdersStore(settings.database_url or settings.orders_db)


def open_users(settings: Settings, pooled: bool = False) -> StaffUsers:
    """The staff logins. ``pooled``: for a long-lived worker (connections kept and reused)."""
    return (
        UserTable(settings.database_url, pooled) if settings.database_url else UserStore(settings.users_file)
    )


def open_desk(settings: Settings, pooled: bool = False) -> Desk:
    """The live-handoff queue, claims and messages (beside the ledger). Touches nothing:
    ``migrate()`` creates them."""
    return HandoffDesk(settings.database_url or settings.sales_db, pooled)


def open_relay(settings: Settings, is_staff: Callable[[WebsocketSession], bool]) -> Relay:
    """Live-handoff delivery: through PostgreSQL to every worker's sessions, or this worker's."""
    from agent.cluster.relay import PostgresRelay
    from agent.handoff.delivery import LocalRelay

    url = postgres_conninfo(settings)
    local = LocalRelay(is_staff)
    return PostgresRelay(url, local) if url else local


@asynccontextmanager
async def open_checkpointer(settings: Settings) -> AsyncIterator[BaseCheckpointSaver[str]]:
    """Each conversation's memory, kept across restarts (and, in a cluster, across workers)."""
    url = postgres_conninfo(settings)
    if url:
        async with open_postgres_saver(url) as saver:
            yield saver
        return
    settings.conversations_db.parent.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(settings.conversations_db, timeout=10.0) as connection:
        # WAL: readers never block the writer and several processes can share the file; NORMAL
        # sync survives an app crash (fsync at checkpoints, not on every commit).
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        yield AsyncSqliteSaver(connection)
