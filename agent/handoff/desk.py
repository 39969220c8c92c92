"""The desk the live-handoff code works with: ``agent.storage.desk.HandoffDesk``, on the ledger's
SQLite file or the cluster's PostgreSQL (``agent/cluster/stores.py`` picks where). One
implementation on both, so ``Desk`` is that class rather than a protocol repeating its methods."""

from __future__ import annotations

from agent.storage.desk import HandoffDesk

Desk = HandoffDesk
