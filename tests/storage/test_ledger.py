"""The sales ledger on either backend: its tables are created by an explicit step, reading never
creates anything, and what is written round-trips and is deleted per conversation."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.storage.ledger import LeadItem, LedgerMissingError, SalesLedger
from tests.storage.conftest import tables_at

LATER = "2999-01-01"


def named(where: Path | str) -> str:
    """How a missing ledger's message names where: the file, or DATABASE_URL without its password."""
    return str(where) if isinstance(where, Path) else "DATABASE_URL=postgresql://sales:***@"


def test_opening_a_ledger_creates_nothing(where: Path | str) -> None:
    SalesLedger(where)
    assert tables_at(where) == []
    if isinstance(where, Path):
        assert not where.parent.exists()


def test_reading_a_missing_ledger_names_where_and_what_creates_it(where: Path | str) -> None:
    ledger = SalesLedger(where)
    for read in (ledger.leads, ledger.handoffs, lambda: ledger.turns("2000-01-01", "2100-01-01")):
        with pytest.raises(LedgerMissingError, match="an app worker creates it") as caught:
            read()
        assert named(where) in str(caught.value)
    assert tables_at(where) == []


def test_writing_before_the_migration_fails_clearly(where: Path | str) -> None:
    with pytest.raises(LedgerMissingError, match="yet"):
        SalesLedger(where).add_handoff("t1", "asked for a person", "", {})
    assert tables_at(where) == []


def test_migrate_creates_the_schema_once_and_keeps_the_rows(where: Path | str) -> None:
    ledger = SalesLedger(where)
    ledger.migrate()
    lead = ledger.add_lead(
        "t1", [LeadItem("LAP-001", "Voltix AirBook 13", 1, 899.0)], {"email": "a@b.co"}, "en"
    )
    ledger.migrate()  # idempotent: every start-up runs it
    assert [row["id"] for row in ledger.leads("t1")] == [lead]
    assert tables_at(where) == ["handoffs", "leads", "turns"]


def test_leads_handoffs_and_turns_round_trip_and_delete(where: Path | str) -> None:
    writer = SalesLedger(where, pooled=True).migrate()  # a worker's consultant
    reader = SalesLedger(where).migrate()  # the report on another machine; migrating again is a no-op
    item = LeadItem("LAP-001", "Voltix AirBook 13", 1, 899.0)
    lead = writer.add_lead("t1", [item], {"email": "a@b.example"}, "en", lead_id="L-RETRY")
    assert writer.add_lead("t1", [item], {"email": "a@b.example"}, "en", lead_id=lead) == lead  # retried
    writer.record_actions(
        "t2",
        [
            {"type": "handoff", "id": "H-1", "reason": "asked for a person", "summary": "wants a call"}
            | {"contact": {"phone": "555"}}
        ],
    )
    writer.add_turn("t1", "customer", "recommendation", 0.9, "en", [{"id": "LAP-001", "name": "AirBook"}])

    leads = reader.leads()
    assert [(row["id"], row["items"][0]["name"], row["contact"]) for row in leads] == [
        ("L-RETRY", "Voltix AirBook 13", {"email": "a@b.example"})
    ]
    assert reader.handoffs("t2")[0]["summary"] == "wants a call" and reader.handoffs("t1") == []
    turns = reader.turns("2000-01-01", LATER)
    assert turns[0]["products"] == [{"id": "LAP-001", "name": "AirBook"}] and turns[0]["confidence"] == 0.9
    assert reader.turns(LATER, "3000-01-01") == []
    stored = reader.rows_for_threads(["t1"])
    assert (
        set(stored) == {"leads", "handoffs"} and stored["leads"][0]["contact"] == '{"email": "a@b.example"}'
    )

    assert reader.delete_threads(["t1", "t2"]) == {"leads": 1, "handoffs": 1}
    assert writer.leads() == [] and writer.turns("2000-01-01", LATER) == []
    writer.close()
    reader.close()


def test_reading_does_not_change_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sales.sqlite"
    ledger = SalesLedger(path)
    ledger.migrate()
    ledger.add_turn("t1", "customer", "price_inquiry", 0.9, "en", [])
    before = path.read_bytes()
    assert len(ledger.turns("2000-01-01", "2100-01-01")) == 1
    assert ledger.leads() == [] == ledger.rows_for_threads(["t1"])["handoffs"]
    # A read-only connection may leave SQLite's WAL index (-shm, -wal) beside it; the data is untouched.
    assert path.read_bytes() == before
