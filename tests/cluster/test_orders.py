"""The orders history in PostgreSQL: what is loaded through one worker or the CLI is what every
worker forecasts from, re-runs add nothing twice, and it answers as the SQLite history does."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import psycopg
import pytest

from agent.cluster.orders import PostgresOrders
from agent.ingestion.cli import main as ingest_cli
from agent.insights.demand import build_view
from agent.insights.load import load_orders
from agent.insights.store import OrdersMissingError, OrdersStore
from agent.settings import Settings
from tests.conftest import ROOT
from tests.web.live import free_port

SAMPLE = ROOT / "knowledge" / "orders" / "orders.csv"
GOOD = "date,sku,qty,unit_price,channel\n2026-11-01,TST-001,2,$9.00,web\n2026-11-01,TST-001,2,$9.00,web\n"


def test_a_history_never_loaded_says_how_to_load_one_and_creates_nothing(database_url: str) -> None:
    with pytest.raises(
        OrdersMissingError, match=r"DATABASE_URL=postgresql://sales:\*\*\*@.*ingest\.py --orders"
    ):
        PostgresOrders(database_url).daily()
    with psycopg.connect(database_url) as db:
        assert db.execute("SELECT to_regclass('orders')").fetchone() == (None,)


def test_rerunning_a_file_adds_nothing_twice_and_appended_rows_are_added(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(GOOD)
    store = PostgresOrders(database_url)
    assert "2 new" in load_orders(store, [path])[0]  # two identical orders on one day are two orders
    assert "0 new, 2 already stored" in load_orders(store, [path])[0]
    path.write_text(GOOD + "2026-11-02,TST-001,1,,store\n")  # no price: stored as unknown
    assert "1 new" in load_orders(store, [path])[0]
    assert store.daily()["TST-001"] == {date(2026, 11, 1): 4, date(2026, 11, 2): 1}
    assert store.daily(until=date(2026, 11, 2))["TST-001"] == {date(2026, 11, 1): 4}


def test_two_workers_loading_the_same_history_at_once_store_it_once_and_forecast_as_sqlite(
    database_url: str, tmp_path: Path
) -> None:
    added: list[str] = []

    def upload() -> None:  # each worker has its own store object, as on two machines
        added.extend(load_orders(PostgresOrders(database_url), [SAMPLE]))

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    laptop = OrdersStore(tmp_path / "orders.sqlite")
    [line] = load_orders(laptop, [SAMPLE])
    rows = laptop.count()
    news = sorted(int(text.split(", ")[1].split()[0]) for text in added)
    assert news == [0, rows] and f"{rows} new" in line  # each order stored by one of the two
    cluster = PostgresOrders(database_url).daily()
    cluster.pop("TST-001", None)  # the other test's rows
    assert cluster == laptop.daily()


def test_orders_loaded_by_the_cli_are_in_the_forecast_and_no_local_file_is_written(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SALES_DATABASE_URL", database_url)
    monkeypatch.setenv("SALES_ORDERS_DB", str(tmp_path / "orders.sqlite"))
    path = tmp_path / "week.csv"
    path.write_text("date,sku,qty\n2026-11-03,TST-002,5\n2026-11-04,TST-002,1\n")
    assert ingest_cli(["--orders", str(path)]) == 0
    assert "2 order rows, 2 new" in capsys.readouterr().out
    view = build_view(Settings(_env_file=None))  # type: ignore[call-arg]  # what any worker shows
    assert view.histories["TST-002"] == {date(2026, 11, 3): 5, date(2026, 11, 4): 1}
    assert not (tmp_path / "orders.sqlite").exists()

    monkeypatch.setenv("SALES_DATABASE_URL", f"postgresql://sales:s3cret@127.0.0.1:{free_port()}/sales")
    assert ingest_cli(["--orders", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: DATABASE_URL=postgresql://sales:***@127.0.0.1") and "s3cret" not in error
