"""Streamed tokens go to the browser in small batches, not one socket frame per token.

A frame per token costs the server more than the fake model's whole answer when many
conversations stream at once; a reader cannot tell 50 ms batches from single tokens.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

FLUSH_INTERVAL_S = 0.05


class TokenCoalescer:
    """Collects tokens and sends them joined: the first at once (time to first token is what a
    customer notices), then at most one batch per ``interval``. Call ``flush`` when the model
    pauses (a tool runs) and when the answer ends, so nothing waits for a next token."""

    def __init__(
        self,
        send: Callable[[str], Awaitable[None]],
        interval: float = FLUSH_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._send = send
        self._interval = interval
        self._clock = clock
        self._pending: list[str] = []
        self._last_sent: float | None = None

    async def add(self, token: str) -> None:
        self._pending.append(token)
        if self._last_sent is None or self._clock() - self._last_sent >= self._interval:
            await self.flush()

    async def flush(self) -> None:
        if not self._pending:
            return
        text = "".join(self._pending)
        self._pending.clear()
        self._last_sent = self._clock()
        await self._send(text)
