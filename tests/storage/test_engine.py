"""Where stores live: DATABASE_URL checked in one clear line that never shows the password, and
SQLite files written by the stores before they shared one schema open as they are."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from agent.ingestion.orders import OrderRow
from agent.storage.desk import CLOSED, HandoffDesk
from agent.storage.engine import DatabaseUnreachableError, check_database, conninfo
from agent.storage.ledger import SalesLedger
from agent.storage.orders import OrdersStore
from tests.web.live import free_port

# The schemas the SQLite stores created before agent/storage (their own CREATE statements).
OLD_SALES = """
CREATE TABLE leads (id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, created_at TEXT NOT NULL,
    items TEXT NOT NULL, contact TEXT NOT NULL, language TEXT NOT NULL);
CREATE TABLE handoffs (id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, created_at TEXT NOT NULL,
    reason TEXT NOT NULL, summary TEXT NOT NULL, contact TEXT NOT NULL);
CREATE TABLE turns (thread_id TEXT NOT NULL, created_at TEXT NOT NULL, role TEXT NOT NULL,
    intent TEXT NOT NULL, confidence REAL NOT NULL, language TEXT NOT NULL, products TEXT NOT NULL);
CREATE INDEX turns_created ON turns (created_at);
CREATE TABLE live_handoffs (id INTEGER PRIMARY KEY AUTOINCREMENT, ticket TEXT NOT NULL,
    thread_id TEXT NOT NULL, language TEXT NOT NULL, reason TEXT NOT NULL, requested_at TEXT NOT NULL,
    status TEXT NOT NULL, taken_by TEXT, taken_name TEXT, staff_thread TEXT, taken_at TEXT,
    first_reply_at TEXT, ended_at TEXT, ended_by TEXT);
CREATE INDEX live_handoffs_thread ON live_handoffs (thread_id, status);
CREATE TABLE live_handoff_messages (handoff_id INTEGER NOT NULL, created_at TEXT NOT NULL,
    side TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL);
INSERT INTO leads VALUES ('L-OLD', 't-old', '2026-01-02T03:04:05+00:00',
    '[{"product_id": "LAP-001", "name": "AirBook", "quantity": 1, "unit_price": 899.0}]', '{}', 'en');
INSERT INTO live_handoffs (ticket, thread_id, language, reason, requested_at, status)
    VALUES ('H-OLD', 't-old', 'en', 'asked for a person', '2026-01-02T03:04:05.000001+00:00', 'waiting');
INSERT INTO live_handoff_messages VALUES (1, '2026-01-02T03:04:06+00:00', 'customer', 'Customer', 'hello?');
"""
OLD_ORDERS = """
CREATE TABLE orders (key TEXT PRIMARY KEY, day TEXT NOT NULL, product TEXT NOT NULL,
    quantity INTEGER NOT NULL, unit_price REAL, channel TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX orders_product_day ON orders (product, day);
INSERT INTO orders VALUES ('k1', '2026-11-01', 'LAP-001', 2, 899.0, 'web', 'old.csv');
"""


def test_files_made_before_the_shared_schema_open_and_keep_their_rows(tmp_path: Path) -> None:
    sales, orders = tmp_path / "sales.sqlite", tmp_path / "orders.sqlite"
    for path, script in ((sales, OLD_SALES), (orders, OLD_ORDERS)):
        with sqlite3.connect(path) as db:
            db.executescript(script)
    ledger, desk = SalesLedger(sales), HandoffDesk(sales)
    assert [lead["items"][0]["name"] for lead in ledger.leads()] == ["AirBook"]  # before any migration
    ledger.migrate()
    desk.migrate()  # adds what is new (the one-open-episode index), keeps the rest
    assert desk.request("H-OLD", "t-old", "asked again", "en") is None  # still open: not twice
    [old] = desk.waiting()
    desk.add_message(old.id, "staff", "sam", "Hi, Sam here.")
    assert [m["text"] for m in desk.messages(old.id)] == ["hello?", "Hi, Sam here."]
    assert desk.take(old.id, "sam", "Sam", "s1") and desk.end(old.id, "sam", CLOSED)
    assert desk.delete_threads(["t-old"]) == 1 and ledger.delete_threads(["t-old"])["leads"] == 1

    history = OrdersStore(orders).migrate()
    assert history.daily() == {"LAP-001": {date(2026, 11, 1): 2}}
    assert history.add("new.csv", [OrderRow(2, date(2026, 11, 2), "LAP-001", 1, None, "web", None)]) == 1
    assert history.daily(until=date(2026, 11, 2)) == {"LAP-001": {date(2026, 11, 1): 2}}
    with sqlite3.connect(orders) as db:  # the day still ISO text, as the old store wrote it
        assert db.execute("SELECT day FROM orders WHERE source = 'new.csv'").fetchone() == ("2026-11-02",)


def test_sqlalchemy_urls_become_psycopg_urls() -> None:
    assert conninfo("postgresql+asyncpg://u:p@h:5432/d") == "postgresql://u:p@h:5432/d"
    assert conninfo("postgres://u@h/d") == "postgresql://u@h/d"


def test_nothing_listening_is_named_without_the_password() -> None:
    url = f"postgresql://sales:s3cret@127.0.0.1:{free_port()}/sales"
    with pytest.raises(DatabaseUnreachableError) as caught:
        check_database(url, timeout_s=2)
    message = str(caught.value)
    assert message.startswith("DATABASE_URL=postgresql://sales:***@127.0.0.1") and "s3cret" not in message
    assert "\n" not in message


def test_not_a_postgresql_url() -> None:
    with pytest.raises(DatabaseUnreachableError, match="DATABASE_URL=.*is not a PostgreSQL URL"):
        check_database("mysql://root@localhost/shop")


def test_a_wrong_password_is_named(database_url: str) -> None:
    wrong = database_url.replace("sales:sales@", "sales:wrong@")
    with pytest.raises(DatabaseUnreachableError, match="DATABASE_URL=.*password authentication failed"):
        check_database(wrong)
