"""The sales ledger: its schema is created by an explicit step, and reading never writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.consult.ledger import LeadItem, LedgerMissingError, SalesLedger


def test_opening_a_ledger_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "sales.sqlite"
    SalesLedger(path)
    assert not path.parent.exists()


def test_reading_a_missing_ledger_names_it_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sales.sqlite"
    ledger = SalesLedger(path)
    for read in (ledger.leads, ledger.handoffs, lambda: ledger.turns("2000-01-01", "2100-01-01")):
        with pytest.raises(LedgerMissingError, match=str(path)):
            read()
    assert list(tmp_path.iterdir()) == []


def test_writing_before_the_migration_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(LedgerMissingError, match="yet"):
        SalesLedger(tmp_path / "sales.sqlite").add_handoff("t1", "asked for a person", "", {})
    assert list(tmp_path.iterdir()) == []


def test_migrate_creates_the_schema_once_and_keeps_the_rows(tmp_path: Path) -> None:
    ledger = SalesLedger(tmp_path / "var" / "sales.sqlite")
    ledger.migrate()
    lead = ledger.add_lead(
        "t1", [LeadItem("LAP-001", "Voltix AirBook 13", 1, 899.0)], {"email": "a@b.co"}, "en"
    )
    ledger.migrate()  # idempotent: every start-up runs it
    assert [row["id"] for row in ledger.leads("t1")] == [lead]


def test_reading_does_not_change_the_file(tmp_path: Path) -> None:
    ledger = SalesLedger(tmp_path / "sales.sqlite")
    ledger.migrate()
    ledger.add_turn("t1", "customer", "price_inquiry", 0.9, "en", [])
    before = ledger.path.read_bytes()
    assert len(ledger.turns("2000-01-01", "2100-01-01")) == 1
    assert ledger.leads() == [] == ledger.rows_for_threads(["t1"])["handoffs"]
    # A read-only connection may leave SQLite's WAL index (-shm, -wal) beside it; the data is untouched.
    assert ledger.path.read_bytes() == before
