"""Chainlit's SQLAlchemy data layer, made safe on SQLite and able to create its own tables.

Upstream binds Python lists (thread and step ``tags``) and dicts that SQLite rejects; it logs a
warning and carries on, so threads lose their owner and history stays empty. Here lists and
dicts are stored as JSON on SQLite and decoded on the way out, a busy database is waited on,
and a failed write raises instead of vanishing.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from agent.privacy.redact import redact
from agent.storage.engine import MIGRATION_LOCK

if TYPE_CHECKING:
    from chainlit.element import Element
    from chainlit.step import StepDict

_LIST_COLUMNS = {"tags", "thread_tags", "step_tags"}
_BUSY_RETRIES = 5


def schema_statements(dialect: str) -> list[str]:
    """The tables the data layer reads and writes (upstream ships no schema)."""
    tags = "TEXT[]" if dialect == "postgresql" else "TEXT"
    return [
        """CREATE TABLE IF NOT EXISTS users (
            "id" UUID PRIMARY KEY, "identifier" TEXT NOT NULL UNIQUE,
            "metadata" JSONB NOT NULL, "createdAt" TEXT)""",
        f"""CREATE TABLE IF NOT EXISTS threads (
            "id" UUID PRIMARY KEY, "createdAt" TEXT, "name" TEXT, "userId" UUID,
            "userIdentifier" TEXT, "tags" {tags}, "metadata" JSONB,
            FOREIGN KEY ("userId") REFERENCES users("id") ON DELETE CASCADE)""",
        f"""CREATE TABLE IF NOT EXISTS steps (
            "id" UUID PRIMARY KEY, "name" TEXT NOT NULL, "type" TEXT NOT NULL,
            "threadId" UUID NOT NULL, "parentId" UUID, "streaming" BOOLEAN NOT NULL,
            "waitForAnswer" BOOLEAN, "isError" BOOLEAN, "metadata" JSONB, "tags" {tags},
            "input" TEXT, "output" TEXT, "createdAt" TEXT, "command" TEXT, "modes" JSONB,
            "start" TEXT, "end" TEXT, "generation" JSONB, "showInput" TEXT, "language" TEXT,
            "indent" INT, "defaultOpen" BOOLEAN, "autoCollapse" BOOLEAN, "icon" TEXT,
            FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE)""",
        """CREATE TABLE IF NOT EXISTS elements (
            "id" UUID PRIMARY KEY, "threadId" UUID, "type" TEXT, "url" TEXT, "chainlitKey" TEXT,
            "name" TEXT NOT NULL, "display" TEXT, "objectKey" TEXT, "size" TEXT, "page" INT,
            "language" TEXT, "forId" UUID, "mime" TEXT, "props" JSONB, "autoPlay" BOOLEAN,
            "playerConfig" JSONB,
            FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE)""",
        """CREATE TABLE IF NOT EXISTS feedbacks (
            "id" UUID PRIMARY KEY, "forId" UUID NOT NULL, "threadId" UUID NOT NULL,
            "value" INT NOT NULL, "comment" TEXT,
            FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE)""",
        'CREATE INDEX IF NOT EXISTS steps_thread ON steps ("threadId")',
        'CREATE INDEX IF NOT EXISTS threads_user ON threads ("userId")',
    ]


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # In WAL mode NORMAL survives an app crash; only an OS crash may lose the last commits.
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class ChatDataLayer(SQLAlchemyDataLayer):
    def __init__(self, url: str, redact_text: bool = False, busy_timeout_s: float = 30) -> None:
        self.redact_text = redact_text
        sqlite = url.startswith("sqlite")
        # sqlite3's timeout is its busy handler: a locked database is waited on, not an error;
        # past it, execute_sql retries with backoff.
        super().__init__(url, connect_args={"timeout": busy_timeout_s} if sqlite else None)
        self.dialect = self.engine.dialect.name
        # SQLite has one writer. Concurrent statements from this process would sleep in its busy
        # handler and spill over the pool (a new connection and thread each): they queue here
        # instead. Other workers still meet the busy timeout.
        self._one_at_a_time: AbstractAsyncContextManager[Any] = asyncio.Lock() if sqlite else nullcontext()
        if sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)

    async def create_schema(self) -> None:
        async with self.engine.begin() as connection:
            if self.dialect == "sqlite":
                await connection.execute(text("PRAGMA journal_mode=WAL"))
            else:
                # Two workers creating the same tables at once collide in PostgreSQL's catalog
                # (IF NOT EXISTS is not atomic): the second waits here for the first to commit.
                await connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
            for statement in schema_statements(self.dialect):
                await connection.execute(text(statement))

    async def execute_sql(self, query: str, parameters: dict[str, Any]) -> Any:
        bound = {key: self._bindable(value) for key, value in parameters.items()}
        async with self._one_at_a_time:  # held through the retries: this worker's writes keep their order
            for attempt in range(_BUSY_RETRIES):
                try:
                    # Leaving the block commits; an exception rolls the transaction back first.
                    async with self.async_session() as session, session.begin():
                        result = await session.execute(text(query), bound)
                        if not result.returns_rows:
                            return result.rowcount
                        rows = [dict(row._mapping) for row in result.fetchall()]
                        return [self._decoded(self.clean_result(row)) for row in rows]
                except OperationalError as error:
                    if "locked" not in str(error) or attempt == _BUSY_RETRIES - 1:
                        raise
                    await asyncio.sleep(0.05 * 2**attempt)
        return None  # unreachable: the last attempt raises

    def _bindable(self, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value)
        if isinstance(value, list) and self.dialect != "postgresql":
            return json.dumps(value)
        return value

    @staticmethod
    def _decoded(row: dict[str, Any]) -> dict[str, Any]:
        for key in _LIST_COLUMNS & row.keys():
            if isinstance(row[key], str):
                row[key] = json.loads(row[key])
        return row

    async def create_step(self, step_dict: StepDict) -> None:
        """Stored transcripts keep no emails, phone or card numbers (the live chat still shows
        what was typed, and a lead keeps the contact given for it)."""
        if self.redact_text:
            cleaned: dict[str, Any] = dict(step_dict)
            for key in ("input", "output"):
                if cleaned.get(key):
                    cleaned[key] = redact(str(cleaned[key]))
            step_dict = cleaned  # type: ignore[assignment]
        await super().create_step(step_dict)

    async def create_element(self, element: Element) -> None:
        """Custom elements (product cards) are their props: store them in the row, so they come
        back on resume without a blob store. Files still need a storage provider."""
        if self.storage_provider or element.type != "custom" or not element.for_id:
            await super().create_element(element)
            return
        row = {k: v for k, v in element.to_dict().items() if v is not None and k != "path"}
        columns = ", ".join(f'"{column}"' for column in row)
        values = ", ".join(f":{column}" for column in row)
        await self.execute_sql(
            f"INSERT INTO elements ({columns}) VALUES ({values}) ON CONFLICT (id) DO NOTHING", row
        )
