"""A real Chainlit server (the fake LLM, everything else real) on 127.0.0.1, and a shop page
served from another origin, shared by the protocol and browser tests of one module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.web.users import UserStore
from tests.web.live import LiveApp, shop_page

SECRET = "test-secret-" + "x" * 40
PRIVACY_URL = "https://shop.example/privacy"
STAFF = {"sam": ("sam-password-1", "salesperson"), "ada": ("ada-password-1", "admin")}


@pytest.fixture(scope="module")
def shop_origin() -> Iterator[str]:
    with shop_page() as origin:
        yield origin


@pytest.fixture(scope="module")
def live_app(
    tmp_path_factory: pytest.TempPathFactory, sample_index: Path, shop_origin: str
) -> Iterator[LiveApp]:
    home = tmp_path_factory.mktemp("app")
    store = UserStore(home / "users.json")
    for name, (password, role) in STAFF.items():
        store.set_user(name, password, role)
    app = LiveApp(home, sample_index, [shop_origin], SECRET, {"SALES_PRIVACY_URL": PRIVACY_URL})
    app.start()
    yield app
    app.stop()


def login_token(app: LiveApp, name: str) -> str:
    return app.login_token(name, STAFF[name][0])


def customer_token(app: LiveApp, origin: str) -> str:
    return app.customer_token(origin)
