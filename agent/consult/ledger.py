"""The sales ledger as the consultant, the report and the privacy tools know it. There is one
implementation, on a SQLite file or the cluster's PostgreSQL: ``agent.storage.ledger``
(``agent.cluster.stores.open_ledger`` picks where), so ``Ledger`` is that class, not a protocol
repeating its methods."""

from __future__ import annotations

from agent.storage.ledger import LeadItem, LedgerMissingError, SalesLedger, new_record_id

Ledger = SalesLedger

__all__ = ["LeadItem", "Ledger", "LedgerMissingError", "SalesLedger", "new_record_id"]
