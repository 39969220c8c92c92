"""A fake OpenAI-compatible server on 127.0.0.1 that fails on purpose, for the fault tests.

Each request to ``/v1/chat/completions`` takes the next behaviour from ``plan``: ``"500"`` (an
internal error), ``"hang"`` (answers after the client gave up), ``"bad_tool"`` (a streamed tool
call whose arguments are not JSON) or ``"ok:<text>"`` (a normal streamed answer). The last
behaviour repeats when the plan runs out.
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
    def __init__(self, plan: list[str]) -> None:
        self.plan = list(plan)
        self.requests = 0
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

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                behaviour = fake.next_behaviour()
                if behaviour == "500":
                    self._json(500, {"error": {"message": "internal error", "type": "server_error"}})
                    return
                if behaviour == "hang":
                    time.sleep(3)
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
