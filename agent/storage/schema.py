"""Every table of the app's own stores, declared once for SQLite and PostgreSQL.

The names, columns and timestamps (ISO text, compared as strings by the report) are those the
stores wrote before, so existing files and databases open as they are. Each store migrates only
its own tables: on a laptop the ledger, the desk and the orders live in different files.
"""

from __future__ import annotations

from sqlalchemy import (
    REAL,
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    func,
)

from agent.consult.state import STAFF_ROLES

metadata = MetaData()

# BIGSERIAL on PostgreSQL; on SQLite exactly INTEGER, so the key is the rowid as in older files.
_SERIAL = BigInteger().with_variant(Integer(), "sqlite")
WAITING, TAKEN, RETURNED, CLOSED = "waiting", "taken", "returned", "closed"
OPEN = (WAITING, TAKEN)


def _text(name: str, nullable: bool = False) -> Column[str]:
    return Column(name, Text, nullable=nullable)


def _record(name: str, *fields: str, more: tuple[Column[str] | Index, ...] = ()) -> Table:
    """A ledger record: its id, the conversation and when (ISO text), then text ``fields`` (and
    ``more`` columns and indexes)."""
    columns = (_text(field) for field in ("thread_id", "created_at", *fields))
    return Table(
        name,
        metadata,
        Column("id", Text, primary_key=True),
        *columns,
        Index(f"{name}_thread", "thread_id"),
        *more,
    )


leads = _record("leads", "items", "contact", "language")
handoffs = _record("handoffs", "reason", "summary", "contact")
turns = Table(  # analytics: labels and the products shown, never the customer's words
    "turns",
    metadata,
    *(_text(name) for name in ("thread_id", "created_at", "role", "intent")),
    Column("confidence", Float, nullable=False),
    _text("language"),
    _text("products"),
    Index("turns_created", "created_at"),
)

# Drafts written for salespeople (agent/storage/drafts.py): made, then approved (with a person's
# edits) or discarded; never sent anywhere by the app.
drafts = _record(
    "drafts",
    *("author", "kind", "language", "text", "facts", "status"),
    more=(
        _text("reviewed_by", nullable=True),
        _text("reviewed_at", nullable=True),
        Index("drafts_author", "author", "status"),
    ),
)

live_handoffs = Table(
    "live_handoffs",
    metadata,
    Column("id", _SERIAL, primary_key=True),
    *(_text(name) for name in ("ticket", "thread_id", "language", "reason", "requested_at", "status")),
    *(
        _text(name, nullable=True)
        for name in ("taken_by", "taken_name", "staff_thread", "taken_at", "first_reply_at", "ended_at")
    ),
    _text("ended_by", nullable=True),
    Index("live_handoffs_thread", "thread_id", "status"),
    sqlite_autoincrement=True,
)
# One open episode per conversation, even when two workers queue the same customer at once.
_open = live_handoffs.c.status.in_(OPEN)
Index(
    "live_handoffs_one_open",
    live_handoffs.c.thread_id,
    unique=True,
    postgresql_where=_open,
    sqlite_where=_open,
)
live_handoff_messages = Table(
    "live_handoff_messages",
    metadata,
    Column("seq", _SERIAL, primary_key=True),  # SQLite files from before have only their rowid
    Column("handoff_id", BigInteger, nullable=False),
    *(_text(name) for name in ("created_at", "side", "author", "text")),
    Index("live_handoff_messages_of", "handoff_id"),
)
# What one worker hands to the chats another holds (agent/cluster/relay.py): kept minutes.
live_handoff_deliveries = Table(
    "live_handoff_deliveries",
    metadata,
    Column("id", _SERIAL, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    _text("audience"),
    *(_text(name, nullable=True) for name in ("target", "about")),
    *(_text(name) for name in ("content", "author", "actions")),
    Column("reached", Integer, nullable=False, server_default="0"),
    Index("live_handoff_deliveries_created", "created_at"),
)

orders = Table(
    "orders",
    metadata,
    Column("key", Text, primary_key=True),
    Column("day", Date, nullable=False),  # ISO text in SQLite files, a DATE in PostgreSQL
    _text("product"),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Float),
    _text("channel"),
    _text("source"),
    Index("orders_product_day", "product", "day"),
)

# Not ``users``: that is Chainlit's own table. The CHECK keeps a row written by hand a staff role.
staff_users = Table(
    "staff_users",
    metadata,
    Column("name", Text, primary_key=True),
    _text("password"),
    _text("role"),
    CheckConstraint(f"role IN ({', '.join(repr(role.value) for role in STAFF_ROLES)})"),
)

# PostgreSQL only (a laptop counts in memory). UNLOGGED: windows are worth nothing after a
# database crash, and skip the WAL on every message.
rate_windows = Table(
    "rate_windows",
    metadata,
    _text("scope"),
    _text("key"),
    Column("window_start", BigInteger, nullable=False),
    Column("hits", Integer, nullable=False),
    Column("carried", REAL, nullable=False, server_default="0"),
    PrimaryKeyConstraint("scope", "key", "window_start"),
    prefixes=["UNLOGGED"],
)

# The published knowledge of a cluster (agent/cluster/knowledge.py).
index_versions = Table(
    "index_versions",
    metadata,
    Column("name", Text, primary_key=True),
    Column("published_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
index_files = Table(
    "index_files",
    metadata,
    Column("version", Text, ForeignKey("index_versions.name", ondelete="CASCADE"), nullable=False),
    *(_text(name) for name in ("name", "sha256")),
    Column("data", LargeBinary, nullable=False),
    PrimaryKeyConstraint("version", "name"),
)
index_current = Table(
    "index_current",
    metadata,
    Column("id", Integer, CheckConstraint("id = 1"), primary_key=True, autoincrement=False),
    Column("version", Text, ForeignKey("index_versions.name"), nullable=False),
)
uploads = Table(
    "uploads",
    metadata,
    Column("name", Text, primary_key=True),
    _text("sha256"),
    Column("data", LargeBinary, nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

LEDGER = (leads, handoffs, turns)
DRAFTS = (drafts,)
DESK = (live_handoffs, live_handoff_messages, live_handoff_deliveries)
KNOWLEDGE = (index_versions, index_files, index_current, uploads)
