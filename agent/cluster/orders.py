"""The orders history in the cluster's PostgreSQL: the same keys, rows and answers as the SQLite
``OrdersStore``, so orders loaded through any worker (or ``ingest.py --orders`` run anywhere) are
what every worker forecasts from. Like the SQLite store, reading never creates the table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import psycopg

from agent.cluster.database import Connections, migration_lock, shown
from agent.ingestion.orders import OrderRow
from agent.insights.store import OrdersMissingError, order_values

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS orders (
        key TEXT PRIMARY KEY, day DATE NOT NULL, product TEXT NOT NULL, quantity INTEGER NOT NULL,
        unit_price DOUBLE PRECISION, channel TEXT NOT NULL, source TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS orders_product_day ON orders (product, day)",
]

# One statement for the whole file: a row already stored (or twice in the file) is skipped, and
# the row count is what was new. Two workers loading the same file at once add each row once.
_INSERT = """
INSERT INTO orders (key, day, product, quantity, unit_price, channel, source)
SELECT * FROM unnest(%s::text[], %s::date[], %s::text[], %s::int[], %s::float8[], %s::text[], %s::text[])
ON CONFLICT (key) DO NOTHING
"""


class PostgresOrders:
    """Opening connects to nothing; each call connects once (loads and forecasts are occasional)."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._connections = Connections(conninfo)

    def migrate(self) -> PostgresOrders:
        with psycopg.connect(self.conninfo) as connection, migration_lock(connection):
            for statement in _SCHEMA:
                connection.execute(statement)
        return self

    @contextmanager
    def _connect(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        try:
            with self._connections.connection() as connection, connection.transaction():
                yield connection
        except psycopg.errors.UndefinedTable as error:
            raise OrdersMissingError(
                f"no orders history in DATABASE_URL={shown(self.conninfo)} yet: "
                "load one with `python ingest.py --orders FILE`"
            ) from error

    def add(self, source: str, rows: list[OrderRow]) -> int:
        """Store ``rows`` of the file named ``source`` in one transaction; returns how many were new."""
        columns = [list(column) for column in zip(*order_values(source, rows), strict=True)] or [[]] * 7
        with self._connect() as db:
            return db.execute(_INSERT, columns).rowcount

    def daily(self, until: date | None = None) -> dict[str, dict[date, int]]:
        """Units sold per product and day (days with no sale are absent)."""
        query = "SELECT product, day, SUM(quantity) AS units FROM orders"
        query += " WHERE day < %s" if until else ""
        query += " GROUP BY product, day"
        history: dict[str, dict[date, int]] = {}
        with self._connect() as db:
            for row in db.execute(query, (until,) if until else ()).fetchall():
                history.setdefault(row["product"], {})[row["day"]] = int(row["units"])
        return history

    def count(self) -> int:
        with self._connect() as db:
            row = db.execute("SELECT COUNT(*) AS n FROM orders").fetchone()
        return int(row["n"]) if row else 0
