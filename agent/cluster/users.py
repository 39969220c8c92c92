"""Staff logins in the cluster's PostgreSQL (table ``staff_users``: Chainlit's own ``users`` table
is something else): the same interface and the same scrypt hashes as the users file, so a
salesperson added once (``python -m agent.staff add``) logs in through any worker."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from agent.cluster.database import Connections, migration_lock, shown
from agent.consult.state import STAFF_ROLES, Role
from agent.web.users import (
    StaffUser,
    UserStore,
    check_new_user,
    hash_password,
    verify_password,
    write_initial_password,
)

# The CHECK: a role written into the table by hand can only be a staff role.
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS staff_users (name TEXT PRIMARY KEY, password TEXT NOT NULL, "
    f"role TEXT NOT NULL CHECK (role IN ({', '.join(repr(r.value) for r in STAFF_ROLES)})))"
)
_UPSERT = (
    "INSERT INTO staff_users VALUES (%s, %s, %s) "
    "ON CONFLICT (name) DO UPDATE SET password = EXCLUDED.password, role = EXCLUDED.role"
)


class PostgresUserStore:
    """Reads the table on every call (a user added or removed anywhere counts at once). Before the
    table exists there are no staff: a worker creates it, and the first admin, when it starts.
    ``pooled``: for a long-lived worker (the role of every message is looked up here)."""

    def __init__(self, conninfo: str, pooled: bool = False) -> None:
        self.conninfo = conninfo
        # A staff message's role is looked up on the event loop: while the database is down it
        # fails after 3 s rather than holding the worker's other sockets for 10.
        self._connections = Connections(conninfo, pooled, max_connections=2, timeout_s=3)

    def close(self) -> None:
        self._connections.close()

    @property
    def where(self) -> str:
        return f"DATABASE_URL={shown(self.conninfo)} (table staff_users)"

    def _rows(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        try:
            with self._connections.connection() as db:
                return db.execute(query, params).fetchall()
        except psycopg.errors.UndefinedTable:
            return []

    @contextmanager
    def _migrated(self) -> Iterator[psycopg.Connection[Any]]:
        """One transaction on a table that exists, under the migration lock: the first admin is
        created once however many workers start together."""
        with psycopg.connect(self.conninfo) as connection, migration_lock(connection):
            connection.execute(_SCHEMA)
            yield connection

    def authenticate(self, name: str, password: str) -> StaffUser | None:
        rows = self._rows("SELECT password, role FROM staff_users WHERE name = %s", (name,))
        if not rows or not verify_password(password, rows[0]["password"]):
            return None
        return StaffUser(name, Role(rows[0]["role"]))

    def role_of(self, name: str) -> Role | None:
        rows = self._rows("SELECT role FROM staff_users WHERE name = %s", (name,))
        return Role(rows[0]["role"]) if rows else None

    def users(self) -> list[StaffUser]:
        rows = self._rows("SELECT name, role FROM staff_users ORDER BY name")
        return [StaffUser(row["name"], Role(row["role"])) for row in rows]

    def set_user(self, name: str, password: str, role: Role | str) -> StaffUser:
        check_new_user(name, password, role)
        with self._migrated() as db:
            db.execute(_UPSERT, (name, hash_password(password), str(role)))
        return StaffUser(name, Role(role))

    def remove(self, name: str) -> bool:
        with self._migrated() as db:
            return db.execute("DELETE FROM staff_users WHERE name = %s", (name,)).rowcount > 0

    def copy_from(self, source: UserStore) -> list[StaffUser]:
        """The logins of a users file (from before the cluster), hashes as they are: each user
        keeps their password. A user of the same name here is replaced."""
        entries = source.entries()
        with self._migrated() as db:
            for name, entry in sorted(entries.items()):
                db.execute(_UPSERT, (name, entry["password"], entry["role"]))
        return [StaffUser(name, Role(entry["role"])) for name, entry in sorted(entries.items())]

    def ensure_admin(self, password_file: Path) -> str | None:
        """On the first start of a cluster with no staff at all, create ``admin`` with a random
        password written to ``password_file`` (mode 600) on this worker's disk: one worker does it,
        the others find it done. Returns the password when this worker created it."""
        if self._rows("SELECT 1 FROM staff_users LIMIT 1"):
            return None  # every start but the cluster's first: no lock taken
        password = secrets.token_urlsafe(12)
        hashed = hash_password(password)
        with self._migrated() as db:
            if db.execute("SELECT 1 FROM staff_users LIMIT 1").fetchone():
                return None
            db.execute(_UPSERT, ("admin", hashed, Role.ADMIN.value))
            # Written before the commit: a worker that dies here leaves no admin, and the next
            # start creates one with a new password file.
            write_initial_password(password_file, password)
        return password
