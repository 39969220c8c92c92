"""What a public chat refuses before the agent runs: empty or oversized messages, control-character
junk, and customers (per session and per address) sending faster than the limits allow."""

from __future__ import annotations

import re
import time
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

from agent.prompts import load_localized

# Control characters except tab and newline: binary junk pasted into the box.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_message(text: str) -> str:
    """Normalized text without control characters (emoji and any script are kept)."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


def refusal_for(text: str, max_chars: int, language: str) -> str | None:
    """A polite reply instead of a turn, or None when the message can go to the agent."""
    if not text:
        return load_localized("reply_empty", language)
    if len(text) > max_chars:
        return load_localized("reply_too_long", language, length=len(text), limit=max_chars)
    return None


def client_address(environ: dict[str, Any]) -> str:
    """The customer's address. engine.io's environ says 127.0.0.1 for every socket; the ASGI scope
    has the real one (behind a balancer: from X-Forwarded-For, which uvicorn takes only from the
    addresses in FORWARDED_ALLOW_IPS)."""
    client = (environ.get("asgi.scope") or {}).get("client")
    return str(client[0]) if client else str(environ.get("REMOTE_ADDR", "unknown"))


class RateLimiter:
    """At most ``limit`` events per ``window_s`` for each key (a sliding window, in memory: one
    app worker's view; behind a load balancer each worker enforces its own share)."""

    def __init__(self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._events: defaultdict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str) -> bool:
        now = self._clock()
        events = self._events[key]
        while events and now - events[0] >= self.window_s:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        if len(self._events) > 100_000:  # bounded memory under a flood of one-off keys
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or now - v[-1] >= self.window_s]:
            del self._events[key]
