"""A deadline on an LLM call that holds even when the call swallows a cancel.

On Python 3.11, ``asyncio.wait_for`` returns the inner result when a cancel arrives just as the
inner step finishes, and the cancel is lost (fixed in 3.12, python/cpython#86296). langchain-openai
wraps every streamed chunk in ``wait_for``, so an ``asyncio.timeout`` around a stream that keeps
trickling tokens can miss its deadline by the whole stream (20 s instead of 1 s, seen in CI). The
call therefore runs as its own task, and is cancelled again until it stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

# A lost cancel is rare; four tries, half a second apart, then the call is left to finish alone.
_CANCEL_TRIES = 4
_CANCEL_WAIT_S = 0.5


async def within_deadline(call: Awaitable[T], seconds: float) -> T:
    """The call's result; ``TimeoutError`` when it has not finished after ``seconds``."""
    task = asyncio.ensure_future(call)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
    except asyncio.CancelledError:  # the turn itself was cancelled (the customer left)
        await _stop(task)
        raise
    if task in done:
        return task.result()
    await _stop(task)
    raise TimeoutError(f"the LLM call did not finish within {seconds:.1f} s")


async def _stop(task: asyncio.Future[T]) -> None:
    for _ in range(_CANCEL_TRIES):
        if task.done():
            break
        task.cancel()
        await asyncio.wait({task}, timeout=_CANCEL_WAIT_S)
    if not task.done():
        log.warning("an LLM call ignored %d cancels; it is left to finish in the background", _CANCEL_TRIES)
    # Whatever it ends with was already answered by the timeout: retrieve it so asyncio does not log it.
    task.add_done_callback(lambda t: t.cancelled() or t.exception())
