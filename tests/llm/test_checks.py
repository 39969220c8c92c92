"""Configuration errors (a wrong key, an unknown model) are told from outages: at start-up, and in a
turn, where the customer still gets the outage answer with the facts."""

from __future__ import annotations

import dataclasses
import logging
import re
import time

import pytest
from pydantic import SecretStr

from agent.consult.builder import ConsultantHolder, open_consultant
from agent.consult.deps import ConsultDeps
from agent.llm.checks import check_chat_model
from agent.llm.factory import make_chat_model
from agent.settings import Settings
from tests.llm.fake_openai import FakeOpenAI

DOWN = "Our assistant is having trouble answering right now"
QUESTION = "Do you have noise cancelling headphones?"
GOOD_ANSWER = "ok:The Nimbus Quiet 700 [AUD-001] has adaptive noise cancelling, for $349.00."


def _settings(base: Settings, url: str, **update: object) -> Settings:
    values = {"llm": "openai:gpt-4o-mini", "openai_base_url": url, "openai_api_key": SecretStr("sk-wrong")}
    return base.model_copy(update={**values, "llm_timeout_s": 0.5, "llm_max_retries": 0, **update})


@pytest.mark.parametrize(("plan", "error"), [("401", "AuthenticationError"), ("404", "NotFoundError")])
async def test_a_wrong_key_or_model_is_logged_as_a_configuration_error(
    deps: ConsultDeps, caplog: pytest.LogCaptureFixture, plan: str, error: str
) -> None:
    server = FakeOpenAI([plan])
    with server.serve() as url:
        settings = _settings(deps.settings, url)
        async with open_consultant(settings, deps, make_chat_model(settings.llm, settings)) as consultant:
            with caplog.at_level(logging.WARNING):
                result = await consultant.answer("t-config", QUESTION)
    assert result.answer.startswith(DOWN) and "Nimbus" in result.answer
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert any(re.search(f"LLM configuration error: \\w*{error}", r.getMessage()) for r in errors), (
        caplog.text
    )
    assert "SALES_OPENAI_API_KEY" in caplog.text


async def test_an_outage_is_not_called_a_configuration_error(
    deps: ConsultDeps, caplog: pytest.LogCaptureFixture
) -> None:
    server = FakeOpenAI(["500"])
    with server.serve() as url, caplog.at_level(logging.WARNING):
        settings = _settings(deps.settings, url)
        async with open_consultant(settings, deps, make_chat_model(settings.llm, settings)) as consultant:
            await consultant.answer("t-outage", QUESTION)
    assert "LLM call failed: " in caplog.text and "500" in caplog.text
    assert "configuration error" not in caplog.text


@pytest.mark.parametrize(("plan", "logged"), [("401", "AuthenticationError"), ("404", "NotFoundError")])
def test_start_up_check_finds_a_wrong_key_or_unknown_hosted_model(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    plan: str,
    logged: str,
) -> None:
    server = FakeOpenAI([plan])
    with server.serve() as url:
        model = make_chat_model("openai:gpt-4o-mini", _settings(settings, url)).model
        # Hosted OpenAI is the client without a custom base URL: point its default at the fake.
        monkeypatch.setattr(model, "openai_api_base", None)
        with caplog.at_level(logging.ERROR):
            problem = check_chat_model(model)
    assert problem and logged in problem
    assert re.search(f"LLM configuration error: \\w*{logged}", caplog.text)


def test_start_up_check_passes_a_good_server_and_flags_a_wrong_key_on_a_custom_one(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with FakeOpenAI(["ok:hi"], models=("gpt-4o-mini",)).serve() as url:
        assert check_chat_model(make_chat_model("openai:gpt-4o-mini", _settings(settings, url)).model) is None
    with FakeOpenAI(["401"]).serve() as url, caplog.at_level(logging.ERROR):
        assert check_chat_model(make_chat_model("openai:gpt-4o-mini", _settings(settings, url)).model)
    assert re.search("LLM configuration error: \\w*AuthenticationError", caplog.text)


async def test_the_app_reports_a_wrong_key_when_it_loads_the_consultant(
    deps: ConsultDeps, caplog: pytest.LogCaptureFixture
) -> None:
    with FakeOpenAI(["401"]).serve() as url:
        holder = ConsultantHolder(lambda: _settings(deps.settings, url, llm="openai:gpt-4o-mini"))
        with caplog.at_level(logging.ERROR):
            try:
                await holder.get()
            finally:
                await holder.close()
    assert re.search("LLM configuration error: \\w*AuthenticationError", caplog.text)


async def test_a_stream_that_never_ends_ends_the_turn_within_the_timeout(deps: ConsultDeps) -> None:
    server = FakeOpenAI(["trickle"])  # tokens keep coming, so no read timeout ever fires
    with server.serve() as url:
        settings = _settings(deps.settings, url, llm_timeout_s=1.0)
        deps = dataclasses.replace(deps, settings=settings)  # the middleware reads the deps' settings
        async with open_consultant(settings, deps, make_chat_model(settings.llm, settings)) as consultant:
            started = time.perf_counter()
            result = await consultant.answer("t-trickle", QUESTION)
            elapsed = time.perf_counter() - started
    assert result.answer.startswith(DOWN) and "Nimbus" in result.answer
    assert elapsed < 4.0  # the turn's deadline: the timeout, plus the fixed steps


async def test_max_tokens_is_sent_to_the_server(deps: ConsultDeps) -> None:
    server = FakeOpenAI(["ok:The Nimbus Quiet 700 [AUD-001] has adaptive noise cancelling."] * 2)
    with server.serve() as url:
        update = {"llm_max_new_tokens": 96, "llm_list_answer_tokens": 40, "llm_timeout_s": 10.0}
        settings = _settings(deps.settings, url, **update)
        deps = dataclasses.replace(deps, settings=settings)
        async with open_consultant(settings, deps, make_chat_model(settings.llm, settings)) as consultant:
            found = await consultant.answer("t-tokens", QUESTION)
            await consultant.answer("t-tokens", "Tell me more about the Nimbus Quiet 700")
    assert len([r for r in found.records if r["kind"] == "product"]) >= 2
    # Several products found: the short answer (code lists them); one product: the usual length.
    assert [b.get("max_completion_tokens") for b in server.bodies] == [40, 96]
    assert all("tools" not in b for b in server.bodies)  # a custom server: the fixed pipeline
