"""Leads, handoff requests and the analytics rows, in the cluster's PostgreSQL: the same interface
and the same rows as the SQLite ``SalesLedger``, so the report and privacy tools read either."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg

from agent.cluster.database import Connections, migration_lock, shown
from agent.consult.ledger import LeadItem, LedgerMissingError, new_record_id, record_actions

# Timestamps stay ISO text, as on SQLite: the report compares them as strings.
_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS leads (
        id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, created_at TEXT NOT NULL,
        items TEXT NOT NULL, contact TEXT NOT NULL, language TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS handoffs (
        id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, created_at TEXT NOT NULL,
        reason TEXT NOT NULL, summary TEXT NOT NULL, contact TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS turns (
        thread_id TEXT NOT NULL, created_at TEXT NOT NULL, role TEXT NOT NULL, intent TEXT NOT NULL,
        confidence DOUBLE PRECISION NOT NULL, language TEXT NOT NULL, products TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS turns_created ON turns (created_at)",
    "CREATE INDEX IF NOT EXISTS leads_thread ON leads (thread_id)",
    "CREATE INDEX IF NOT EXISTS handoffs_thread ON handoffs (thread_id)",
]


class PostgresLedger:
    """Opening connects to nothing. ``pooled`` (a long-lived worker): a pool opens on first use
    and reconnects after a database restart; otherwise (the report, privacy tools) each call
    connects once."""

    def __init__(self, conninfo: str, pooled: bool = False, max_connections: int = 4) -> None:
        self.conninfo = conninfo
        self._connections = Connections(conninfo, pooled, max_connections)

    def migrate(self) -> PostgresLedger:
        with psycopg.connect(self.conninfo) as connection, migration_lock(connection):
            for statement in _SCHEMA:
                connection.execute(statement)
        return self

    def close(self) -> None:
        self._connections.close()

    @contextmanager
    def _connect(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        try:
            with self._connections.connection() as connection, connection.transaction():
                yield connection
        except psycopg.errors.UndefinedTable as error:
            raise LedgerMissingError(
                f"no sales ledger in {shown(self.conninfo)} yet: an app worker creates it when it starts"
            ) from error

    def add_lead(
        self,
        thread_id: str,
        items: list[LeadItem],
        contact: dict[str, str],
        language: str,
        lead_id: str | None = None,
    ) -> str:
        lead_id = lead_id or new_record_id("lead")
        payload = json.dumps([item.__dict__ for item in items], ensure_ascii=False)
        with self._connect() as db:
            db.execute(
                "INSERT INTO leads VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                (lead_id, thread_id, _now(), payload, json.dumps(contact), language),
            )
        return lead_id

    def add_handoff(
        self, thread_id: str, reason: str, summary: str, contact: dict[str, str], ticket: str | None = None
    ) -> str:
        ticket = ticket or new_record_id("handoff")
        with self._connect() as db:
            db.execute(
                "INSERT INTO handoffs VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                (ticket, thread_id, _now(), reason, summary, json.dumps(contact)),
            )
        return ticket

    def record_actions(self, thread_id: str, actions: list[dict[str, Any]]) -> None:
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
        with self._connect() as db:
            db.execute(
                "INSERT INTO turns VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (thread_id, _now(), role, intent, confidence, language, json.dumps(products)),
            )

    def turns(self, since: str, until: str) -> list[dict[str, Any]]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM turns WHERE created_at >= %s AND created_at < %s ORDER BY created_at",
                (since, until),
            ).fetchall()
        for row in rows:
            row["products"] = json.loads(row["products"])
        return rows

    def delete_threads(self, thread_ids: list[str]) -> dict[str, int]:
        with self._connect() as db:
            deleted = {
                table: db.execute(f"DELETE FROM {table} WHERE thread_id = ANY(%s)", (thread_ids,)).rowcount
                for table in ("leads", "handoffs")
            }
            db.execute("DELETE FROM turns WHERE thread_id = ANY(%s)", (thread_ids,))
        return deleted

    def leads(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        return self._rows("leads", thread_id, ("items", "contact"))

    def handoffs(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        return self._rows("handoffs", thread_id, ("contact",))

    def _rows(self, table: str, thread_id: str | None, json_columns: tuple[str, ...]) -> list[dict[str, Any]]:
        where = " WHERE thread_id = %s" if thread_id else ""
        with self._connect() as db:
            rows = db.execute(
                f"SELECT * FROM {table}{where} ORDER BY created_at", (thread_id,) if thread_id else ()
            ).fetchall()
        for row in rows:
            for column in json_columns:
                row[column] = json.loads(row[column])
        return rows

    def rows_for_threads(self, thread_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        with self._connect() as db:
            return {
                table: db.execute(
                    f"SELECT * FROM {table} WHERE thread_id = ANY(%s)", (thread_ids,)
                ).fetchall()
                for table in ("leads", "handoffs")
            }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")  # the SQLite ledger's format
