"""The real app with the embedded model (no fake) from a cold start: the first answers end.

After a start, the first answer once streamed a few lines and stopped mid-sentence: a background
compile patched torch under the generation thread, and the turn never ended. Here the first
customer message, and a second customer's message sent while that answer streams, must both end
with an assistant message stored in the chat history, and the conversation must go on.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.web.client import ChainlitClient
from tests.web.conftest import SECRET, customer_token
from tests.web.live import LiveApp

pytestmark = pytest.mark.slow


def _assistant_messages(app: LiveApp, thread: str | None) -> list[str]:
    with closing(sqlite3.connect(app.home / "chat.sqlite")) as db:
        rows = db.execute(
            """SELECT output FROM steps WHERE "threadId" = ? AND type = 'assistant_message'""", (thread,)
        ).fetchall()
    return [str(output) for (output,) in rows if output]


async def _stored(app: LiveApp, thread: str | None, answers: list[str], timeout: float = 20) -> bool:
    """Whether every answer reaches the chat history (Chainlit writes it just after the turn)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not set(answers) <= set(_assistant_messages(app, thread)):
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.2)
    return True


async def _streaming(client: ChainlitClient, timeout: float) -> None:
    """Until the first words of the answer are on the reader's screen. Chainlit sends them with
    ``stream_start``; ``stream_token`` follows only when more comes (an answer the checks replaced
    arrives whole, in the ``stream_start`` alone)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not any(event in ("stream_start", "stream_token") for event, _ in client.received().events):
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("no token streamed")
        await asyncio.sleep(0.05)


async def test_first_answers_after_a_cold_start_end_and_are_stored(
    tmp_path: Path, sample_index: Path, shop_origin: str
) -> None:
    app = LiveApp(tmp_path, sample_index, [shop_origin], SECRET, env={"SALES_LLM": "embedded"})
    app.start(timeout_s=300)
    try:
        first = ChainlitClient(app.url, customer_token(app, shop_origin), "copilot", shop_origin)
        second = ChainlitClient(app.url, customer_token(app, shop_origin), "copilot", shop_origin)
        await first.connect()
        await second.connect()
        asking = asyncio.create_task(
            first.ask("I need a light laptop for travel, what do you have?", timeout=240)
        )
        await _streaming(first, timeout=180)
        other = await second.ask("Do you sell noise cancelling headphones?", timeout=240)
        reply = await asking
        again = await first.ask("How heavy is it?", timeout=240)
        for client, answers in ((first, [reply.answer, again.answer]), (second, [other.answer])):
            assert all(answers) and await _stored(app, client.thread_id, answers)
        await first.close()
        await second.close()
    finally:
        app.stop()
    assert "Traceback" not in app.log.read_text()
