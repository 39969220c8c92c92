"""Drafts for salespeople, reviewed by a person: each draft is stored when it is made, then
approved (with the reviewer's edits, by whom and when) or discarded. Nothing here sends anything:
an approved draft is words a salesperson may use.

They live beside the sales ledger (its file, or the cluster's DATABASE_URL), so the report counts
them; reading never creates the tables."""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, update

from agent.storage.engine import SchemaMissingError, Store
from agent.storage.schema import DRAFTS, drafts


class DraftStatus(StrEnum):
    MADE = "made"
    APPROVED = "approved"
    DISCARDED = "discarded"


class DraftsMissingError(SchemaMissingError):
    """The drafts table does not exist yet (no app worker has started)."""


@dataclass(frozen=True)
class Draft:
    id: str
    thread_id: str
    created_at: str
    author: str
    kind: str
    language: str
    text: str
    facts: list[str]
    status: DraftStatus
    reviewed_by: str | None = None
    reviewed_at: str | None = None


class DraftBook(Store):
    TABLES = DRAFTS

    def _missing(self) -> DraftsMissingError:
        return DraftsMissingError(
            f"no drafts at {self._db.where} yet: an app worker creates them when it starts"
        )

    def add(self, thread_id: str, author: str, kind: str, language: str, text: str, facts: list[str]) -> str:
        """Store a draft just made (not yet reviewed); returns its id."""
        draft_id = "D-" + uuid.uuid4().hex[:8].upper()
        row = {"thread_id": thread_id, "author": author, "kind": kind, "language": language, "text": text}
        with self._db.begin(self._missing) as db:
            db.execute(
                drafts.insert().values(
                    id=draft_id, created_at=_now(), facts=json.dumps(facts), status=DraftStatus.MADE, **row
                )
            )
        return draft_id

    def review(self, draft_id: str, status: DraftStatus, reviewer: str, text: str | None = None) -> bool:
        """Approve (with ``text``: the reviewer's edits) or discard a draft still waiting for review;
        False when there is no such draft or it was reviewed already (a second click changes nothing)."""
        values: dict[str, Any] = {"status": status, "reviewed_by": reviewer, "reviewed_at": _now()}
        if text is not None:
            values["text"] = text
        waiting = (drafts.c.id == draft_id) & (drafts.c.status == DraftStatus.MADE)
        with self._db.begin(self._missing) as db:
            return bool(db.execute(update(drafts).where(waiting).values(**values)).rowcount)

    def get(self, draft_id: str) -> Draft | None:
        found = self._select(select(drafts).where(drafts.c.id == draft_id))
        return found[0] if found else None

    def approved(self, author: str | None = None) -> list[Draft]:
        """Approved drafts, oldest first: one salesperson's (``author``), or everyone's (admins)."""
        query = select(drafts).where(drafts.c.status == DraftStatus.APPROVED).order_by(drafts.c.created_at)
        return self._select(query.where(drafts.c.author == author) if author else query)

    def counts(self, since: str, until: str) -> dict[str, int]:
        """Drafts made in ``[since, until)`` and how many of them were approved (0 before any)."""
        made = (drafts.c.created_at >= since) & (drafts.c.created_at < until)
        query = select(drafts.c.status, func.count()).where(made).group_by(drafts.c.status)
        try:
            with self._db.begin(self._missing) as db:
                by_status = {str(status): int(n) for status, n in db.execute(query)}
        except DraftsMissingError:
            by_status = {}
        return {"made": sum(by_status.values()), "approved": by_status.get(DraftStatus.APPROVED, 0)}

    def _select(self, query: Any) -> list[Draft]:
        with self._db.begin(self._missing) as db:
            rows = [dict(row) for row in db.execute(query).mappings()]
        return [
            Draft(**(row | {"facts": json.loads(row["facts"]), "status": DraftStatus(row["status"])}))
            for row in rows
        ]


def as_csv(items: list[Draft]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["id", "created_at", "author", "kind", "language", "reviewed_by", "reviewed_at", "text", "facts"]
    )
    for d in items:
        row = [d.id, d.created_at, d.author, d.kind, d.language, d.reviewed_by, d.reviewed_at, d.text]
        writer.writerow([*row, "; ".join(d.facts)])
    return out.getvalue()


def as_markdown(items: list[Draft]) -> str:
    parts = [
        f"## {d.kind} ({d.id})\n\n_{d.author}, approved by {d.reviewed_by} at {d.reviewed_at}_\n\n{d.text}"
        for d in items
    ]
    return "\n\n".join(parts) or "_No approved drafts yet._"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
