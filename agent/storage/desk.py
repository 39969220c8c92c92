"""Live handoffs: the queue of customers waiting for a person, who took each one, and the messages.

One row per episode (a customer asking for a person again after it ended opens a new one with the
same ticket), beside the ledger's ``handoffs`` requests. Queueing and taking are each one
conditional statement, so of two salespeople clicking at once (on any workers) exactly one gets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, inspect, literal_column, select, update

from agent.storage.engine import SchemaMissingError, Store, insert_new
from agent.storage.schema import CLOSED, DESK, OPEN, RETURNED, TAKEN, WAITING
from agent.storage.schema import live_handoff_deliveries as deliveries
from agent.storage.schema import live_handoff_messages as messages
from agent.storage.schema import live_handoffs as live

__all__ = ["CLOSED", "OPEN", "RETURNED", "TAKEN", "WAITING", "HandoffDesk", "LiveHandoff"]


@dataclass(frozen=True)
class LiveHandoff:
    id: int
    ticket: str
    thread_id: str
    language: str
    reason: str
    requested_at: str
    status: str
    taken_by: str | None = None
    taken_name: str | None = None
    staff_thread: str | None = None
    taken_at: str | None = None
    first_reply_at: str | None = None
    ended_at: str | None = None
    ended_by: str | None = None


class HandoffDesk(Store):
    """``where``: the ledger's SQLite file or the cluster's DATABASE_URL (``pooled``: a worker).
    ``migrate()`` at start-up creates the tables; nothing else does."""

    TABLES = DESK

    def _episodes(self, query: Any) -> list[LiveHandoff]:
        with self._db.begin() as db:
            return [LiveHandoff(**row) for row in db.execute(query).mappings()]

    def _one(self, query: Any) -> LiveHandoff | None:
        return next(iter(self._episodes(query)), None)

    def request(self, ticket: str, thread_id: str, reason: str, language: str) -> LiveHandoff | None:
        """Queue the conversation; None when it already has an open episode (nothing new to show)."""
        episode = {"ticket": ticket, "thread_id": thread_id, "language": language, "reason": reason}
        with self._db.begin() as db:
            queued = insert_new(db, live, live.c.thread_id, where=live.c.status.in_(OPEN))
            row = db.execute(queued.values(requested_at=_now(), status=WAITING, **episode).returning(live))
            found = row.mappings().first()
        return LiveHandoff(**found) if found else None

    def take(self, handoff_id: int, staff: str, display_name: str, staff_thread: str) -> LiveHandoff | None:
        """The handoff, now this salesperson's; None when someone else took it (or it ended) first."""
        taken = {"taken_by": staff, "taken_name": display_name, "staff_thread": staff_thread}
        return self._one(
            _change(handoff_id, live.c.status == WAITING, status=TAKEN, taken_at=_now(), **taken)
        )

    def end(self, handoff_id: int, staff: str, status: str) -> LiveHandoff | None:
        """Hand back (``RETURNED``) or close (``CLOSED``); only the salesperson holding it may."""
        if status not in (RETURNED, CLOSED):
            raise ValueError(f"status: {status!r} must be {RETURNED!r} or {CLOSED!r}")
        holding = (live.c.status == TAKEN) & (live.c.taken_by == staff)
        return self._one(_change(handoff_id, holding, status=status, ended_at=_now(), ended_by=staff))

    def get(self, handoff_id: int) -> LiveHandoff | None:
        return self._one(select(live).where(live.c.id == handoff_id))

    def open_for_customer(self, thread_id: str) -> LiveHandoff | None:
        return self._one(_latest(live.c.thread_id == thread_id, live.c.status.in_(OPEN)))

    def held_in(self, staff_thread: str, staff: str) -> LiveHandoff | None:
        """The conversation this salesperson holds from this staff chat, if any."""
        return self._one(
            _latest(live.c.staff_thread == staff_thread, live.c.taken_by == staff, live.c.status == TAKEN)
        )

    def waiting(self) -> list[LiveHandoff]:
        query = select(live).where(live.c.status == WAITING).order_by(live.c.requested_at, live.c.id)
        return self._episodes(query)

    def add_message(self, handoff_id: int, side: str, author: str, text: str) -> None:
        """Store a message of either side; the first staff message is the first human reply."""
        now = _now()
        with self._db.begin() as db:
            said = {"side": side, "author": author, "text": text}
            db.execute(messages.insert().values(handoff_id=handoff_id, created_at=now, **said))
            if side == "staff":
                first = (live.c.id == handoff_id) & live.c.first_reply_at.is_(None)
                db.execute(update(live).where(first).values(first_reply_at=now))

    def messages(self, handoff_id: int) -> list[dict[str, Any]]:
        with self._db.begin() as db:
            # In SQLite files made before ``seq``, the rowid is the same order (newer ones alias it).
            order = literal_column("rowid") if db.dialect.name == "sqlite" else messages.c.seq
            said = (messages.c.created_at, messages.c.side, messages.c.author, messages.c.text)
            query = select(*said).where(messages.c.handoff_id == handoff_id).order_by(order)
            return [dict(row) for row in db.execute(query).mappings()]

    def between(self, since: str, until: str) -> list[LiveHandoff]:
        """Episodes requested with ``since <= requested_at < until`` (ISO timestamps); none before
        the desk's tables exist (a ledger from before live handoffs, a cluster not started)."""
        when = live.c.requested_at
        try:
            return self._episodes(select(live).where(when >= since, when < until).order_by(live.c.id))
        except SchemaMissingError:
            return []

    def for_threads(self, thread_ids: list[str]) -> list[dict[str, Any]]:
        """These customers' handoff episodes with both sides' messages (privacy export)."""
        try:
            episodes = self._episodes(
                select(live).where(live.c.thread_id.in_(thread_ids)).order_by(live.c.id)
            )
        except SchemaMissingError:
            return []
        return [episode.__dict__ | {"messages": self.messages(episode.id)} for episode in episodes]

    def delete_threads(self, thread_ids: list[str]) -> int:
        """Forget these customers' handoffs, their messages and pending deliveries (privacy
        deletion, retention). Never creates a ledger just to delete from it."""
        try:
            with self._db.begin() as db:
                gone = delete(live).where(live.c.thread_id.in_(thread_ids)).returning(live.c.id)
                ids = list(db.execute(gone).scalars())
                db.execute(delete(messages).where(messages.c.handoff_id.in_(ids)))
                if inspect(db).has_table(deliveries.name):  # only where a relay made them
                    db.execute(delete(deliveries).where(deliveries.c.about.in_(thread_ids)))
        except SchemaMissingError:
            return 0
        return len(ids)


def _change(handoff_id: int, only_if: ColumnElement[bool], **values: Any) -> Any:
    """One conditional UPDATE returning the episode changed: the race between workers ends here."""
    return update(live).where(live.c.id == handoff_id, only_if).values(**values).returning(live)


def _latest(*conditions: ColumnElement[bool]) -> Any:
    return select(live).where(*conditions).order_by(live.c.id.desc())


def _now() -> str:
    # Microseconds: the time to a first reply in a test is well under a second.
    return datetime.now(UTC).isoformat(timespec="microseconds")
