"""Roles are enforced by the server: checked over Chainlit's own socket protocol, as a client
that ignores the UI would talk to it."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import sqlite3
import time
import urllib.error
import urllib.request
from contextlib import closing

import pytest
import socketio

from tests.web.client import ChainlitClient
from tests.web.conftest import LiveApp, customer_token, login_token

pytestmark = pytest.mark.slow

DRAFT_REQUEST = "Draft a follow-up email to a customer about LAP-001"


async def _client(app: LiveApp, token: str, client_type: str = "webapp", thread_id: str | None = None):
    client = ChainlitClient(app.url, token, client_type=client_type)
    await client.connect(thread_id)
    return client


async def test_customer_gets_answer_and_cards_but_no_internal_steps(
    live_app: LiveApp, shop_origin: str
) -> None:
    # The customer claims to be the full web app, not the widget: the server still decides.
    client = await _client(live_app, customer_token(live_app, shop_origin), client_type="webapp")
    reply = await client.ask("I need a light laptop for travel under $900")
    await client.close()
    assert "LAP-001" in reply.answer
    assert [e["props"]["id"] for e in reply.elements if e.get("type") == "custom"]
    assert reply.tool_steps == []
    assert client.commands == []


async def test_customer_cannot_run_admin_commands_or_staff_drafts(
    live_app: LiveApp, shop_origin: str
) -> None:
    client = await _client(live_app, customer_token(live_app, shop_origin))
    refused_ingest = await client.ask("", command="ingest")
    refused_report = await client.ask("2026-01-01", command="report")
    draft = await client.ask(DRAFT_REQUEST)
    await client.close()
    assert "admins only" in refused_ingest.answer
    assert "admins only" in refused_report.answer and "Sales report" not in refused_report.answer
    assert "DRAFT" not in draft.answer.upper()


async def test_salesperson_sees_steps_and_drafts_but_no_admin_commands(live_app: LiveApp) -> None:
    client = await _client(live_app, login_token(live_app, "sam"))
    reply = await client.ask("I need a light laptop for travel under $900")
    draft = await client.ask(DRAFT_REQUEST)
    refused = await client.ask("", command="report")
    await client.close()
    plan = next(s for s in reply.tool_steps if s["name"] == "Intent and records")
    assert "intent:" in plan["output"] and "LAP-001" in plan["output"]
    assert "DRAFT" in draft.answer.upper()
    assert "admins only" in refused.answer
    offered = {c["id"] for c in client.commands}
    assert "queue" in offered and not offered & {"ingest", "report"}  # the handoff queue, no admin command


async def test_staff_in_the_widget_is_treated_as_a_customer(live_app: LiveApp) -> None:
    client = await _client(live_app, login_token(live_app, "ada"), client_type="copilot")
    reply = await client.ask("I need a light laptop for travel under $900")
    await client.close()
    assert reply.tool_steps == [] and client.commands == []


async def test_admin_gets_commands_and_the_report(live_app: LiveApp) -> None:
    client = await _client(live_app, login_token(live_app, "ada"))
    report = await client.ask("", command="report")
    laptops = await client.ask("laptop", command="report")
    unknown = await client.ask("Toys", command="report")
    await client.close()
    assert {c["id"] for c in client.commands} >= {"ingest", "report", "queue"}
    assert "Sales report" in report.answer and "### Intents" in report.answer
    assert "## Laptops: sales report" in laptops.answer
    assert "'Toys' is no category" in unknown.answer and "Smartphones" in unknown.answer


async def test_a_customer_cannot_open_someone_elses_conversation(live_app: LiveApp, shop_origin: str) -> None:
    staff = await _client(live_app, login_token(live_app, "sam"))
    await staff.ask("Compare LAP-001 and LAP-004")
    staff_thread = _threads_of(live_app, "sam")[0]
    await staff.close()
    intruder = ChainlitClient(live_app.url, customer_token(live_app, shop_origin))
    with pytest.raises(socketio.exceptions.ConnectionError):
        await intruder.connect(thread_id=staff_thread)


def test_other_origins_are_refused(live_app: LiveApp, shop_origin: str) -> None:
    evil = urllib.request.Request(
        f"{live_app.url}/widget/token", method="POST", headers={"Origin": "http://evil.example"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(evil, timeout=10)
    assert refused.value.code == 403
    assert customer_token(live_app, shop_origin)  # the shop's own origin is served


async def test_other_origins_cannot_open_a_socket(live_app: LiveApp, shop_origin: str) -> None:
    client = ChainlitClient(live_app.url, customer_token(live_app, shop_origin), origin="http://evil.example")
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect()


async def test_threads_steps_and_cards_are_stored_with_their_owner(live_app: LiveApp) -> None:
    client = await _client(live_app, login_token(live_app, "sam"))
    await client.ask("Compare LAP-001 and LAP-004")
    await client.close()
    thread = _threads_of(live_app, "sam")[0]

    def stored() -> tuple[list[str], set[str]]:
        with closing(sqlite3.connect(live_app.home / "chat.sqlite")) as db:
            tags = db.execute(
                """SELECT tags FROM steps WHERE "threadId" = ? AND name = 'Intent and records'""", (thread,)
            ).fetchone()
            cards = db.execute(
                """SELECT props FROM elements WHERE "threadId" = ? AND name = 'ProductCard'""", (thread,)
            ).fetchall()
        return json.loads(tags[0]) if tags else [], {json.loads(p)["id"] for (p,) in cards}

    # Chainlit persists in background tasks: give them a moment after the turn ends.
    deadline = time.monotonic() + 10
    while stored()[1] < {"LAP-001", "LAP-004"} and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    tags, cards = stored()
    assert tags == ["consultation"]
    assert cards >= {"LAP-001", "LAP-004"}


def _threads_of(app: LiveApp, identifier: str) -> list[str]:
    with closing(sqlite3.connect(app.home / "chat.sqlite")) as db:
        rows = db.execute(
            """SELECT id FROM threads WHERE "userIdentifier" = ? ORDER BY "createdAt" DESC""", (identifier,)
        ).fetchall()
    return [row[0] for row in rows]


async def test_bad_input_gets_a_clear_reply_and_the_chat_goes_on(live_app: LiveApp, shop_origin: str) -> None:
    client = await _client(live_app, customer_token(live_app, shop_origin))
    huge = await client.ask("laptop " * 15_000)  # ~100 KB
    blank = await client.ask(" \n\t ")
    junk = await client.ask("\x00\x01\x02\x1b")
    script = await client.ask("<script>alert(1)</script> I need a light laptop for travel under $900")
    await client.close()
    assert "too long" in huge.answer and "4000" in huge.answer
    assert "type your question" in blank.answer and "type your question" in junk.answer
    assert "LAP-001" in script.answer  # tags are just text; the question is still answered


async def test_a_customer_sending_too_fast_is_slowed_down(live_app: LiveApp, shop_origin: str) -> None:
    client = await _client(live_app, customer_token(live_app, shop_origin))
    answers = [(await client.ask("hello")).answer for _ in range(21)]
    await client.close()
    assert all("faster than" not in a for a in answers[:20])
    assert "faster than I can answer" in answers[20]


async def test_a_killed_server_resumes_the_conversation_with_its_memory(
    live_app: LiveApp, shop_origin: str
) -> None:
    token = customer_token(live_app, shop_origin)
    client = await _client(live_app, token)
    first = await client.ask("I need noise cancelling headphones under $200")
    thread = _threads_of(live_app, _identifier(token))[0]
    await client.close()
    live_app.restart(kill=True)  # SIGKILL: no shutdown hook, like a crash
    again = await _client(live_app, token, thread_id=thread)
    follow_up = await again.ask("tell me more about the second one")
    await again.close()
    second = [c for c in re.findall(r"\[([A-Z]{3}-\d{3})\]", first.answer)][1]
    assert f"[{second}]" in follow_up.answer


def _identifier(token: str) -> str:
    payload = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["identifier"])


async def test_live_handoff_over_the_socket_and_what_a_customer_may_not_do(
    live_app: LiveApp, shop_origin: str
) -> None:
    staff = await _client(live_app, login_token(live_app, "sam"))
    customer = await _client(live_app, customer_token(live_app, shop_origin), client_type="copilot")
    asked = await customer.ask("I want to talk to a person")
    assert "outside those hours" in asked.answer or "will join this chat shortly" in asked.answer
    # Pushed live to the staff chat (other tests' customers may be waiting too).
    entry = await staff.wait_for_message("- Customer: I want to talk to a person")
    assert "Customer waiting for a person" in entry["output"]
    take = next(a for a in staff.actions() if a["name"] == "handoff_take" and a["forId"] == entry["id"])

    # A customer cannot see the queue or take a conversation, however it asks.
    refused = await customer.ask("", command="queue")
    assert "Only staff" in refused.answer and "waiting" not in refused.answer
    customer.clear()
    assert await customer.call_action(take) == 200
    assert "Only staff" in (await customer.wait_for_message("Only staff"))["output"]
    assert customer.thread_id
    thread = customer.thread_id
    assert _handoff_row(live_app, thread)[0] == "waiting"

    # The salesperson takes it: the customer is told, by name; the assistant goes silent.
    assert await staff.call_action(take) == 200
    joined = await customer.wait_for_message("has joined the chat")
    assert joined["name"] == "Sam (Maple Electronics)"
    assert _handoff_row(live_app, thread)[:2] == ("taken", "sam")
    await staff.wait_for_message("goes to the customer")
    hand_back = next(a for a in staff.actions() if a["name"] == "handoff_hand_back")
    staff.clear()
    # Another customer naming this conversation in its messages reaches neither side of it.
    intruder = await _client(live_app, customer_token(live_app, shop_origin), client_type="copilot")
    intruder.thread_id = thread
    await intruder.ask("INTRUDER: headphones under $200?")
    await intruder.close()
    silent = await customer.ask("Do you have the AirBook in silver?")
    assert silent.answer == ""  # no assistant message in the customer's chat
    relayed = await staff.wait_for_message("Do you have the AirBook in silver")
    assert relayed["name"] == "Customer"
    assert "INTRUDER" not in str(staff.received().events) + str(customer.received().events)
    customer.clear()
    # The assistant drafts a reply for the salesperson only; nothing reaches the customer.
    suggest = next(a for a in staff.actions() if a["name"] == "handoff_suggest")
    assert await customer.call_action(suggest) == 200
    await customer.wait_for_message("Only staff")
    assert await staff.call_action(suggest) == 200
    draft = await staff.wait_for_message("DRAFT for review")
    assert "not sent to the customer" in draft["output"]
    assert not [s for s in customer.received().steps() if "DRAFT" in str(s.get("output"))]
    await staff.ask("Yes, the silver one ships tomorrow.")
    from_sam = await customer.wait_for_message("the silver one ships tomorrow")
    assert from_sam["name"] == "Sam (Maple Electronics)"

    # A second salesperson cannot take it, nor hand it back.
    other = await _client(live_app, login_token(live_app, "ada"))
    assert await other.call_action(take) == 200
    await other.wait_for_message("Someone else has already taken")
    assert await other.call_action(hand_back) == 200
    await other.wait_for_message("You do not hold this conversation")
    await other.close()
    assert _handoff_row(live_app, thread)[:2] == ("taken", "sam")

    # The app restarts: the handoff holds, and both sides, back in their chats, still reach each other.
    staff_thread = staff.thread_id
    assert staff_thread
    await staff.close()
    await customer.close()
    live_app.restart()
    staff = await _client(live_app, staff.token, thread_id=staff_thread)
    customer = await _client(live_app, customer.token, client_type="copilot", thread_id=thread)
    assert (await customer.ask("Are you still there?")).answer == ""
    await staff.wait_for_message("Are you still there?")
    await staff.ask("Yes, still here.")
    await customer.wait_for_message("Yes, still here.")

    # Handed back: the assistant answers the customer again; who and when are stored.
    assert await staff.call_action(hand_back) == 200
    await customer.wait_for_message("handed the chat back")
    again = await customer.ask("I need a light laptop for travel under $900")
    assert "LAP-001" in again.answer
    status, taken_by, first_reply = _handoff_row(live_app, thread)
    assert (status, taken_by) == ("returned", "sam") and first_reply
    await staff.close()
    await customer.close()


def _handoff_row(app: LiveApp, thread: str) -> tuple[str, str | None, str | None]:
    with closing(sqlite3.connect(app.home / "sales.sqlite")) as db:
        row = db.execute(
            "SELECT status, taken_by, first_reply_at FROM live_handoffs WHERE thread_id = ? ORDER BY id DESC",
            (thread,),
        ).fetchone()
    assert row is not None, f"no live handoff for {thread}"
    return row[0], row[1], row[2]


def _draft_status(app: LiveApp) -> list[tuple[str, str | None]]:
    with closing(sqlite3.connect(app.home / "sales.sqlite")) as db:
        return db.execute("SELECT status, reviewed_by FROM drafts ORDER BY created_at").fetchall()


async def _until(check, timeout_s: float = 15) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not check() and time.monotonic() < deadline:
        await asyncio.sleep(0.2)


async def test_a_draft_is_reviewed_only_by_staff_and_listed_for_export(
    live_app: LiveApp, shop_origin: str
) -> None:
    staff = await _client(live_app, login_token(live_app, "sam"))
    await staff.ask(DRAFT_REQUEST)
    approve = next(a for a in staff.actions() if a["name"] == "draft_approve")
    before = len(_draft_status(live_app))
    customer = await _client(live_app, customer_token(live_app, shop_origin))
    assert await customer.call_action(approve) == 200  # answered, but refused: nothing changes
    await asyncio.sleep(1)
    assert _draft_status(live_app)[-1] == ("made", None) and len(_draft_status(live_app)) == before
    assert not [a for a in customer.actions() if a["name"].startswith("draft_")]
    refused = await customer.ask("", command="drafts")
    assert "Only staff" in refused.answer or "Approved drafts" not in refused.answer
    await customer.close()
    assert await staff.call_action(approve) == 200
    await _until(lambda: _draft_status(live_app)[-1] == ("approved", "sam"))
    assert _draft_status(live_app)[-1] == ("approved", "sam")
    listed = await staff.ask("", command="drafts")
    await staff.close()
    assert approve["payload"]["draft"] in listed.answer
    assert {e.get("name") for e in listed.elements} >= {"approved-drafts.csv", "approved-drafts.md"}
