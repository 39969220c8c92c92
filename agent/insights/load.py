"""Load orders files into the history: each file is read whole first (a bad row refuses it, naming
file and line), then its new rows are stored in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from agent.ingestion.orders import ORDER_SUFFIXES, OrderRow, read_orders
from agent.storage.orders import Orders


def order_files(paths: list[Path]) -> list[Path]:
    """The files named, and the orders files inside named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in ORDER_SUFFIXES)
        else:
            found.append(path)
    return found


def load_orders(store: Orders, paths: list[Path], source_names: list[str] | None = None) -> list[str]:
    """One summary line per file; raises SourceError before storing anything from a bad file.
    ``source_names``: how each file is known (an upload keeps its own name across re-uploads)."""
    store.migrate()
    files = order_files(paths)
    names = source_names or [p.name for p in files]
    parsed = [read_orders(path) for path in files]  # every file checked before any is stored
    lines = []
    for name, rows in zip(names, parsed, strict=True):
        added = store.add(name, rows)
        lines.append(f"{name}: {len(rows)} order rows, {added} new, {len(rows) - added} already stored")
    return lines


def histories_of(rows: list[OrderRow]) -> dict[str, dict[date, int]]:
    """Units per product and day, as ``OrdersStore.daily`` gives them (for a file not stored)."""
    histories: dict[str, dict[date, int]] = {}
    for row in rows:
        sales = histories.setdefault(row.product, {})
        sales[row.day] = sales.get(row.day, 0) + row.quantity
    return histories
