"""Leads (order requests) and handoff requests, stored in SQLite for the sales team.

Short transactions in WAL mode with a busy timeout, so several app workers can write at once;
a lead keeps only the contact details the customer gave for that purpose. The schema is created
by ``migrate()`` at start-up, never on the way: a reader (the report) must not create a database.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

_SCHEMA = """
CREATE TABLE IF NOT EXISTS leads (
    id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, created_at TEXT NOT NULL,
    items TEXT NOT NULL, contact TEXT NOT NULL, language TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS handoffs (
    id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, created_at TEXT NOT NULL,
    reason TEXT NOT NULL, summary TEXT NOT NULL, contact TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    thread_id TEXT NOT NULL, created_at TEXT NOT NULL, role TEXT NOT NULL, intent TEXT NOT NULL,
    confidence REAL NOT NULL, language TEXT NOT NULL, products TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_created ON turns (created_at);
"""


@dataclass(frozen=True)
class LeadItem:
    product_id: str
    name: str
    quantity: int
    unit_price: float | None


class LedgerMissingError(RuntimeError):
    """The ledger file or its tables do not exist yet; the message names the file and the fix."""


class SalesLedger:
    """Opening touches nothing on disk; ``migrate()`` is the one call that creates anything."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def migrate(self) -> SalesLedger:
        """Create the file and its tables if missing (idempotent: run at every start-up)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10.0)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
        return self

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection that can never create the file: ``mode=ro`` to read, ``rw`` to write."""
        uri = f"{self.path.absolute().as_uri()}?mode={'rw' if write else 'ro'}"
        try:
            db = sqlite3.connect(uri, uri=True, timeout=10.0)  # waits on a busy database
        except sqlite3.OperationalError as error:
            if not self.path.exists():
                raise self._missing() from error
            raise  # there, but unreadable: say what SQLite said
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: safe across an app crash, no fsync per insert
            with db:  # one transaction: committed on success, rolled back on error
                yield db
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                raise self._missing() from error
            raise
        finally:
            db.close()

    def _missing(self) -> LedgerMissingError:
        return LedgerMissingError(
            f"no sales ledger at {self.path} yet: the app (`make run`) or the terminal chat "
            "creates it when it starts"
        )

    def add_lead(
        self,
        thread_id: str,
        items: list[LeadItem],
        contact: dict[str, str],
        language: str,
        lead_id: str | None = None,
    ) -> str:
        """Store a lead; with ``lead_id`` given, storing it again changes nothing (a retried commit)."""
        lead_id = lead_id or new_record_id("lead")
        payload = json.dumps([item.__dict__ for item in items], ensure_ascii=False)
        with self._connect(write=True) as db:
            db.execute(
                "INSERT OR IGNORE INTO leads VALUES (?, ?, ?, ?, ?, ?)",
                (lead_id, thread_id, _now(), payload, json.dumps(contact), language),
            )
        return lead_id

    def add_handoff(
        self, thread_id: str, reason: str, summary: str, contact: dict[str, str], ticket: str | None = None
    ) -> str:
        ticket = ticket or new_record_id("handoff")
        with self._connect(write=True) as db:
            db.execute(
                "INSERT OR IGNORE INTO handoffs VALUES (?, ?, ?, ?, ?, ?)",
                (ticket, thread_id, _now(), reason, summary, json.dumps(contact)),
            )
        return ticket

    def record_actions(self, thread_id: str, actions: list[dict[str, Any]]) -> None:
        """Store the leads and handoffs a committed turn decided (``agent.consult.actions``), once."""
        record_actions(self, thread_id, actions)

    def add_turn(
        self,
        thread_id: str,
        role: str,
        intent: str,
        confidence: float,
        language: str,
        products: list[dict[str, str]],
    ) -> None:
        """Analytics only: labels and the products shown, never the customer's words."""
        with self._connect(write=True) as db:
            db.execute(
                "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?)",
                (thread_id, _now(), role, intent, confidence, language, json.dumps(products)),
            )

    def turns(self, since: str, until: str) -> list[dict[str, Any]]:
        """Turns with ``since <= created_at < until`` (ISO timestamps)."""
        with self._connect() as db:
            rows = [
                dict(row)
                for row in db.execute(
                    "SELECT * FROM turns WHERE created_at >= ? AND created_at < ? ORDER BY created_at",
                    (since, until),
                )
            ]
        for row in rows:
            row["products"] = json.loads(row["products"])
        return rows

    def delete_threads(self, thread_ids: list[str]) -> dict[str, int]:
        """Forget these conversations: their leads, handoffs and analytics (privacy deletion and
        retention). Returns the leads and handoffs deleted."""
        marks = ",".join("?" * len(thread_ids))
        with self._connect(write=True) as db:
            deleted = {
                table: db.execute(f"DELETE FROM {table} WHERE thread_id IN ({marks})", thread_ids).rowcount
                for table in ("leads", "handoffs")
            }
            db.execute(f"DELETE FROM turns WHERE thread_id IN ({marks})", thread_ids)
        return deleted

    def leads(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        return self._rows("leads", thread_id, ("items", "contact"))

    def handoffs(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        return self._rows("handoffs", thread_id, ("contact",))

    def _rows(self, table: str, thread_id: str | None, json_columns: tuple[str, ...]) -> list[dict[str, Any]]:
        query = (
            f"SELECT * FROM {table}" + (" WHERE thread_id = ?" if thread_id else "") + " ORDER BY created_at"
        )
        with self._connect() as db:
            rows = [dict(row) for row in db.execute(query, (thread_id,) if thread_id else ())]
        for row in rows:
            for column in json_columns:
                row[column] = json.loads(row[column])
        return rows

    def rows_for_threads(self, thread_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The leads and handoffs of these conversations, as stored (a privacy export)."""
        marks = ",".join("?" * len(thread_ids))
        with self._connect() as db:
            return {
                table: [
                    dict(r)
                    for r in db.execute(f"SELECT * FROM {table} WHERE thread_id IN ({marks})", thread_ids)
                ]
                for table in ("leads", "handoffs")
            }


class Ledger(Protocol):
    """What the consultant, the report and the privacy tools use: ``SalesLedger`` here, or the
    cluster's ``agent.cluster.ledger.PostgresLedger`` (chosen in ``agent.cluster.stores``)."""

    def migrate(self) -> Ledger: ...
    def add_lead(
        self,
        thread_id: str,
        items: list[LeadItem],
        contact: dict[str, str],
        language: str,
        lead_id: str | None = None,
    ) -> str: ...
    def add_handoff(
        self, thread_id: str, reason: str, summary: str, contact: dict[str, str], ticket: str | None = None
    ) -> str: ...
    def record_actions(self, thread_id: str, actions: list[dict[str, Any]]) -> None: ...
    def add_turn(
        self,
        thread_id: str,
        role: str,
        intent: str,
        confidence: float,
        language: str,
        products: list[dict[str, str]],
    ) -> None: ...
    def turns(self, since: str, until: str) -> list[dict[str, Any]]: ...
    def delete_threads(self, thread_ids: list[str]) -> dict[str, int]: ...
    def leads(self, thread_id: str | None = None) -> list[dict[str, Any]]: ...
    def handoffs(self, thread_id: str | None = None) -> list[dict[str, Any]]: ...
    def rows_for_threads(self, thread_ids: list[str]) -> dict[str, list[dict[str, Any]]]: ...


def record_actions(ledger: Ledger, thread_id: str, actions: list[dict[str, Any]]) -> None:
    """The one way every ledger stores a committed turn's leads and handoffs (ids make it idempotent)."""
    for action in actions:
        if action["type"] == "lead":
            items = [LeadItem(**item) for item in action["items"]]
            ledger.add_lead(thread_id, items, action["contact"], action["language"], action["id"])
        elif action["type"] == "handoff":
            ledger.add_handoff(
                thread_id, action["reason"], action["summary"], action["contact"], action["id"]
            )


def new_record_id(kind: str) -> str:
    """A lead (``L-...``) or handoff (``H-...``) id, chosen when the turn is planned."""
    return ("L-" if kind == "lead" else "H-") + uuid.uuid4().hex[:8].upper()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
