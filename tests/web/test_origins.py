"""Only the app itself and the configured shop origins get through."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.middleware.cors import CORSMiddleware

from agent.web.origins import install_origin_guard

SHOP = "https://shop.example"


def _app() -> TestClient:
    app = FastAPI()
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"])

    @app.get("/ping")
    def ping() -> dict[str, bool]:
        return {"ok": True}

    client = TestClient(app)
    client.get("/ping")  # the stack is built on first use, as Chainlit's is before start-up hooks
    install_origin_guard(app, [SHOP + "/"])
    return client


def test_the_shop_and_the_app_itself_are_served() -> None:
    client = _app()
    shop = client.get("/ping", headers={"Origin": SHOP})
    assert shop.status_code == 200 and shop.headers["access-control-allow-origin"] == SHOP
    assert client.get("/ping", headers={"Origin": "http://testserver"}).status_code == 200
    assert client.get("/ping").status_code == 200  # no Origin: a server or curl, left to auth


def test_other_origins_are_refused_and_get_no_cors_grant() -> None:
    client = _app()
    refused = client.get("/ping", headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403 and "evil.example" in refused.text
    preflight = client.options(
        "/ping", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 403
