"""The live-handoff desk in the cluster's PostgreSQL: the same interface and rows as the SQLite
``HandoffDesk``, so a salesperson on one worker takes a customer queued on another. Taking is
still one conditional UPDATE: of two salespeople on two workers clicking at once, exactly one
gets the conversation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from agent.cluster.database import Connections, migration_lock
from agent.handoff.store import CLOSED, OPEN, RETURNED, TAKEN, WAITING, LiveHandoff, _now

# Timestamps stay ISO text, as on SQLite: the figures compare them as strings.
_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS live_handoffs (
        id BIGSERIAL PRIMARY KEY, ticket TEXT NOT NULL, thread_id TEXT NOT NULL,
        language TEXT NOT NULL, reason TEXT NOT NULL, requested_at TEXT NOT NULL,
        status TEXT NOT NULL, taken_by TEXT, taken_name TEXT, staff_thread TEXT, taken_at TEXT,
        first_reply_at TEXT, ended_at TEXT, ended_by TEXT)""",
    "CREATE INDEX IF NOT EXISTS live_handoffs_thread ON live_handoffs (thread_id, status)",
    # One open episode per conversation, even when two workers queue the same customer at once.
    "CREATE UNIQUE INDEX IF NOT EXISTS live_handoffs_one_open ON live_handoffs (thread_id) "
    "WHERE status IN ('waiting', 'taken')",
    """CREATE TABLE IF NOT EXISTS live_handoff_messages (
        seq BIGSERIAL PRIMARY KEY, handoff_id BIGINT NOT NULL, created_at TEXT NOT NULL,
        side TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS live_handoff_messages_of ON live_handoff_messages (handoff_id)",
    # What one worker hands to the sessions another holds (agent/cluster/relay.py): kept minutes.
    """CREATE TABLE IF NOT EXISTS live_handoff_deliveries (
        id BIGSERIAL PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        audience TEXT NOT NULL, target TEXT, about TEXT, content TEXT NOT NULL,
        author TEXT NOT NULL, actions TEXT NOT NULL, reached INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS live_handoff_deliveries_created ON live_handoff_deliveries (created_at)",
]


class PostgresHandoffDesk:
    """Opening connects to nothing; ``migrate()`` (at start-up) creates the tables. ``pooled``: for
    a long-lived worker (connections kept, and replaced after a database restart)."""

    def __init__(self, conninfo: str, pooled: bool = False) -> None:
        self.conninfo = conninfo
        self._connections = Connections(conninfo, pooled)

    def migrate(self) -> PostgresHandoffDesk:
        with psycopg.connect(self.conninfo) as connection, migration_lock(connection):
            for statement in _SCHEMA:
                connection.execute(statement)
        return self

    def close(self) -> None:
        self._connections.close()

    @contextmanager
    def _db(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        with self._connections.connection() as connection, connection.transaction():
            yield connection

    def _one(self, query: str, params: tuple[Any, ...]) -> LiveHandoff | None:
        with self._db() as db:
            row = db.execute(query, params).fetchone()
        return LiveHandoff(**row) if row else None

    def _all(self, query: str, params: tuple[Any, ...]) -> list[LiveHandoff]:
        with self._db() as db:
            return [LiveHandoff(**row) for row in db.execute(query, params).fetchall()]

    def request(self, ticket: str, thread_id: str, reason: str, language: str) -> LiveHandoff | None:
        """Queue the conversation; None when it already has an open episode (nothing new to show)."""
        with self._db() as db:
            row = db.execute(
                "INSERT INTO live_handoffs (ticket, thread_id, language, reason, requested_at, status) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (thread_id) "
                "WHERE status IN ('waiting', 'taken') DO NOTHING RETURNING *",
                (ticket, thread_id, language, reason, _now(), WAITING),
            ).fetchone()
        return LiveHandoff(**row) if row else None

    def take(self, handoff_id: int, staff: str, display_name: str, staff_thread: str) -> LiveHandoff | None:
        """The handoff, now this salesperson's; None when someone else took it (or it ended) first."""
        return self._one(
            "UPDATE live_handoffs SET status = %s, taken_by = %s, taken_name = %s, staff_thread = %s, "
            "taken_at = %s WHERE id = %s AND status = %s RETURNING *",
            (TAKEN, staff, display_name, staff_thread, _now(), handoff_id, WAITING),
        )

    def end(self, handoff_id: int, staff: str, status: str) -> LiveHandoff | None:
        """Hand back (``RETURNED``) or close (``CLOSED``); only the salesperson holding it may."""
        if status not in (RETURNED, CLOSED):
            raise ValueError(f"status: {status!r} must be {RETURNED!r} or {CLOSED!r}")
        return self._one(
            "UPDATE live_handoffs SET status = %s, ended_at = %s, ended_by = %s "
            "WHERE id = %s AND status = %s AND taken_by = %s RETURNING *",
            (status, _now(), staff, handoff_id, TAKEN, staff),
        )

    def get(self, handoff_id: int) -> LiveHandoff | None:
        return self._one("SELECT * FROM live_handoffs WHERE id = %s", (handoff_id,))

    def open_for_customer(self, thread_id: str) -> LiveHandoff | None:
        return self._one(
            "SELECT * FROM live_handoffs WHERE thread_id = %s AND status IN (%s, %s) ORDER BY id DESC",
            (thread_id, *OPEN),
        )

    def held_in(self, staff_thread: str, staff: str) -> LiveHandoff | None:
        """The conversation this salesperson holds from this staff chat, if any."""
        return self._one(
            "SELECT * FROM live_handoffs WHERE staff_thread = %s AND taken_by = %s AND status = %s "
            "ORDER BY id DESC",
            (staff_thread, staff, TAKEN),
        )

    def waiting(self) -> list[LiveHandoff]:
        return self._all(
            "SELECT * FROM live_handoffs WHERE status = %s ORDER BY requested_at, id", (WAITING,)
        )

    def add_message(self, handoff_id: int, side: str, author: str, text: str) -> None:
        """Store a message of either side; the first staff message is the first human reply."""
        now = _now()
        with self._db() as db:
            db.execute(
                "INSERT INTO live_handoff_messages (handoff_id, created_at, side, author, text) "
                "VALUES (%s, %s, %s, %s, %s)",
                (handoff_id, now, side, author, text),
            )
            if side == "staff":
                db.execute(
                    "UPDATE live_handoffs SET first_reply_at = %s WHERE id = %s AND first_reply_at IS NULL",
                    (now, handoff_id),
                )

    def messages(self, handoff_id: int) -> list[dict[str, Any]]:
        with self._db() as db:
            rows = db.execute(
                "SELECT created_at, side, author, text FROM live_handoff_messages WHERE handoff_id = %s "
                "ORDER BY seq",
                (handoff_id,),
            ).fetchall()
        return [dict(row) for row in rows]

    def between(self, since: str, until: str) -> list[LiveHandoff]:
        """Episodes requested with ``since <= requested_at < until`` (ISO timestamps)."""
        try:
            return self._all(
                "SELECT * FROM live_handoffs WHERE requested_at >= %s AND requested_at < %s ORDER BY id",
                (since, until),
            )
        except psycopg.errors.UndefinedTable:
            return []  # no worker has started yet: no handoff happened

    def for_threads(self, thread_ids: list[str]) -> list[dict[str, Any]]:
        """These customers' handoff episodes with both sides' messages (privacy export)."""
        if not thread_ids:
            return []
        try:
            with self._db() as db:
                episodes = db.execute(
                    "SELECT * FROM live_handoffs WHERE thread_id = ANY(%s) ORDER BY id", (thread_ids,)
                ).fetchall()
        except psycopg.errors.UndefinedTable:
            return []  # a cluster no worker has started on yet
        return [dict(episode) | {"messages": self.messages(episode["id"])} for episode in episodes]

    def delete_threads(self, thread_ids: list[str]) -> int:
        """Forget these customers' handoffs, their messages and pending deliveries."""
        if not thread_ids:
            return 0
        try:
            with self._db() as db:
                ids = [
                    row["id"]
                    for row in db.execute(
                        "DELETE FROM live_handoffs WHERE thread_id = ANY(%s) RETURNING id", (thread_ids,)
                    ).fetchall()
                ]
                db.execute("DELETE FROM live_handoff_messages WHERE handoff_id = ANY(%s)", (ids,))
                db.execute("DELETE FROM live_handoff_deliveries WHERE about = ANY(%s)", (thread_ids,))
        except psycopg.errors.UndefinedTable:
            return 0  # a cluster no worker has started on yet
        return len(ids)
