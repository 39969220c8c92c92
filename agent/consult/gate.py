"""What streams to the reader was checked first: a sentence at a time, against the turn's facts.

The validator judges the whole answer when the model is done, and may replace it. Without a gate
the reader would already have seen the words it replaces (an invented free-delivery promise, a
price the catalog does not hold) for the seconds the answer took. So the model's tokens are held
until a sentence ends, the text so far is checked with the same rules as the final answer, and
only a clean sentence goes out; after the first one that fails, nothing more streams this turn
and the checked answer replaces the message when the turn ends.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

TokenSink = Callable[[str], Awaitable[None]]
StreamCheck = Callable[[str], bool]

# A sentence ends at . ! ? followed by a space (so "$1,299.00" and "v2.5" do not end one), at
# Chinese full stops, or at a line break (a list item).
_SENTENCE_END = re.compile(r"[.!?:;](?=\s)|[。！？；\n]")


# Where a cut answer may end: not at a colon or semicolon ("...; Codec: LDAC; Weight:" promises
# a figure that never comes).
_FULL_STOP = re.compile(r"[.!?](?=\s)|[。！？\n]")
_LIST_NUMBER = re.compile(r"(?:^|\n)\s*\d{1,2}\.$")  # "1." opening a list item ends nothing


def whole_sentences(text: str) -> str:
    """``text`` up to the end of its last finished sentence (all of it when none has ended)."""
    ends = [m.end() for m in _FULL_STOP.finditer(f"{text} ")]  # a closing "." ends one too
    ends = [end for end in ends if not _LIST_NUMBER.search(text[:end])]
    return text[: ends[-1]].rstrip() if ends else text


class StreamGate:
    """Between the model's tokens and ``send``. ``arm`` gives it the turn's check (the middleware
    does, once the facts are known); ``close`` stops streaming (a second generation would be
    appended to the first on the reader's screen).

    ``doomed``, when armed, tells a failing prefix that no ending can save (a wrong language, a
    price the catalog does not hold, the last answer copied): ``stopped`` is then set with the text
    so far in ``stop_text``, and the caller may end the generation instead of waiting for it."""

    def __init__(self, send: TokenSink | None = None) -> None:
        self._send = send
        self._check: StreamCheck | None = None
        self._doomed: StreamCheck | None = None
        self._shown = ""
        self._pending = ""
        self.closed = False
        self.stopped = asyncio.Event()
        self.stop_text = ""

    def arm(self, check: StreamCheck, doomed: StreamCheck | None = None) -> None:
        self._check = check
        self._doomed = doomed

    def close(self) -> None:
        self.closed = True
        self._pending = ""

    async def add(self, token: str) -> None:
        if self.closed:
            return
        self._pending += token
        ends = [m.end() for m in _SENTENCE_END.finditer(self._pending)]
        if ends:
            await self._release(ends[-1])

    async def finish(self, answer: str) -> None:
        """The turn ended with the checked ``answer``: stream the rest of it when it goes on from
        what was shown (the last sentence, a completion); a replaced answer is shown whole by the
        caller instead."""
        rest = answer[len(self._shown) :] if answer.startswith(self._shown) else ""
        self.close()
        if rest and self._send is not None:
            await self._send(rest)

    async def _release(self, upto: int) -> None:
        part = self._pending[:upto]
        text = self._shown + part
        if self._doomed is not None and self._doomed(text):  # may pass the check: a copied answer
            self.close()
            self.stop_text = text
            self.stopped.set()
            return
        if self._check is None or not self._check(text):
            self.close()  # unchecked or failing: the final answer shows instead
            return
        self._pending = self._pending[upto:]
        self._shown += part
        if self._send is not None:
            await self._send(part)
