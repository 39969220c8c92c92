"""The LLM call's deadline holds even when the call swallows a cancel (Python 3.11's wait_for
does when a streamed chunk arrives with the cancel): the turn ends, the call is stopped."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from agent.llm.deadline import within_deadline


async def _stream_that_loses_the_first_cancel(stopped: asyncio.Event) -> str:
    # The chunk arrived with the cancel: wait_for returned it and the cancel was lost.
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.sleep(30)
    try:
        await asyncio.sleep(30)
    finally:
        stopped.set()
    return "and and and"


async def test_a_call_that_loses_a_cancel_still_ends_at_the_deadline() -> None:
    stopped = asyncio.Event()
    started = time.perf_counter()
    with pytest.raises(TimeoutError, match=r"within 0\.3 s"):
        await within_deadline(_stream_that_loses_the_first_cancel(stopped), 0.3)
    assert time.perf_counter() - started < 2.0
    assert stopped.is_set()  # not left streaming in the background


async def test_a_call_in_time_gives_its_answer_and_its_error() -> None:
    async def answer() -> str:
        await asyncio.sleep(0.01)
        return "The Nimbus Quiet 700"

    async def failing() -> str:
        raise ConnectionError("refused")

    assert await within_deadline(answer(), 5) == "The Nimbus Quiet 700"
    with pytest.raises(ConnectionError):
        await within_deadline(failing(), 5)


async def test_a_cancelled_turn_stops_its_call() -> None:
    stopped = asyncio.Event()
    turn = asyncio.ensure_future(within_deadline(_stream_that_loses_the_first_cancel(stopped), 60))
    await asyncio.sleep(0.05)
    turn.cancel()
    with pytest.raises(asyncio.CancelledError):
        await turn
    assert stopped.is_set()
