"""The PostgreSQL ledger keeps what the SQLite one keeps, and says clearly when it is not there yet."""

from __future__ import annotations

import pytest

from agent.cluster.ledger import PostgresLedger
from agent.consult.ledger import LeadItem, LedgerMissingError


def test_a_reader_before_start_up_is_told_to_start_a_worker(database_url: str) -> None:
    with pytest.raises(LedgerMissingError, match="an app worker creates it"):
        PostgresLedger(database_url).leads()


def test_leads_handoffs_and_turns_round_trip_and_delete(database_url: str) -> None:
    writer = PostgresLedger(database_url, pooled=True).migrate()  # a worker's consultant
    reader = PostgresLedger(
        database_url
    ).migrate()  # the report on another machine; migrating again is a no-op
    item = LeadItem("LAP-001", "Voltix AirBook 13", 1, 899.0)
    lead = writer.add_lead("t1", [item], {"email": "a@b.example"}, "en", lead_id="L-RETRY")
    assert writer.add_lead("t1", [item], {"email": "a@b.example"}, "en", lead_id=lead) == lead  # retried
    writer.add_handoff("t2", "asked for a person", "wants a call", {"phone": "555"})
    writer.add_turn("t1", "customer", "recommendation", 0.9, "en", [{"id": "LAP-001", "name": "AirBook"}])

    leads = reader.leads()
    assert [(row["id"], row["items"][0]["name"], row["contact"]) for row in leads] == [
        ("L-RETRY", "Voltix AirBook 13", {"email": "a@b.example"})
    ]
    assert reader.handoffs("t2")[0]["summary"] == "wants a call"
    turns = reader.turns("2000-01-01", "2999-01-01")
    assert turns[0]["products"] == [{"id": "LAP-001", "name": "AirBook"}]
    assert set(reader.rows_for_threads(["t1"])) == {"leads", "handoffs"}

    assert reader.delete_threads(["t1", "t2"]) == {"leads": 1, "handoffs": 1}
    assert writer.leads() == [] and writer.turns("2000-01-01", "2999-01-01") == []
    writer.close()
    reader.close()
