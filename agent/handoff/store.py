"""Live handoffs: the queue of customers waiting for a person, who took each one, and the messages.

One row per episode (a customer asking for a person again after it ended opens a new one with the
same ticket). Rows live in the sales ledger's SQLite file, beside the ``handoffs`` requests.
Taking is one conditional UPDATE, so of two salespeople clicking at once exactly one gets it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS live_handoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, ticket TEXT NOT NULL, thread_id TEXT NOT NULL,
    language TEXT NOT NULL, reason TEXT NOT NULL, requested_at TEXT NOT NULL,
    status TEXT NOT NULL, taken_by TEXT, taken_name TEXT, staff_thread TEXT, taken_at TEXT,
    first_reply_at TEXT, ended_at TEXT, ended_by TEXT
);
CREATE INDEX IF NOT EXISTS live_handoffs_thread ON live_handoffs (thread_id, status);
CREATE TABLE IF NOT EXISTS live_handoff_messages (
    handoff_id INTEGER NOT NULL, created_at TEXT NOT NULL, side TEXT NOT NULL,
    author TEXT NOT NULL, text TEXT NOT NULL
);
"""
WAITING, TAKEN, RETURNED, CLOSED = "waiting", "taken", "returned", "closed"
OPEN = (WAITING, TAKEN)


@dataclass(frozen=True)
class LiveHandoff:
    id: int
    ticket: str
    thread_id: str
    language: str
    reason: str
    requested_at: str
    status: str
    taken_by: str | None = None
    taken_name: str | None = None
    staff_thread: str | None = None
    taken_at: str | None = None
    first_reply_at: str | None = None
    ended_at: str | None = None
    ended_by: str | None = None


class HandoffDesk:
    """The queue and its records. ``migrate()`` at start-up creates the tables; nothing else does."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def migrate(self) -> HandoffDesk:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10.0)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
        return self

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10.0)) as db:
            db.row_factory = sqlite3.Row
            with db:  # one transaction: committed on success, rolled back on error
                yield db

    def _one(self, query: str, params: tuple[Any, ...]) -> LiveHandoff | None:
        with self._db() as db:
            row = db.execute(query, params).fetchone()
        return LiveHandoff(**dict(row)) if row else None

    def request(self, ticket: str, thread_id: str, reason: str, language: str) -> LiveHandoff | None:
        """Queue the conversation; None when it already has an open episode (nothing new to show)."""
        with self._db() as db:
            if db.execute(
                "SELECT 1 FROM live_handoffs WHERE thread_id = ? AND status IN (?, ?)", (thread_id, *OPEN)
            ).fetchone():
                return None
            cursor = db.execute(
                "INSERT INTO live_handoffs (ticket, thread_id, language, reason, requested_at, status) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (ticket, thread_id, language, reason, _now(), WAITING),
            )
            row = db.execute("SELECT * FROM live_handoffs WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return LiveHandoff(**dict(row))

    def take(self, handoff_id: int, staff: str, display_name: str, staff_thread: str) -> LiveHandoff | None:
        """The handoff, now this salesperson's; None when someone else took it (or it ended) first."""
        with self._db() as db:
            taken = db.execute(
                "UPDATE live_handoffs SET status = ?, taken_by = ?, taken_name = ?, staff_thread = ?, "
                "taken_at = ? WHERE id = ? AND status = ?",
                (TAKEN, staff, display_name, staff_thread, _now(), handoff_id, WAITING),
            ).rowcount
        return self.get(handoff_id) if taken else None

    def end(self, handoff_id: int, staff: str, status: str) -> LiveHandoff | None:
        """Hand back (``RETURNED``) or close (``CLOSED``); only the salesperson holding it may."""
        if status not in (RETURNED, CLOSED):
            raise ValueError(f"status: {status!r} must be {RETURNED!r} or {CLOSED!r}")
        with self._db() as db:
            ended = db.execute(
                "UPDATE live_handoffs SET status = ?, ended_at = ?, ended_by = ? "
                "WHERE id = ? AND status = ? AND taken_by = ?",
                (status, _now(), staff, handoff_id, TAKEN, staff),
            ).rowcount
        return self.get(handoff_id) if ended else None

    def get(self, handoff_id: int) -> LiveHandoff | None:
        return self._one("SELECT * FROM live_handoffs WHERE id = ?", (handoff_id,))

    def open_for_customer(self, thread_id: str) -> LiveHandoff | None:
        return self._one(
            "SELECT * FROM live_handoffs WHERE thread_id = ? AND status IN (?, ?) ORDER BY id DESC",
            (thread_id, *OPEN),
        )

    def held_in(self, staff_thread: str, staff: str) -> LiveHandoff | None:
        """The conversation this salesperson holds from this staff chat, if any."""
        return self._one(
            "SELECT * FROM live_handoffs WHERE staff_thread = ? AND taken_by = ? AND status = ? "
            "ORDER BY id DESC",
            (staff_thread, staff, TAKEN),
        )

    def waiting(self) -> list[LiveHandoff]:
        with self._db() as db:
            rows = db.execute(
                "SELECT * FROM live_handoffs WHERE status = ? ORDER BY requested_at, id", (WAITING,)
            ).fetchall()
        return [LiveHandoff(**dict(row)) for row in rows]

    def add_message(self, handoff_id: int, side: str, author: str, text: str) -> None:
        """Store a message of either side; the first staff message is the first human reply."""
        now = _now()
        with self._db() as db:
            db.execute(
                "INSERT INTO live_handoff_messages VALUES (?, ?, ?, ?, ?)",
                (handoff_id, now, side, author, text),
            )
            if side == "staff":
                db.execute(
                    "UPDATE live_handoffs SET first_reply_at = ? WHERE id = ? AND first_reply_at IS NULL",
                    (now, handoff_id),
                )

    def messages(self, handoff_id: int) -> list[dict[str, Any]]:
        with self._db() as db:
            rows = db.execute(
                "SELECT created_at, side, author, text FROM live_handoff_messages WHERE handoff_id = ? "
                "ORDER BY rowid",
                (handoff_id,),
            ).fetchall()
        return [dict(row) for row in rows]

    def between(self, since: str, until: str) -> list[LiveHandoff]:
        """Episodes requested with ``since <= requested_at < until`` (ISO timestamps)."""
        if not self.path.exists():
            return []
        try:
            with self._db() as db:
                rows = db.execute(
                    "SELECT * FROM live_handoffs WHERE requested_at >= ? AND requested_at < ? ORDER BY id",
                    (since, until),
                ).fetchall()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return []  # a ledger from before live handoffs: none happened
            raise
        return [LiveHandoff(**dict(row)) for row in rows]

    def for_threads(self, thread_ids: list[str]) -> list[dict[str, Any]]:
        """These customers' handoff episodes with both sides' messages (privacy export)."""
        if not thread_ids or not self.path.exists():
            return []
        marks = ",".join("?" * len(thread_ids))
        try:
            with self._db() as db:
                query = f"SELECT * FROM live_handoffs WHERE thread_id IN ({marks}) ORDER BY id"
                episodes = [dict(row) for row in db.execute(query, thread_ids)]
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return []
            raise
        return [episode | {"messages": self.messages(episode["id"])} for episode in episodes]

    def delete_threads(self, thread_ids: list[str]) -> int:
        """Forget these customers' handoffs and their messages (privacy deletion, retention)."""
        if not thread_ids or not self.path.exists():
            return 0  # never create a ledger just to delete from it
        marks = ",".join("?" * len(thread_ids))
        try:
            with self._db() as db:
                query = f"SELECT id FROM live_handoffs WHERE thread_id IN ({marks})"
                ids = [row[0] for row in db.execute(query, thread_ids)]
                db.executemany("DELETE FROM live_handoff_messages WHERE handoff_id = ?", [(i,) for i in ids])
                db.execute(f"DELETE FROM live_handoffs WHERE thread_id IN ({marks})", thread_ids)
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return 0  # a ledger from before live handoffs
            raise
        return len(ids)


def _now() -> str:
    # Microseconds: the time to a first reply in a test is well under a second.
    return datetime.now(UTC).isoformat(timespec="microseconds")
