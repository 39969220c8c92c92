"""What the app's start-up does to the process: its own tables, and nothing global it can avoid."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from fastapi import FastAPI

from agent.consult.ledger import SalesLedger
from agent.settings import Settings
from agent.web.origins import OriginGuard
from agent.web.runtime import WebRuntime
from tests.conftest import tmp_settings


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    return tmp_settings(tmp_path, retention_days=0)


async def test_start_up_creates_the_ledger_and_leaves_the_root_logger_alone(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = logging.getLogger()
    root_before = [(handler, list(handler.filters)) for handler in root.handlers]
    stream = io.StringIO()
    monkeypatch.setattr("sys.stdout", stream)  # where the app's log handler writes
    runtime = WebRuntime(lambda: app_settings)
    server = FastAPI()
    await runtime.start(server)
    try:
        assert SalesLedger(app_settings.sales_db).leads() == []  # the schema exists from start-up
        assert [(handler, list(handler.filters)) for handler in root.handlers] == root_before
        logging.getLogger("agent.consult.session").warning("lead from %s", "ana@example.com")
        assert "lead from [email]" in stream.getvalue() and "ana@" not in stream.getvalue()
        assert server.user_middleware[0].cls is OriginGuard
    finally:
        await runtime.stop()
    app_logger = logging.getLogger("agent")
    assert app_logger.handlers == [] and app_logger.propagate  # stop() gives the process back


async def test_without_redaction_app_logs_stay_with_the_root(
    app_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = WebRuntime(lambda: app_settings.model_copy(update={"redact_transcripts": False}))
    await runtime.start(FastAPI())
    try:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            logging.getLogger("agent.web").info("from %s", "ana@example.com")
        assert caplog.messages == ["from ana@example.com"]
    finally:
        await runtime.stop()
