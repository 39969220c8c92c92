"""Leads (order requests), handoff requests and the analytics turns, for the sales team.

A lead keeps only the contact details the customer gave for that purpose. The tables are created
by ``migrate()`` at start-up, never on the way: a reader (the report) must not create a database.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, select

from agent.storage.engine import SchemaMissingError, Store, insert_new
from agent.storage.schema import LEDGER, handoffs, leads, turns


@dataclass(frozen=True)
class LeadItem:
    product_id: str
    name: str
    quantity: int
    unit_price: float | None


class LedgerMissingError(SchemaMissingError):
    """The ledger file or its tables do not exist yet; the message names where and the fix."""


class SalesLedger(Store):
    """``where``: the SQLite file, or the cluster's DATABASE_URL (``pooled``: a long-lived worker's
    consultant). Opening touches nothing; ``migrate()`` is the one call that creates anything."""

    TABLES = LEDGER

    def _missing(self) -> LedgerMissingError:
        return LedgerMissingError(
            f"no sales ledger at {self._db.where} yet: an app worker creates it when it starts "
            "(`make run`, or the terminal chat)"
        )

    def _write(self, table: Table, **row: Any) -> None:
        with self._db.begin(self._missing) as db:
            db.execute(insert_new(db, table, table.c.id).values(created_at=_now(), **row))

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
        self._write(
            leads,
            id=lead_id,
            thread_id=thread_id,
            items=payload,
            contact=json.dumps(contact),
            language=language,
        )
        return lead_id

    def add_handoff(
        self, thread_id: str, reason: str, summary: str, contact: dict[str, str], ticket: str | None = None
    ) -> str:
        ticket = ticket or new_record_id("handoff")
        self._write(
            handoffs,
            id=ticket,
            thread_id=thread_id,
            reason=reason,
            summary=summary,
            contact=json.dumps(contact),
        )
        return ticket

    def record_actions(self, thread_id: str, actions: list[dict[str, Any]]) -> None:
        """Store the leads and handoffs a committed turn decided (``agent.consult.actions``), once:
        their ids were chosen when the turn was planned, so a retried commit adds nothing."""
        for action in actions:
            if action["type"] == "lead":
                items = [LeadItem(**item) for item in action["items"]]
                self.add_lead(thread_id, items, action["contact"], action["language"], action["id"])
            elif action["type"] == "handoff":
                self.add_handoff(
                    thread_id, action["reason"], action["summary"], action["contact"], action["id"]
                )

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
        row = {"role": role, "intent": intent, "confidence": confidence, "language": language}
        with self._db.begin(self._missing) as db:
            db.execute(
                turns.insert().values(
                    thread_id=thread_id, created_at=_now(), products=json.dumps(products), **row
                )
            )

    def turns(self, since: str, until: str) -> list[dict[str, Any]]:
        """Turns with ``since <= created_at < until`` (ISO timestamps)."""
        when = turns.c.created_at
        return self._rows(select(turns).where(when >= since, when < until).order_by(when), ("products",))

    def delete_threads(self, thread_ids: list[str]) -> dict[str, int]:
        """Forget these conversations: their leads, handoffs and analytics (privacy deletion and
        retention). Returns the leads and handoffs deleted."""
        with self._db.begin(self._missing) as db:
            db.execute(delete(turns).where(turns.c.thread_id.in_(thread_ids)))
            return {
                table.name: db.execute(delete(table).where(table.c.thread_id.in_(thread_ids))).rowcount
                for table in (leads, handoffs)
            }

    def leads(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        return self._rows(_of(leads, thread_id), ("items", "contact"))

    def handoffs(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        return self._rows(_of(handoffs, thread_id), ("contact",))

    def _rows(self, query: Any, json_columns: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        with self._db.begin(self._missing) as db:
            rows = [dict(row) for row in db.execute(query).mappings()]
        for row in rows:
            for column in json_columns:
                row[column] = json.loads(row[column])
        return rows

    def rows_for_threads(self, thread_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The leads and handoffs of these conversations, as stored (a privacy export)."""
        return {
            table.name: self._rows(select(table).where(table.c.thread_id.in_(thread_ids)))
            for table in (leads, handoffs)
        }


def _of(table: Table, thread_id: str | None) -> Any:
    query = select(table).order_by(table.c.created_at)
    return query.where(table.c.thread_id == thread_id) if thread_id else query


def new_record_id(kind: str) -> str:
    """A lead (``L-...``) or handoff (``H-...``) id, chosen when the turn is planned."""
    return ("L-" if kind == "lead" else "H-") + uuid.uuid4().hex[:8].upper()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
