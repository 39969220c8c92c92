"""PostgreSQL unreachable while a customer chats: a plain message of ours, then it recovers.

A restart or failover leaves the database refusing connections for some seconds. The customer is
told so (not shown a generic error), and once it is back the next message is answered, with the
conversation's memory, without restarting the worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from agent.storage.engine import conninfo
from tests.postgres import SERVER_URL, cut_connections
from tests.web.client import ChainlitClient
from tests.web.live import LiveApp

SECRET = "outage-secret-" + "x" * 40
SHOP = "http://127.0.0.1:8001"
DOWN = "can't reach our records"


def _allow_connections(database_url: str, allowed: bool) -> None:
    """What a restart looks like from the app: every connection cut, new ones refused."""
    name = make_url(database_url).database or ""
    with psycopg.connect(conninfo(str(SERVER_URL)), autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {str(allowed).lower()}")
        if not allowed:
            cut_connections(admin, name)


@pytest.fixture(scope="module")
def worker(
    tmp_path_factory: pytest.TempPathFactory, sample_index: Path, database_url: str
) -> Iterator[LiveApp]:
    home = tmp_path_factory.mktemp("outage-worker")
    env = {"SALES_DATABASE_URL": database_url, "XDG_CACHE_HOME": str(home / "cache")}
    app = LiveApp(home, sample_index, [SHOP], SECRET, env=env)
    app.start()
    yield app
    _allow_connections(database_url, True)
    app.stop()


async def test_a_customer_is_told_while_the_database_is_down_and_goes_on_after(
    worker: LiveApp, database_url: str
) -> None:
    customer = ChainlitClient(worker.url, worker.customer_token(SHOP), "copilot", SHOP)
    await customer.connect()
    first = await customer.ask("I need a light laptop for travel under $900")
    assert "LAP-001" in first.answer
    _allow_connections(database_url, False)
    try:
        down = await customer.ask("How heavy is it?", timeout=60)
        down_zh = await customer.ask("它有多重？", timeout=60)
    finally:
        _allow_connections(database_url, True)
    assert DOWN in down.answer and "暂时无法访问" in down_zh.answer
    # The pools replace their broken connections by themselves: within seconds, no restart.
    started = asyncio.get_running_loop().time()
    back = await customer.ask("How heavy is the first one?", timeout=60)
    while DOWN in back.answer and asyncio.get_running_loop().time() - started < 30:
        await asyncio.sleep(2)
        back = await customer.ask("How heavy is the first one?", timeout=60)
    await customer.close()
    assert DOWN not in back.answer and "1.2 kg" in back.answer  # the memory of the first turn is there
