"""One customer's data across the three stores (chat history, agent memory, sales ledger):
export it, delete it, and delete conversations past the retention period."""

from __future__ import annotations

import contextlib
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from agent.cluster.memory import CHECKPOINT_TABLES
from agent.cluster.stores import open_desk, open_ledger
from agent.consult.ledger import LedgerMissingError
from agent.settings import Settings
from agent.storage.engine import postgres_conninfo

_CHAT_TABLES = ("feedbacks", "elements", "steps")  # rows keyed by "threadId", deleted before threads


async def _rows(engine: AsyncEngine, query: str, **params: Any) -> list[dict[str, Any]]:
    statement = text(query)
    for name, value in params.items():
        if isinstance(value, list):
            statement = statement.bindparams(bindparam(name, expanding=True))
    async with engine.connect() as connection:
        return [dict(row._mapping) for row in await connection.execute(statement, params)]


async def _threads_of(engine: AsyncEngine, identifier: str) -> list[dict[str, Any]]:
    return await _rows(
        engine,
        'SELECT "id", "name", "createdAt" FROM threads WHERE "userIdentifier" = :who ORDER BY "createdAt"',
        who=identifier,
    )


async def export_customer(settings: Settings, identifier: str) -> dict[str, Any]:
    engine = create_async_engine(settings.chat_database_url)
    try:
        threads = await _threads_of(engine, identifier)
        for thread in threads:
            thread["messages"] = await _rows(
                engine,
                'SELECT "type", "name", "output", "createdAt" FROM steps WHERE "threadId" = :thread '
                """AND "type" IN ('user_message', 'assistant_message') ORDER BY "createdAt\"""",
                thread=str(thread["id"]),
            )
            thread["id"] = str(thread["id"])
    finally:
        await engine.dispose()
    ids = [t["id"] for t in threads]
    live = open_desk(settings).for_threads(ids)
    return {"user": identifier, "threads": threads, **_ledger_rows(settings, ids), "live_handoffs": live}


async def delete_customer(settings: Settings, identifier: str) -> dict[str, int]:
    engine = create_async_engine(settings.chat_database_url)
    try:
        ids = [str(t["id"]) for t in await _threads_of(engine, identifier)]
        counts = await _delete_threads(engine, ids)
        async with engine.begin() as connection:
            await connection.execute(text('DELETE FROM users WHERE "identifier" = :who'), {"who": identifier})
    finally:
        await engine.dispose()
    counts |= _delete_elsewhere(settings, ids)
    return counts


async def apply_retention(settings: Settings, days: int, now: datetime | None = None) -> dict[str, int]:
    """Delete conversations whose thread was created more than ``days`` ago (0 keeps all)."""
    if days <= 0:
        return {}
    cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat()
    engine = create_async_engine(settings.chat_database_url)
    try:
        old = await _rows(engine, 'SELECT "id" FROM threads WHERE "createdAt" < :cutoff', cutoff=cutoff)
        ids = [str(row["id"]) for row in old]
        counts = await _delete_threads(engine, ids)
    finally:
        await engine.dispose()
    return counts | _delete_elsewhere(settings, ids)


async def _delete_threads(engine: AsyncEngine, ids: list[str]) -> dict[str, int]:
    counts = {"threads": len(ids)}
    if not ids:
        return counts
    async with engine.begin() as connection:  # one transaction: all of a thread or none of it
        for table in (*_CHAT_TABLES, "threads"):
            column = "id" if table == "threads" else "threadId"
            statement = text(f'DELETE FROM {table} WHERE "{column}" IN :ids').bindparams(
                bindparam("ids", expanding=True)
            )
            await connection.execute(statement, {"ids": ids})
    return counts


def _delete_elsewhere(settings: Settings, ids: list[str]) -> dict[str, int]:
    """The agent's memory and the ledger rows of those conversations."""
    counts = {"checkpoints": 0, "leads": 0, "handoffs": 0}
    if not ids:
        return counts
    marks = ",".join("?" * len(ids))
    if url := postgres_conninfo(settings):
        counts["checkpoints"] = _delete_postgres_checkpoints(url, ids)
    elif Path(settings.conversations_db).exists():
        with closing(sqlite3.connect(settings.conversations_db, timeout=10)) as db, db:
            db.execute(f"DELETE FROM writes WHERE thread_id IN ({marks})", ids)
            counts["checkpoints"] = db.execute(
                f"DELETE FROM checkpoints WHERE thread_id IN ({marks})", ids
            ).rowcount
    with contextlib.suppress(LedgerMissingError):  # no ledger yet: nothing of theirs in it
        counts |= open_ledger(settings).delete_threads(ids)
    counts["live_handoffs"] = open_desk(settings).delete_threads(ids)
    return counts


def _delete_postgres_checkpoints(url: str, ids: list[str]) -> int:
    """The cluster's agent memory: LangGraph's tables, one transaction (counts checkpoints)."""
    with psycopg.connect(url) as db, db.transaction():
        counts = {
            table: db.execute(f"DELETE FROM {table} WHERE thread_id = ANY(%s)", (ids,)).rowcount
            for table in CHECKPOINT_TABLES
        }
    return counts["checkpoints"]


def _ledger_rows(settings: Settings, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if ids:
        try:
            return open_ledger(settings).rows_for_threads(ids)
        except LedgerMissingError:
            pass
    return {"leads": [], "handoffs": []}
