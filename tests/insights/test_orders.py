"""Orders files in: bad rows refused with file and line (the store itself: tests/storage)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.ingestion.cli import main as ingest_cli
from agent.ingestion.orders import read_orders
from agent.ingestion.problems import SourceError
from agent.insights.load import load_orders
from agent.storage.orders import OrdersStore

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
