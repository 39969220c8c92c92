"""Orders files in: bad rows refused with file and line, re-runs add nothing twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from agent.ingestion.cli import main as ingest_cli
from agent.ingestion.orders import read_orders
from agent.ingestion.problems import SourceError
from agent.insights.load import load_orders
from agent.insights.store import OrdersMissingError, OrdersStore

GOOD = "date,sku,qty,unit_price,channel\n2026-11-01,LAP-001,2,$899.00,web\n2026-11-01,LAP-001,2,$899.00,web\n"


def test_bad_rows_are_named_by_file_and_line_and_nothing_is_stored(tmp_path: Path) -> None:
    bad = tmp_path / "orders.csv"
    bad.write_text(GOOD + "2026-13-01,LAP-001,1,,web\n2026-11-02,,1,,web\n2026-11-03,LAP-002,-1,,web\n")
    store = OrdersStore(tmp_path / "orders.sqlite")
    with pytest.raises(SourceError) as caught:
        load_orders(store, [bad])
    message = str(caught.value)
    assert message.startswith(f"{bad}:4: date '2026-13-01'")
    assert "line 5: the product id / SKU is empty" in message and "line 6: quantity '-1'" in message
    assert store.count() == 0  # the good rows of a refused file were not stored either


def test_json_lines_and_a_missing_column(tmp_path: Path) -> None:
    lines = tmp_path / "orders.jsonl"
    lines.write_text(
        '{"date": "2026-11-01", "product_id": "PHN-001", "quantity": 3}\n{"date": "2026-11-02"\n'
    )
    with pytest.raises(SourceError, match=r"orders\.jsonl:2: malformed JSON line"):
        read_orders(lines)
    no_quantity = tmp_path / "no_qty.csv"
    no_quantity.write_text("date,sku\n2026-11-01,LAP-001\n")
    with pytest.raises(SourceError, match=r"no_qty\.csv:1: no quantity column"):
        read_orders(no_quantity)


def test_rerunning_a_file_adds_nothing_twice_and_appended_rows_are_added(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(GOOD)
    store = OrdersStore(tmp_path / "orders.sqlite")
    assert "2 new" in load_orders(store, [path])[0]  # two identical orders on one day are two orders
    assert "0 new, 2 already stored" in load_orders(store, [path])[0]
    path.write_text(GOOD + "2026-11-02,LAP-001,1,$899.00,store\n")
    assert "1 new" in load_orders(store, [path])[0]
    assert store.daily()["LAP-001"] == {date(2026, 11, 1): 4, date(2026, 11, 2): 1}


def test_ingest_cli_loads_orders_and_reports_a_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SALES_ORDERS_DB", str(tmp_path / "orders.sqlite"))
    path = tmp_path / "orders.csv"
    path.write_text(GOOD)
    assert ingest_cli(["--orders", str(path)]) == 0
    assert "2 order rows, 2 new" in capsys.readouterr().out
    path.write_text("date,sku,qty\n2026-11-01,LAP-001,two\n")
    assert ingest_cli(["--orders", str(path)]) == 1
    assert f"{path}:2: quantity 'two' is not a number" in capsys.readouterr().err


def test_reading_a_missing_history_says_how_to_load_one_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(OrdersMissingError, match="ingest.py --orders"):
        OrdersStore(tmp_path / "orders.sqlite").daily()
    assert list(tmp_path.iterdir()) == []


def test_an_order_with_several_lines_keeps_every_line(tmp_path: Path) -> None:
    # Shop exports (Shopify, WooCommerce) repeat the order id on each line item.
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,date,sku,qty\n#1001,2026-11-01,LAP-001,1\n#1001,2026-11-01,AUD-002,2\n#1002,2026-11-01,LAP-001,1\n"
    )
    store = OrdersStore(tmp_path / "orders.sqlite")
    assert "3 new" in load_orders(store, [path])[0]
    assert "0 new, 3 already stored" in load_orders(store, [path])[0]
    daily = store.daily()
    assert daily["LAP-001"] == {date(2026, 11, 1): 2} and daily["AUD-002"] == {date(2026, 11, 1): 2}
