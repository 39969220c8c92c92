"""A hosted LLM that fails: retried with backoff, then a graceful answer with the turn's facts,
and the conversation goes on. Against a real HTTP server on 127.0.0.1, through the real client."""

from __future__ import annotations

from pydantic import SecretStr

from agent.consult.builder import open_consultant
from agent.consult.deps import ConsultDeps
from agent.llm.factory import make_chat_model
from tests.llm.fake_openai import FakeOpenAI
from tests.web.live import free_port

DOWN = "Our assistant is having trouble answering right now"
GOOD = "ok:The Nimbus Quiet 700 [AUD-001] has adaptive noise cancelling."
QUESTION = "Do you have noise cancelling headphones?"


def _settings(deps: ConsultDeps, base_url: str, retries: int = 2):  # type: ignore[no-untyped-def]
    return deps.settings.model_copy(
        update={
            "llm": "openai:gpt-4o-mini",
            "openai_base_url": base_url,
            "openai_api_key": SecretStr("test"),
            "llm_timeout_s": 0.5,
            "llm_max_retries": retries,
        }
    )


async def _turns(deps: ConsultDeps, base_url: str, messages: list[str], retries: int = 2) -> list[str]:
    settings = _settings(deps, base_url, retries)
    async with open_consultant(settings, deps, make_chat_model(settings.llm, settings)) as consultant:
        return [(await consultant.answer("t-fault", m)).answer for m in messages]


async def test_a_server_error_is_retried_and_the_customer_never_sees_it(deps: ConsultDeps) -> None:
    server = FakeOpenAI(["500", GOOD])
    with server.serve() as url:
        [answer] = await _turns(deps, url, [QUESTION])
    assert server.requests == 2 and "Nimbus Quiet 700" in answer and DOWN not in answer


async def test_timeouts_fall_back_to_the_facts_then_the_conversation_goes_on(deps: ConsultDeps) -> None:
    server = FakeOpenAI(["hang", "hang", "hang", GOOD])
    with server.serve() as url:
        down, after = await _turns(deps, url, [QUESTION, "and which one is the lightest?"])
    assert server.requests >= 3  # the first try and two retries
    assert down.startswith(DOWN) and "Nimbus" in down
    assert "Nimbus Quiet 700" in after


async def test_connection_refused_gives_the_facts(deps: ConsultDeps) -> None:
    [answer] = await _turns(deps, f"http://127.0.0.1:{free_port()}/v1", [QUESTION], retries=1)
    assert answer.startswith(DOWN) and "Nimbus" in answer


async def test_a_malformed_tool_call_does_not_break_the_turn(deps: ConsultDeps) -> None:
    server = FakeOpenAI(["bad_tool", GOOD])
    with server.serve() as url:
        [answer] = await _turns(deps, url, [QUESTION])
    assert answer.strip() and "Nimbus" in answer
