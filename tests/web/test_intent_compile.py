"""The real app with the intent classifier's compiled path on (as shipped): it compiles while serving."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.web.client import ChainlitClient
from agent.web.live import LiveApp
from tests.web.conftest import SECRET, customer_token

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def compiling_app(
    tmp_path_factory: pytest.TempPathFactory, sample_index: Path, shop_origin: str
) -> Iterator[LiveApp]:
    app = LiveApp(
        tmp_path_factory.mktemp("app"),
        sample_index,
        [shop_origin],
        SECRET,
        env={"SALES_INTENT_COMPILE": "true"},
    )
    app.start()
    yield app
    app.stop()


async def test_the_app_answers_while_compiling_and_then_uses_the_compiled_path(
    compiling_app: LiveApp, shop_origin: str
) -> None:
    client = ChainlitClient(
        compiling_app.url,
        customer_token(compiling_app, shop_origin),
        client_type="copilot",
        origin=shop_origin,
    )
    await client.connect()
    try:
        first = await client.ask("do you ship to Canada?", timeout=120)  # loads the models, starts compiling
        assert "[shipping.md" in first.answer
        while_compiling = await client.ask("我想要一副降噪耳机", timeout=120)
        assert "降噪" in while_compiling.answer
        deadline = time.monotonic() + 300
        while "single messages compiled" not in compiling_app.log.read_text():
            assert "stays eager" not in compiling_app.log.read_text(), compiling_app.log.read_text()[-2000:]
            assert time.monotonic() < deadline, "the compiled path was not ready within 5 minutes"
            await asyncio.sleep(2)
        after = await client.ask("how much is the Voltix AirBook 13?", timeout=60)
        assert "$899.00" in after.answer
    finally:
        await client.close()
