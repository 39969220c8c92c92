"""One customer's data is exported or deleted everywhere it lives; old conversations expire."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from chainlit.context import init_http_context
from chainlit.user import User
from langgraph.checkpoint.base import empty_checkpoint
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from agent.consult.ledger import LeadItem, SalesLedger
from agent.privacy.__main__ import main as privacy_cli
from agent.privacy.store import apply_retention, delete_customer, export_customer
from agent.settings import Settings
from agent.web.data_layer import ChatDataLayer
from tests.conftest import tmp_settings


@pytest.fixture
def stores(tmp_path: Path) -> Settings:
    return tmp_settings(tmp_path)


async def _conversation(settings: Settings, who: str, said: str, created: str | None = None) -> str:
    init_http_context()
    data = ChatDataLayer(settings.chat_database_url, redact_text=True)
    await data.create_schema()
    user = await data.create_user(User(identifier=who))
    assert user is not None
    thread = str(uuid.uuid4())
    await data.update_thread(thread, name=f"{who} chat", user_id=user.id)
    await data.create_step(
        {"id": str(uuid.uuid4()), "threadId": thread, "name": who, "type": "user_message",
         "streaming": False, "output": said, "createdAt": "2026-11-22T10:00:00Z"}
    )  # fmt: skip
    if created:
        await data.execute_sql(
            'UPDATE threads SET "createdAt" = :c WHERE "id" = :t', {"c": created, "t": thread}
        )
    await data.engine.dispose()
    async with AsyncSqliteSaver.from_conn_string(str(settings.conversations_db)) as saver:
        await saver.setup()
        config = {"configurable": {"thread_id": thread, "checkpoint_ns": ""}}
        await saver.aput(config, empty_checkpoint(), {}, {})  # type: ignore[arg-type]
    SalesLedger(settings.sales_db).migrate().add_lead(thread, [LeadItem("LAP-001", "Voltix AirBook 13", 1, 899.0)],
                                            {"email": f"{who}@example.com"}, "en")  # fmt: skip
    return thread


async def test_export_has_the_conversation_redacted_and_the_lead_with_its_contact(stores: Settings) -> None:
    thread = await _conversation(stores, "customer-a", "I want it, mail me at ana@example.com")
    exported = await export_customer(stores, "customer-a")
    assert [t["id"] for t in exported["threads"]] == [thread]
    assert exported["threads"][0]["messages"][0]["output"] == "I want it, mail me at [email]"
    assert exported["leads"][0]["contact"] == '{"email": "customer-a@example.com"}'


async def test_delete_removes_one_customer_everywhere_and_keeps_the_others(stores: Settings) -> None:
    gone = await _conversation(stores, "customer-a", "hello")
    kept = await _conversation(stores, "customer-b", "hi")
    counts = await delete_customer(stores, "customer-a")
    assert counts["threads"] == 1 and counts["checkpoints"] == 1 and counts["leads"] == 1
    assert (await export_customer(stores, "customer-a"))["threads"] == []
    assert [t["id"] for t in (await export_customer(stores, "customer-b"))["threads"]] == [kept]
    assert SalesLedger(stores.sales_db).leads(gone) == [] and SalesLedger(stores.sales_db).leads(kept)
    async with AsyncSqliteSaver.from_conn_string(str(stores.conversations_db)) as saver:
        assert await saver.aget({"configurable": {"thread_id": gone}}) is None
        assert await saver.aget({"configurable": {"thread_id": kept}}) is not None


async def test_retention_deletes_only_old_conversations(stores: Settings) -> None:
    old_date = (datetime.now(UTC) - timedelta(days=400)).isoformat()
    await _conversation(stores, "customer-old", "hello", created=old_date)
    recent = await _conversation(stores, "customer-new", "hello")
    assert (await apply_retention(stores, 0)) == {}  # 0 keeps everything
    counts = await apply_retention(stores, 365)
    assert counts["threads"] == 1
    assert (await export_customer(stores, "customer-old"))["threads"] == []
    assert [t["id"] for t in (await export_customer(stores, "customer-new"))["threads"]] == [recent]


def test_cli_exports_json(stores: Settings, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    import json

    asyncio.run(_conversation(stores, "customer-c", "hello"))
    monkeypatch.setenv("SALES_CHAT_DB", str(stores.chat_db))
    monkeypatch.setenv("SALES_SALES_DB", str(stores.sales_db))
    assert privacy_cli(["export", "--user", "customer-c"]) == 0
    assert json.loads(capsys.readouterr().out)["user"] == "customer-c"


async def test_deleting_before_any_ledger_exists_creates_none(stores: Settings) -> None:
    await _conversation(stores, "customer-d", "hello")
    stores.sales_db.unlink()
    assert (await delete_customer(stores, "customer-d"))["leads"] == 0
    assert not stores.sales_db.exists()


async def test_export_has_the_live_handoff_with_both_sides_messages(stores: Settings) -> None:
    from agent.storage.desk import HandoffDesk

    thread = await _conversation(stores, "customer-h", "I want to talk to a person")
    other = await _conversation(stores, "customer-i", "me too")
    desk = HandoffDesk(stores.sales_db).migrate()
    mine, theirs = (
        desk.request("H-1", thread, "asked for a person", "en"),
        desk.request("H-2", other, "x", "en"),
    )
    assert mine is not None and theirs is not None
    desk.take(mine.id, "sam", "Sam", "staff-thread")
    desk.add_message(mine.id, "customer", "customer-h", "is anyone there?")
    desk.add_message(mine.id, "staff", "sam", "Yes, Sam here")
    desk.add_message(theirs.id, "customer", "customer-i", "not mine to see")
    [episode] = (await export_customer(stores, "customer-h"))["live_handoffs"]
    assert episode["ticket"] == "H-1" and episode["taken_by"] == "sam"
    assert [m["text"] for m in episode["messages"]] == ["is anyone there?", "Yes, Sam here"]
