"""The ``openai:`` path end to end against a real OpenAI-compatible server: llama.cpp (xllamacpp)
serving the embedded model, reached through the agent's own ``ChatOpenAI`` client."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.callbacks import AsyncCallbackHandler
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import SecretStr

from agent.consult.builder import open_consultant
from agent.consult.deps import ConsultDeps
from agent.llm.factory import ChatModelChoice, engine_config, make_chat_model
from agent.settings import Settings

pytestmark = pytest.mark.slow

DOWN = "Our assistant is having trouble answering right now"
QUESTION = "Do you have noise cancelling headphones?"
SHOP = "You are the sales consultant of a small electronics shop. Answer in one short sentence. " * 8


def conversation(question: str) -> list:
    return [SystemMessage(SHOP), HumanMessage(question)]


@pytest.fixture(scope="module")
def local(settings: Settings) -> Settings:
    return settings.model_copy(update={"llm": "embedded", "llm_max_new_tokens": 24, "llm_timeout_s": 30.0})


async def test_streams_through_the_agents_client_and_reuses_the_cached_prefix(local: Settings) -> None:
    choice = make_chat_model("embedded", local)
    assert not choice.calls_tools  # a small model: the fixed pipeline
    chunks = [c async for c in choice.model.astream(conversation("Which laptop is light?"))]
    assert sum(1 for c in chunks if c.text) > 3 and "".join(c.text for c in chunks).strip()
    again = await choice.model.ainvoke(conversation("Do you sell headphones?"))
    usage: dict[str, Any] = dict(again.usage_metadata or {})
    cached = usage.get("input_token_details", {}).get("cache_read", 0)
    assert usage.get("output_tokens", 0) <= 24  # SALES_LLM_MAX_NEW_TOKENS reached the engine
    assert cached >= 100, usage  # the shared system prompt was not computed again


async def test_a_second_customer_does_not_wait_for_the_first_answer(local: Settings) -> None:
    model = make_chat_model("embedded", local.model_copy(update={"llm_max_new_tokens": 120})).model
    first_done: list[float] = []
    second_first_token: list[float] = []
    first_started = asyncio.Event()
    # A long first answer (seconds of decoding), so the check does not hang on the second prompt's
    # prefill being quicker than a short answer on a slower machine.
    long_answer = [HumanMessage("Count from 1 to 300, separated by commas.")]

    async def first() -> None:
        async for chunk in model.astream(long_answer):
            if chunk.text:
                first_started.set()
        first_done.append(time.perf_counter())

    async def second() -> None:
        await first_started.wait()
        async for chunk in model.astream(conversation("Tell me about your phones, please.")):
            if chunk.text and not second_first_token:
                second_first_token.append(time.perf_counter())

    await asyncio.gather(first(), second())
    assert second_first_token[0] < first_done[0]  # two slots generate at once


async def test_a_timeout_ends_the_turn_with_the_outage_answer(deps: ConsultDeps, local: Settings) -> None:
    settings = local.model_copy(update={"llm_timeout_s": 0.2, "llm_max_retries": 0})
    deps = dataclasses.replace(deps, settings=settings)
    async with open_consultant(settings, deps, make_chat_model("embedded", settings)) as consultant:
        started = time.perf_counter()
        result = await consultant.answer("t-engine-timeout", QUESTION)
    assert result.answer.startswith(DOWN) and "Nimbus" in result.answer
    assert time.perf_counter() - started < 10


@pytest.fixture
def engine_process(local: Settings) -> Iterator[tuple[subprocess.Popen[str], str]]:
    gguf = engine_config("embedded", "", local).gguf
    process = subprocess.Popen(
        [sys.executable, "-m", "agent.llm.engine", str(gguf), "--parallel", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()  # printed once the model is loaded
    try:
        yield process, url
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()


async def test_the_server_going_away_mid_answer_ends_the_turn(
    deps: ConsultDeps, local: Settings, engine_process: tuple[subprocess.Popen[str], str]
) -> None:
    process, url = engine_process
    settings = local.model_copy(
        update={
            "llm": "openai:qwen",
            "openai_base_url": url,
            "openai_api_key": SecretStr("x"),
            "llm_max_new_tokens": 128,
            "llm_max_retries": 1,
        }  # fmt: skip
    )
    deps = dataclasses.replace(deps, settings=settings)
    choice: ChatModelChoice = make_chat_model(settings.llm, settings)
    tokens: list[str] = []

    class KillAtFirstToken(AsyncCallbackHandler):
        # The model's own tokens: the reader gets whole checked sentences, later.
        async def on_llm_new_token(self, token: Any, **kwargs: Any) -> None:  # type: ignore[override]
            if not tokens:
                os.kill(process.pid, signal.SIGKILL)
            tokens.append(token)

    choice.model.callbacks = [KillAtFirstToken()]
    async with open_consultant(settings, deps, choice) as consultant:
        started = time.perf_counter()
        result = await consultant.answer("t-engine-gone", QUESTION)
        assert tokens and result.answer.startswith(DOWN) and "Nimbus" in result.answer
        assert time.perf_counter() - started < 30
        # The conversation goes on: the next turn answers from the records, without an LLM.
        after = await consultant.answer("t-engine-gone", "I want to buy it")
    assert after.answer.strip()


async def test_a_tool_call_the_small_model_writes_as_text_never_reaches_the_customer(
    deps: ConsultDeps, local: Settings
) -> None:
    # Measured: Qwen2.5-Coder-0.5B offered tools through the engine writes the call as JSON text
    # (no <tool_call> tags), so the engine returns no tool call: the reason it gets the fixed pipeline.
    settings = local.model_copy(update={"llm_tools": "on", "llm_max_new_tokens": 64})
    deps = dataclasses.replace(deps, settings=settings)
    choice = make_chat_model("embedded", settings)
    assert choice.calls_tools
    async with open_consultant(settings, deps, choice) as consultant:
        result = await consultant.answer("t-engine-tools", "How much is product LAP-001 exactly?")
    assert result.answer.strip()
    assert not any(mark in result.answer for mark in ('"name"', '"arguments"', "get_product", "<tool"))
    assert "LAP-001" in result.answer  # from the model's answer, or the records it falls back to
