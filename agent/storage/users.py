"""Staff logins in a database table (``staff_users``): the cluster's, so a salesperson added once
(``python -m agent.staff add``) logs in through any worker. Same scrypt hashes and rules as the
users file of one machine (``agent.web.users``), which stays a file there: it is what existing
installs have, and what an admin edits or copies in (``import``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete, exists, literal, select

from agent.storage.engine import Database, SchemaMissingError, dialect_insert, insert_new
from agent.storage.schema import staff_users as table
from agent.web.users import Logins, StaffUser, UserStore


class UserTable(Logins):
    """Read on every call. Before the table exists there are no staff: a worker creates it, and
    the first admin, when it starts. ``pooled``: a long-lived worker (every staff message's role
    is looked up here)."""

    def __init__(self, where: Path | str, pooled: bool = False) -> None:
        # Looked up on the event loop: while the database is down it fails after 3 s rather than
        # holding the worker's other sockets for 10.
        self._db = Database(where, pooled, max_connections=2, timeout_s=3)

    @property
    def where(self) -> str:
        return f"{self._db.where} (table staff_users)"

    def close(self) -> None:
        self._db.close()

    def entries(self) -> dict[str, dict[str, str]]:
        return self._read()

    def _entry(self, name: str) -> dict[str, str] | None:
        return self._read(name).get(name)

    def _read(self, name: str | None = None) -> dict[str, dict[str, str]]:
        query = select(table)
        try:
            with self._db.begin() as db:
                rows = db.execute(query.where(table.c.name == name) if name else query).mappings()
                return {row["name"]: {"password": row["password"], "role": row["role"]} for row in rows}
        except SchemaMissingError:
            return {}

    def _put(self, name: str, entry: dict[str, str]) -> None:
        self.copy_entries({name: entry})

    def remove(self, name: str) -> bool:
        self._db.migrate([table])
        with self._db.begin() as db:
            return db.execute(delete(table).where(table.c.name == name)).rowcount > 0

    def _put_first(self, name: str, entry: dict[str, str], before_commit: Callable[[], None]) -> bool:
        # One statement: of workers starting together, the one whose row is stored writes the
        # password file; the others wait for its commit and find the name taken.
        self._db.migrate([table])
        columns = (literal(name), literal(entry["password"]), literal(entry["role"]))
        only_if_empty = select(*columns).where(~exists(select(table.c.name)))
        with self._db.begin() as db:
            first = insert_new(db, table, table.c.name).from_select(
                ["name", "password", "role"], only_if_empty
            )
            if db.execute(first.returning(table.c.name)).first() is None:
                return False
            before_commit()
        return True

    def copy_entries(self, entries: dict[str, dict[str, str]]) -> None:
        """Store these hashes and roles as they are; a user of the same name here is replaced."""
        self._db.migrate([table])
        with self._db.begin() as db:
            for name, entry in sorted(entries.items()):
                upsert = dialect_insert(db, table).values(name=name, **entry)
                db.execute(upsert.on_conflict_do_update(index_elements=[table.c.name], set_=entry))

    def copy_from(self, source: UserStore) -> list[StaffUser]:
        """The logins of a users file (from before the cluster), hashes as they are: each user
        keeps their password."""
        self.copy_entries(source.entries())
        return source.users()
