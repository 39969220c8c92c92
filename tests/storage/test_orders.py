"""The orders history on either backend: re-runs add nothing twice, an order keeps each of its
lines, two workers loading the same file at once store it once, and reading a history never
loaded says how to load one and creates nothing."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from agent.insights.load import load_orders
from agent.storage.orders import OrdersMissingError, OrdersStore
from tests.conftest import ROOT
from tests.storage.conftest import tables_at

SAMPLE = ROOT / "knowledge" / "orders" / "orders.csv"
GOOD = "date,sku,qty,unit_price,channel\n2026-11-01,LAP-001,2,$899.00,web\n2026-11-01,LAP-001,2,$899.00,web\n"


def test_a_history_never_loaded_says_how_to_load_one_and_creates_nothing(where: Path | str) -> None:
    named = str(where) if isinstance(where, Path) else r"DATABASE_URL=postgresql://sales:\*\*\*@"
    for read in (OrdersStore(where).daily, OrdersStore(where).count):
        with pytest.raises(OrdersMissingError, match=rf"{named}.*ingest\.py --orders"):
            read()
    assert tables_at(where) == []
    if isinstance(where, Path):
        assert not where.parent.exists()


def test_rerunning_a_file_adds_nothing_twice_and_appended_rows_are_added(
    where: Path | str, tmp_path: Path
) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(GOOD)
    store = OrdersStore(where)
    assert "2 new" in load_orders(store, [path])[0]  # two identical orders on one day are two orders
    assert "0 new, 2 already stored" in load_orders(store, [path])[0]
    path.write_text(GOOD + "2026-11-02,LAP-001,1,,store\n")  # no price: stored as unknown
    assert "1 new" in load_orders(store, [path])[0]
    assert store.daily()["LAP-001"] == {date(2026, 11, 1): 4, date(2026, 11, 2): 1}
    assert store.daily(until=date(2026, 11, 2))["LAP-001"] == {date(2026, 11, 1): 4}
    assert store.add("empty.csv", []) == 0 and store.count() == 3


def test_an_order_with_several_lines_keeps_every_line(where: Path | str, tmp_path: Path) -> None:
    # Shop exports (Shopify, WooCommerce) repeat the order id on each line item.
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,date,sku,qty\n#1001,2026-11-01,LAP-001,1\n#1001,2026-11-01,AUD-002,2\n#1002,2026-11-01,LAP-001,1\n"
    )
    store = OrdersStore(where)
    assert "3 new" in load_orders(store, [path])[0]
    assert "0 new, 3 already stored" in load_orders(store, [path])[0]
    daily = store.daily()
    assert daily["LAP-001"] == {date(2026, 11, 1): 2} and daily["AUD-002"] == {date(2026, 11, 1): 2}


def test_two_workers_loading_the_same_history_at_once_store_it_once_and_forecast_alike(
    where: Path | str, tmp_path: Path
) -> None:
    added: list[str] = []

    def upload() -> None:  # each worker has its own store object, as on two machines
        added.extend(load_orders(OrdersStore(where), [SAMPLE]))

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    alone = OrdersStore(tmp_path / "alone.sqlite")
    [line] = load_orders(alone, [SAMPLE])
    rows = alone.count()
    news = sorted(int(text.split(", ")[1].split()[0]) for text in added)
    assert news == [0, rows] and f"{rows} new" in line  # each order stored by one of the two
    assert OrdersStore(where).daily() == alone.daily() and OrdersStore(where).count() == rows
