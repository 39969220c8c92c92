"""Only the shop pages in ``allowed_origins`` (and the app's own pages) may talk to the app.

Chainlit reads ``allow_origins`` from its config file when it is imported and builds its
middleware before the app's start-up hook runs; ``install_origin_guard`` puts our settings in
front of every HTTP request and the socket.io handshake, and sets the CORS answer to match.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send


def _origin_of(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower()


class OriginGuard:
    """Refuses (403) any request or websocket whose Origin is neither the app itself nor allowed.
    Requests without an Origin (curl, server-to-server) are left to authentication."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = {_origin_of(origin) for origin in allowed}

    def permits(self, origin: str, host: str, scheme: str) -> bool:
        origin = origin.lower()
        return origin in self.allowed or origin == f"{scheme}://{host}".lower()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            origin = headers.get("origin")
            scheme = "https" if scope.get("scheme") in ("https", "wss") else "http"
            if origin and not self.permits(origin, headers.get("host", ""), scheme):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                response = PlainTextResponse(f"origin {origin} is not allowed", status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_origin_guard(app: Any, allowed: list[str]) -> None:
    """Rebuild Chainlit's middleware stack with the guard outermost and CORS limited to
    ``allowed``. Must run before the first HTTP request (the start-up hook is)."""
    allowed = sorted({_origin_of(origin) for origin in allowed})  # "https://shop.example/" works too
    stack: list[Middleware] = []
    for middleware in app.user_middleware:
        if middleware.cls is CORSMiddleware:
            middleware = Middleware(CORSMiddleware, **(middleware.kwargs | {"allow_origins": list(allowed)}))
        if middleware.cls is not OriginGuard:
            stack.append(middleware)
    app.user_middleware = [Middleware(OriginGuard, allowed=allowed), *stack]
    app.middleware_stack = app.build_middleware_stack()
