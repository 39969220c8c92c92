"""The customer widget's way in: an anonymous customer token for any allowed shop page.

A shop that knows its customer signs its own JWT with ``CHAINLIT_AUTH_SECRET`` instead (see
README); either way the session's role is decided on the server, never by the token's claims.
"""

from __future__ import annotations

import uuid
from typing import Any

from chainlit.auth import create_jwt
from chainlit.user import User
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import JSONResponse

from agent.web.users import CUSTOMER_PREFIX

TOKEN_PATH = "/widget/token"


def customer_token(identifier: str | None = None) -> str:
    """A Chainlit access token for a customer (a fresh anonymous one when no id is given)."""
    name = identifier or f"{CUSTOMER_PREFIX}{uuid.uuid4().hex}"
    return create_jwt(User(identifier=name, display_name="Customer", metadata={"role": "customer"}))


async def issue_token(request: Request) -> JSONResponse:
    # The origin guard has already refused pages outside allowed_origins.
    return JSONResponse({"token": customer_token()}, headers={"Cache-Control": "no-store"})


def install_widget_routes(server_app: Any) -> None:
    """Ahead of Chainlit's catch-all route, which would otherwise answer with the UI page."""
    server_app.router.routes.insert(0, APIRoute(TOKEN_PATH, issue_token, methods=["POST"]))
