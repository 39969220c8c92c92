"""Chat history is really stored: threads with their owner, steps with tags, feedback and
product cards, on SQLite (the default) and on PostgreSQL (TEST_DATABASE_URL; CI starts one)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from chainlit.context import init_http_context
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.element import CustomElement
from chainlit.types import Feedback
from chainlit.user import User
from sqlalchemy import text

from agent.web.data_layer import ChatDataLayer, schema_statements

PG_URL = os.environ.get("TEST_DATABASE_URL")


def _backends() -> list[object]:
    postgres = pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not PG_URL and not os.environ.get("CI"), reason="set TEST_DATABASE_URL (CI runs .ci/postgres.sh)"
        ),
    )
    return ["sqlite", postgres]


@pytest.fixture(params=_backends())
async def layer(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ChatDataLayer]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'chat.sqlite'}"
    else:
        assert PG_URL, "CI must provide TEST_DATABASE_URL (see .ci/run)"
        url = PG_URL
    data = ChatDataLayer(url)
    await data.create_schema()
    yield data
    if request.param == "postgresql":  # a shared server: leave it empty for the next test
        async with data.engine.begin() as connection:
            for table in ("feedbacks", "elements", "steps", "threads", "users"):
                await connection.execute(text(f"DELETE FROM {table}"))
    await data.engine.dispose()


async def _conversation(data: ChatDataLayer) -> tuple[str, str, str]:
    init_http_context()  # the data layer reads Chainlit's context, as inside a request
    user = await data.create_user(User(identifier="sam", metadata={"role": "salesperson"}))
    assert user is not None
    thread_id, step_id = str(uuid.uuid4()), str(uuid.uuid4())
    await data.update_thread(thread_id, name="Laptops for Ana", user_id=user.id, tags=["vip", "laptops"])
    await data.create_step(
        {
            "id": step_id, "threadId": thread_id, "name": "Intent and records", "type": "tool",
            "streaming": False, "output": "intent: comparison", "tags": ["consultation"],
            "createdAt": "2026-11-22T10:00:00Z", "metadata": {"k": 1},
        }
    )  # fmt: skip
    return user.id, thread_id, step_id


async def test_threads_keep_their_owner_and_tags_and_show_in_history(layer: ChatDataLayer) -> None:
    user_id, thread_id, step_id = await _conversation(layer)
    thread = await layer.get_thread(thread_id)
    assert thread is not None
    assert thread["userIdentifier"] == "sam" and thread["tags"] == ["vip", "laptops"]
    assert [s["tags"] for s in thread["steps"]] == [["consultation"]]
    history = await layer.get_all_user_threads(user_id=user_id)
    assert [t["id"] for t in history or []] == [thread_id]


async def test_feedback_and_product_cards_are_stored(layer: ChatDataLayer) -> None:
    _, thread_id, step_id = await _conversation(layer)
    await layer.upsert_feedback(Feedback(forId=step_id, threadId=thread_id, value=0, comment="too long"))
    card = CustomElement(
        name="ProductCard", props={"id": "LAP-001", "price": "$899.00"}, thread_id=thread_id, for_id=step_id
    )
    await layer.create_element(card)
    thread = await layer.get_thread(thread_id)
    assert thread is not None
    assert thread["steps"][0]["feedback"]["comment"] == "too long"  # type: ignore[index]
    props = [e["props"] for e in thread["elements"] or []]
    assert [p if isinstance(p, dict) else __import__("json").loads(p) for p in props] == [
        {"id": "LAP-001", "price": "$899.00"}
    ]


async def test_upstream_layer_loses_threads_on_sqlite(tmp_path: Path) -> None:
    """Why ChatDataLayer exists: the same calls through the upstream class store nothing."""
    init_http_context()
    url = f"sqlite+aiosqlite:///{tmp_path / 'chat.sqlite'}"
    ours = ChatDataLayer(url)
    await ours.create_schema()
    upstream = SQLAlchemyDataLayer(url)
    user = await upstream.create_user(User(identifier="sam"))
    assert user is not None
    thread_id = str(uuid.uuid4())
    await upstream.update_thread(thread_id, user_id=user.id, tags=["vip"])
    assert await upstream.get_thread(thread_id) is None  # silently dropped
    await ours.update_thread(thread_id, user_id=user.id, tags=["vip"])
    stored = await ours.get_thread(thread_id)
    assert stored is not None and stored["userIdentifier"] == "sam"
    await ours.engine.dispose()
    await upstream.engine.dispose()


def test_schema_uses_arrays_only_on_postgresql() -> None:
    assert any("TEXT[]" in s for s in schema_statements("postgresql"))
    assert not any("TEXT[]" in s for s in schema_statements("sqlite"))


async def _write_while_locked(path: Path, data: ChatDataLayer, hold_s: float) -> str:
    """Another worker holds the write lock for ``hold_s``; our thread write must still land."""
    import asyncio
    import sqlite3
    import threading

    user = await data.create_user(User(identifier="sam"))
    assert user is not None
    locked, release = threading.Event(), threading.Event()

    def hold_write_lock() -> None:  # another worker in the middle of a long write
        db = sqlite3.connect(path)
        db.execute("BEGIN IMMEDIATE")
        locked.set()
        release.wait(5)
        db.rollback()
        db.close()

    holder = threading.Thread(target=hold_write_lock)
    holder.start()
    locked.wait(5)
    thread_id = str(uuid.uuid4())
    write = asyncio.create_task(data.update_thread(thread_id, user_id=user.id, tags=["vip"]))
    await asyncio.sleep(hold_s)
    assert not write.done()  # waiting on the lock, not failed
    release.set()
    await write
    holder.join()
    return thread_id


async def test_a_locked_sqlite_database_is_waited_for_not_lost(tmp_path: Path) -> None:
    init_http_context()
    path = tmp_path / "chat.sqlite"
    data = ChatDataLayer(f"sqlite+aiosqlite:///{path}")
    await data.create_schema()
    thread_id = await _write_while_locked(path, data, 1.0)
    stored = await data.get_thread(thread_id)
    assert stored is not None and stored["userIdentifier"] == "sam"
    await data.engine.dispose()


async def test_a_lock_held_past_the_busy_timeout_is_retried(tmp_path: Path) -> None:
    init_http_context()
    path = tmp_path / "chat.sqlite"
    data = ChatDataLayer(f"sqlite+aiosqlite:///{path}", busy_timeout_s=0.05)
    await data.create_schema()
    thread_id = await _write_while_locked(path, data, 0.3)  # several "database is locked" errors
    stored = await data.get_thread(thread_id)
    assert stored is not None and stored["userIdentifier"] == "sam"
    await data.engine.dispose()


async def test_many_conversations_writing_at_once_all_land_on_sqlite(tmp_path: Path) -> None:
    """Fifty conversations storing a step at the same moment: every step is kept, and this
    worker holds one SQLite connection instead of opening one per waiting writer."""
    init_http_context()
    data = ChatDataLayer(f"sqlite+aiosqlite:///{tmp_path / 'chat.sqlite'}", busy_timeout_s=0.05)
    await data.create_schema()
    user = await data.create_user(User(identifier="sam"))
    assert user is not None
    threads = [str(uuid.uuid4()) for _ in range(50)]
    for thread_id in threads:
        await data.update_thread(thread_id, user_id=user.id)

    async def store(thread_id: str) -> None:
        step = {"id": str(uuid.uuid4()), "threadId": thread_id, "name": "customer", "type": "user_message",
                "streaming": False, "output": "hello", "createdAt": "2026-11-22T10:00:00Z"}  # fmt: skip
        await data.create_step(step)  # type: ignore[arg-type]

    await asyncio.gather(*(store(thread_id) for thread_id in threads))
    for thread_id in threads:
        stored = await data.get_thread(thread_id)
        assert stored is not None and [s["output"] for s in stored["steps"]] == ["hello"]
    assert data.engine.pool.checkedin() == 1  # type: ignore[attr-defined]
    await data.engine.dispose()
