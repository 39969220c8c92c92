"""Messages into another user's open chat: the customer's widget, a salesperson's staff chat.

Sessions are found by the conversation (thread) they show, not remembered when a handoff starts:
a reconnected widget or a staff chat resumed after a restart gets a new session on the same
thread, and is found again. ``LocalRelay`` reaches this worker's sessions; with several workers
on one PostgreSQL, ``agent.cluster.relay.PostgresRelay`` hands each message to every worker, and
each worker's ``LocalRelay`` delivers it to the sessions it holds.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

import chainlit as cl
from chainlit.context import init_ws_context, local_steps
from chainlit.session import WebsocketSession, ws_sessions_id


@dataclass(frozen=True)
class Delivery:
    """A message for the open chats of one thread (``audience`` "thread", ``target`` the thread)
    or of every salesperson ("staff"). ``about``: the customer's conversation it concerns."""

    audience: str
    target: str | None
    about: str | None
    content: str
    author: str
    actions: list[cl.Action] = field(default_factory=list)


class Relay(ABC):
    """Where a message into other chats goes: ``deliver`` is all a relay writes itself."""

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def to_thread(
        self,
        thread_id: str,
        content: str,
        author: str,
        actions: list[cl.Action] | None = None,
        about: str | None = None,
        confirm: bool = False,
    ) -> int:
        """Into every open chat on this thread; how many there were (0: nobody has that chat open
        now; the handoff record keeps the message). ``about``: the customer's conversation it
        concerns. ``confirm``: the count matters to the caller (else it may be 0 at once)."""
        message = Delivery("thread", thread_id, about or thread_id, content, author, actions or [])
        return await self.deliver(message, confirm)

    async def to_staff(
        self, content: str, author: str, actions: list[cl.Action] | None = None, about: str | None = None
    ) -> int:
        """Into every open staff chat."""
        return await self.deliver(Delivery("staff", None, about, content, author, actions or []))

    @abstractmethod
    async def deliver(self, message: Delivery, confirm: bool = False) -> int:
        """How many chats it reached (where ``confirm`` is False, 0 may mean not counted)."""


def sessions_showing(thread_id: str) -> list[WebsocketSession]:
    return [s for s in list(ws_sessions_id.values()) if s.thread_id == thread_id]


def sessions_where(keep: Callable[[WebsocketSession], bool]) -> list[WebsocketSession]:
    return [s for s in list(ws_sessions_id.values()) if keep(s)]


async def send_into(
    session: WebsocketSession, content: str, author: str, actions: list[cl.Action] | None = None
) -> None:
    """Send (and store in that session's thread) as if that session's own handler had."""

    async def send() -> None:
        # A task runs in a copy of the caller's context: switching it to the other session
        # here leaves the caller's own chat untouched. The caller's open steps belong to its own
        # thread: the message must not nest under them.
        init_ws_context(session)
        local_steps.set(None)
        await cl.Message(content=content, author=author, actions=actions or []).send()

    await asyncio.create_task(send())


class LocalRelay(Relay):
    """This worker's sessions only: all there is with SQLite (one worker)."""

    def __init__(self, is_staff: Callable[[WebsocketSession], bool]) -> None:
        self._is_staff = is_staff

    async def deliver(self, message: Delivery, confirm: bool = False) -> int:
        if message.audience == "staff":
            sessions = sessions_where(self._is_staff)
        else:
            sessions = sessions_showing(message.target or "")
        for session in sessions:
            await send_into(session, message.content, message.author, message.actions)
        return len(sessions)
