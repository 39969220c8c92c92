"""The orders history: incremental loads (a row already stored is never added twice, also when two
workers load the same file at once) and the daily quantities the forecast reads. Like the sales
ledger, reading never creates the file or the table."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select

from agent.ingestion.orders import OrderRow
from agent.storage.engine import SchemaMissingError, Store, insert_new
from agent.storage.schema import orders


class OrdersMissingError(SchemaMissingError):
    """No orders history yet; the message names the file (or database) and how to load one."""


def order_values(source: str, rows: list[OrderRow]) -> list[dict[str, Any]]:
    """The stored rows of the file named ``source``. A row's key is its order id and product (an
    order has one line per product, as shop exports write it), else its content; either with how
    many such rows came before it in the file, so re-running a file (or the same file with rows
    appended or reordered) only adds what is new."""
    seen: Counter[tuple[object, ...]] = Counter()
    values: list[dict[str, Any]] = []
    for row in rows:
        content = (row.day.isoformat(), row.product, row.quantity, row.unit_price, row.channel)
        line = ("order", row.order_id, row.product) if row.order_id else (source, *content)
        seen[line] += 1
        key = hashlib.sha1(f"{line}|{seen[line]}".encode()).hexdigest()
        values.append(
            {"key": key, "day": row.day, "product": row.product, "quantity": row.quantity}
            | {"unit_price": row.unit_price, "channel": row.channel, "source": source}
        )
    return values


class OrdersStore(Store):
    """``where``: the SQLite file or the cluster's DATABASE_URL; each call connects once (loads
    and forecasts are occasional)."""

    TABLES = (orders,)

    def _missing(self) -> OrdersMissingError:
        return OrdersMissingError(
            f"no orders history at {self._db.where} yet: load one with `python ingest.py --orders FILE`"
        )

    def add(self, source: str, rows: list[OrderRow]) -> int:
        """Store ``rows`` of the file named ``source`` in one transaction; returns how many were new
        (see ``order_values`` for what counts as already stored)."""
        values = order_values(source, rows)
        if not values:
            return 0
        with self._db.begin(self._missing) as db:
            added = insert_new(db, orders, orders.c.key).returning(orders.c.key)
            return len(db.execute(added, values).all())

    def daily(self, until: date | None = None) -> dict[str, dict[date, int]]:
        """Units sold per product and day (days with no sale are absent)."""
        query = select(orders.c.product, orders.c.day, func.sum(orders.c.quantity))
        if until:
            query = query.where(orders.c.day < until)
        history: dict[str, dict[date, int]] = {}
        with self._db.begin(self._missing) as db:
            for product, day, quantity in db.execute(query.group_by(orders.c.product, orders.c.day)):
                history.setdefault(product, {})[day] = int(quantity)
        return history

    def count(self) -> int:
        with self._db.begin(self._missing) as db:
            return int(db.execute(select(func.count()).select_from(orders)).scalar_one())


Orders = OrdersStore  # the name the loaders and ``open_orders`` use: one store on both backends
