"""A fake OpenAI-compatible server on 127.0.0.1 that fails on purpose, for the fault tests.

Each request to ``/v1/chat/completions`` takes the next behaviour from ``plan``: ``"500"`` (an
internal error), ``"401"`` (a wrong key), ``"404"`` (an unknown model), ``"hang"`` (answers after
the client gave up), ``"trickle"`` (a token every 0.2 s, never ending), ``"doomed:<text>"`` (the text,
then a trickle), ``"bad_tool"`` (a streamed
tool call whose arguments are not JSON) or ``"ok:<text>"`` (a normal streamed answer). The last
behaviour repeats when the plan runs out. ``GET /v1/models...`` answers like the chat requests
(``"401"``, ``"404"``) or, otherwise, lists ``models``. Request bodies are kept in ``bodies``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def _chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


class FakeOpenAI:
    def __init__(self, plan: list[str], models: tuple[str, ...] = ("gpt-4o-mini",)) -> None:
        self.plan = list(plan)
        self.models = models
        self.requests = 0
        self.bodies: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def next_behaviour(self) -> str:
        with self.lock:
            self.requests += 1
            return self.plan.pop(0) if len(self.plan) > 1 else self.plan[0]

    @contextmanager
    def serve(self) -> Iterator[str]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                behaviour = fake.plan[0]
                if self._error(behaviour):
                    return
                data = [
                    {"id": name, "object": "model", "created": 0, "owned_by": "fake"} for name in fake.models
                ]
                if self.path.rstrip("/").endswith("/models"):
                    self._json(200, {"object": "list", "data": data})
                else:
                    self._json(200, data[0])

            def _error(self, behaviour: str) -> bool:
                errors = {"500": ("internal error", "server_error"), "401": ("Incorrect API key", "invalid_api_key"),
                          "404": ("The model does not exist", "model_not_found")}  # fmt: skip
                if behaviour not in errors:
                    return False
                message, code = errors[behaviour]
                self._json(int(behaviour), {"error": {"message": message, "type": code, "code": code}})
                return True

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with fake.lock:
                    fake.bodies.append(body)
                behaviour = fake.next_behaviour()
                if self._error(behaviour):
                    return
                if behaviour == "hang":
                    time.sleep(3)
                    return
                if behaviour == "trickle" or behaviour.startswith("doomed:"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    try:
                        for word in (
                            behaviour.removeprefix("doomed:").split(" ") if behaviour != "trickle" else []
                        ):
                            self.wfile.write(_chunk({"content": word + " "}))
                        for _ in range(100):
                            self.wfile.write(_chunk({"content": "and "}))
                            self.wfile.flush()
                            time.sleep(0.2)
                    except OSError:  # the client gave up
                        pass
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                if behaviour == "bad_tool":
                    call = {"index": 0, "id": "call_1", "type": "function",
                            "function": {"name": "search_catalog", "arguments": "{not json"}}  # fmt: skip
                    self.wfile.write(_chunk({"role": "assistant", "tool_calls": [call]}))
                    self.wfile.write(_chunk({}, "tool_calls"))
                else:
                    for word in behaviour.removeprefix("ok:").split(" "):
                        self.wfile.write(_chunk({"content": word + " "}))
                    self.wfile.write(_chunk({}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/v1"
        finally:
            server.shutdown()
