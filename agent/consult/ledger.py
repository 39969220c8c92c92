"""Leads (order requests) and handoff requests, stored in SQLite for the sales team.

Short transactions in WAL mode with a busy timeout, so several app workers can write at once;
a lead keeps only the contact details the customer gave for that purpose.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


class SalesLedger:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10.0)  # waits on a busy database instead of failing
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA synchronous=NORMAL")  # WAL: safe across an app crash, no fsync per insert
        return db

    def add_lead(self, thread_id: str, items: list[LeadItem], contact: dict[str, str], language: str) -> str:
        lead_id = "L-" + uuid.uuid4().hex[:8].upper()
        payload = json.dumps([item.__dict__ for item in items], ensure_ascii=False)
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO leads VALUES (?, ?, ?, ?, ?, ?)",
                (lead_id, thread_id, _now(), payload, json.dumps(contact), language),
            )
        return lead_id

    def add_handoff(self, thread_id: str, reason: str, summary: str, contact: dict[str, str]) -> str:
        ticket = "H-" + uuid.uuid4().hex[:8].upper()
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO handoffs VALUES (?, ?, ?, ?, ?, ?)",
                (ticket, thread_id, _now(), reason, summary, json.dumps(contact)),
            )
        return ticket

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
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?)",
                (thread_id, _now(), role, intent, confidence, language, json.dumps(products)),
            )

    def turns(self, since: str, until: str) -> list[dict[str, Any]]:
        """Turns with ``since <= created_at < until`` (ISO timestamps)."""
        with closing(self._connect()) as db:
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
        with closing(self._connect()) as db, db:
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
        with closing(self._connect()) as db:
            rows = [dict(row) for row in db.execute(query, (thread_id,) if thread_id else ())]
        for row in rows:
            for column in json_columns:
                row[column] = json.loads(row[column])
        return rows


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
