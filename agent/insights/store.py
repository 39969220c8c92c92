"""The orders history in SQLite: incremental loads (a row already stored is never added twice)
and the daily quantities the forecast reads. Like the sales ledger, reading never creates the file."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from typing import Protocol

from agent.ingestion.orders import OrderRow

_SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    key TEXT PRIMARY KEY, day TEXT NOT NULL, product TEXT NOT NULL, quantity INTEGER NOT NULL,
    unit_price REAL, channel TEXT NOT NULL, source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_product_day ON orders (product, day);
"""


class OrdersMissingError(RuntimeError):
    """No orders history yet; the message names the file (or database) and how to load one."""


class Orders(Protocol):
    """An orders history: this SQLite file, or the cluster's PostgreSQL (agent/cluster/orders.py)."""

    def migrate(self) -> Orders: ...

    def add(self, source: str, rows: list[OrderRow]) -> int: ...

    def daily(self, until: date | None = None) -> dict[str, dict[date, int]]: ...

    def count(self) -> int: ...


OrderValues = tuple[str, str, str, int, float | None, str, str]


def order_values(source: str, rows: list[OrderRow]) -> list[OrderValues]:
    """The stored rows (key, day, product, quantity, unit price, channel, source) of the file named
    ``source``. A row's key is its order id and product (an order has one line per product, as
    shop exports write it), else its content; either with how many such rows came before it in the
    file, so re-running a file (or the same file with rows appended or reordered) only adds what is new."""
    seen: Counter[tuple[object, ...]] = Counter()
    values: list[OrderValues] = []
    for row in rows:
        content = (row.day.isoformat(), row.product, row.quantity, row.unit_price, row.channel)
        line = ("order", row.order_id, row.product) if row.order_id else (source, *content)
        seen[line] += 1
        key = f"{line}|{seen[line]}"
        values.append((hashlib.sha1(key.encode()).hexdigest(), *content, source))
    return values


class OrdersStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def migrate(self) -> OrdersStore:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10.0)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
        return self

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        if not self.path.exists():
            raise OrdersMissingError(
                f"no orders history at {self.path} yet: load one with `python ingest.py --orders FILE`"
            )
        uri = f"{self.path.absolute().as_uri()}?mode={'rw' if write else 'ro'}"
        db = sqlite3.connect(uri, uri=True, timeout=10.0)
        try:
            with db:
                yield db
        finally:
            db.close()

    def add(self, source: str, rows: list[OrderRow]) -> int:
        """Store ``rows`` of the file named ``source`` in one transaction; returns how many were new
        (see ``order_values`` for what counts as already stored)."""
        with self._connect(write=True) as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)", order_values(source, rows)
            )
            return db.total_changes - before

    def daily(self, until: date | None = None) -> dict[str, dict[date, int]]:
        """Units sold per product and day (days with no sale are absent)."""
        query = "SELECT product, day, SUM(quantity) FROM orders"
        query += " WHERE day < ?" if until else ""
        query += " GROUP BY product, day"
        history: dict[str, dict[date, int]] = {}
        with self._connect() as db:
            for product, day, quantity in db.execute(query, (until.isoformat(),) if until else ()):
                history.setdefault(product, {})[date.fromisoformat(day)] = int(quantity)
        return history

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM orders").fetchone()[0])
