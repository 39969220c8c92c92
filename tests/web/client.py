"""A small client for Chainlit's socket.io protocol, for tests, smoke checks and the load bench.

It does what the browser does: authenticates with the access-token cookie, opens a session,
sends user messages and collects what the server emits until the turn's ``task_end``.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import socketio


@dataclass
class Reply:
    """Everything the server emitted for one user message."""

    events: list[tuple[str, Any]] = field(default_factory=list)

    def steps(self) -> list[dict[str, Any]]:
        """Final state of each step or message the server sent, by id, in first-seen order."""
        latest: dict[str, dict[str, Any]] = {}
        for event, data in self.events:
            if event in ("new_message", "update_message", "stream_start") and isinstance(data, dict):
                latest[data["id"]] = {**latest.get(data["id"], {}), **data}
        return list(latest.values())

    @property
    def answer(self) -> str:
        messages = [s for s in self.steps() if s.get("type") == "assistant_message"]
        return str(messages[-1].get("output", "")) if messages else ""

    @property
    def tool_steps(self) -> list[dict[str, Any]]:
        return [s for s in self.steps() if s.get("type") == "tool"]

    @property
    def elements(self) -> list[dict[str, Any]]:
        return [data for event, data in self.events if event == "element"]


class ChainlitClient:
    def __init__(self, base_url: str, token: str, client_type: str = "webapp", origin: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.client_type = client_type
        self.origin = origin
        self.thread_id: str | None = None
        self.session_id = str(uuid.uuid4())
        self.extra_headers: dict[str, str] = {}  # e.g. X-Forwarded-For, as a balancer adds it
        self.commands: list[dict[str, Any]] = []
        self._sio = socketio.AsyncClient(reconnection=False)
        self._events: list[tuple[str, Any]] = []
        self._turn_done = asyncio.Event()
        self._started = False
        self._sio.on("*", self._record)

    async def _record(self, event: str, data: Any = None) -> None:
        self._events.append((event, data))
        if event == "set_commands":
            self.commands = list(data or [])
        if event == "first_interaction" and isinstance(data, dict):
            self.thread_id = data.get("thread_id") or self.thread_id
        if event == "task_start":
            self._started = True
        # The server also sends a bare task_end when a session opens: a turn ends only after it began.
        if event == "task_end" and self._started:
            self._turn_done.set()

    async def connect(self, thread_id: str | None = None, timeout: float = 30) -> None:
        # The session cookie is what Chainlit's own clients set before connecting: a balancer pins on it.
        headers = {"Cookie": f"access_token={self.token}; X-Chainlit-Session-id={self.session_id}"}
        if self.origin:
            headers["Origin"] = self.origin
        headers.update(self.extra_headers)
        auth = {
            "sessionId": self.session_id,
            "clientType": self.client_type,
            "userEnv": "{}",
            "chatProfile": None,
            "threadId": thread_id,
        }
        self.thread_id = thread_id
        await self._sio.connect(
            self.base_url,
            socketio_path="/ws/socket.io",
            headers=headers,
            auth=auth,
            transports=["websocket"],
            wait_timeout=timeout,
        )
        self._turn_done.clear()
        self._started = False
        await self._sio.emit("connection_successful")
        await asyncio.wait_for(self._turn_done.wait(), timeout)

    async def ask(self, content: str, command: str | None = None, timeout: float = 60) -> Reply:
        self._events.clear()
        self._turn_done.clear()
        self._started = False
        message = {
            "id": str(uuid.uuid4()),
            "threadId": self.thread_id or "",
            "name": "User",
            "type": "user_message",
            "output": content,
            "createdAt": datetime.now(UTC).isoformat(),
            "command": command,
        }
        await self._sio.emit("client_message", {"message": message, "fileReferences": []})
        await asyncio.wait_for(self._turn_done.wait(), timeout)
        return Reply(list(self._events))

    async def wait_for_message(self, needle: str, timeout: float = 30) -> dict[str, Any]:
        """The first message (sent outside a turn too, e.g. by another user) containing ``needle``."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for step in self.received().steps():
                if needle in str(step.get("output", "")):
                    return step
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"no message with {needle!r} within {timeout} s")
            await asyncio.sleep(0.1)

    def received(self) -> Reply:
        """Everything received since the last ``ask`` or ``clear``."""
        return Reply(list(self._events))

    def actions(self) -> list[dict[str, Any]]:
        """Every action button the server sent to this session."""
        return [data for event, data in self._events if event == "action"]

    def clear(self) -> None:
        self._events.clear()

    async def call_action(self, action: dict[str, Any]) -> int:
        """Click an action button as the browser does (Chainlit's HTTP endpoint); the status code."""

        def post() -> int:
            request = urllib.request.Request(
                f"{self.base_url}/project/action",
                data=json.dumps({"sessionId": self.session_id, "action": action}).encode(),
                # The browser sends the session cookie too: a balancer pins the call to the session's worker.
                headers={
                    "Content-Type": "application/json",
                    "Cookie": f"access_token={self.token}; X-Chainlit-Session-id={self.session_id}",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return int(response.status)
            except urllib.error.HTTPError as error:
                return int(error.code)

        return await asyncio.to_thread(post)

    async def close(self) -> None:
        await self._sio.disconnect()
