"""The real app with the intent classifier's compiled path on: it compiles before it answers anything
(tracing patches torch for the whole process, so never beside a live turn), then uses it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.client import ChainlitClient
from tests.web.conftest import SECRET, customer_token
from tests.web.live import LiveApp

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


async def test_the_app_compiles_before_its_first_answer_and_then_uses_the_compiled_path(
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
        # Loads the models and compiles first; the answer comes only after the compile ended.
        first = await client.ask("do you ship to Canada?", timeout=360)
        assert "[shipping.md" in first.answer
        log = compiling_app.log.read_text()
        assert "single messages compiled" in log, log[-2000:]
        second = await client.ask("我想要一副降噪耳机", timeout=60)
        assert "降噪" in second.answer
        after = await client.ask("how much is the Voltix AirBook 13?", timeout=60)
        assert "$899.00" in after.answer
    finally:
        await client.close()
