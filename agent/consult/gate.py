"""What streams to the reader was rendered and checked first, a sentence at a time.

The model's tokens are held until a sentence ends; the answer so far is then composed (references
rendered, every sentence checked) and the sentences that hold and were not shown yet go out. A
sentence that does not hold is never shown, and the ones after it still stream. When the whole
answer is replaced in the end (the wrong language), the caller shows the final answer instead.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Protocol

TokenSink = Callable[[str], Awaitable[None]]

# A sentence ends at . ! ? ; followed by a space, at a Chinese full stop, or at a line break.
_SENTENCE_END = re.compile(r"[.!?;:](?=\s)|[。！？；]|\n")
# Where a cut answer may end: not at a colon or semicolon (a figure promised that never comes).
_FULL_STOP = re.compile(r"[.!?](?=\s)|[。！？\n]")
_LIST_NUMBER = re.compile(r"(?:^|\n)\s*\d{1,2}\.$")  # "1." opening a list item ends nothing


class _Composed(Protocol):
    model_text: str


def whole_sentences(text: str) -> str:
    """``text`` up to the end of its last finished sentence (all of it when none has ended)."""
    ends = [m.end() for m in _FULL_STOP.finditer(f"{text} ")]
    ends = [end for end in ends if not _LIST_NUMBER.search(text[:end])]
    return text[: ends[-1]].rstrip() if ends else text


class StreamGate:
    """Between the model's tokens and ``send``; ``arm`` gives it the turn's composition (the
    middleware does, once the facts are known)."""

    def __init__(self, send: TokenSink | None = None) -> None:
        self._send = send
        self._compose: Callable[[str], _Composed] | None = None
        self._raw = ""  # what the model wrote so far
        self._shown = ""  # what the reader has seen (rendered, checked)
        self.closed = False

    def arm(self, compose: Callable[[str], _Composed]) -> None:
        self._compose = compose

    def close(self) -> None:
        self.closed = True

    async def add(self, token: str) -> None:
        if self.closed:
            return
        self._raw += token
        if self._send is None:  # nobody reads along: the whole answer is composed once, at the end
            return
        ends = [m.end() for m in _SENTENCE_END.finditer(self._raw)]
        if ends and self._compose is not None:
            await self._release(self._compose(self._raw[: ends[-1]]).model_text)

    async def finish(self, answer: str) -> None:
        """The turn ended with ``answer``: stream the rest of it when it goes on from what was
        shown; a replaced answer is shown whole by the caller instead."""
        if not self.closed:
            await self._release(answer)
        self.close()

    async def _release(self, checked: str) -> None:
        if not checked.startswith(self._shown):
            self.close()  # an earlier sentence reads otherwise now: the final answer shows instead
            return
        rest = checked[len(self._shown) :]
        if rest and self._send is not None:
            await self._send(rest)
        self._shown = checked
