from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langchain_openai import ChatOpenAI

from agent.llm.embedded import ensure_embedded_llm
from agent.llm.factory import LLMSpecError, make_chat_model
from agent.llm.fake import ScriptedChatModel
from agent.llm.local_hf import LocalChatModel
from agent.model_cache import ChecksumError
from agent.settings import Settings


@pytest.mark.parametrize("spec", ["gpt-4o", "openai", "hf:", "anthropic:claude", "openai:gpt-4o"])
def test_bad_specs_name_the_setting(spec: str, settings: Settings) -> None:
    with pytest.raises(LLMSpecError, match="llm="):
        make_chat_model(spec, settings)


def test_openai_compatible_servers_share_one_path(settings: Settings) -> None:
    custom = settings.model_copy(
        update={"openai_base_url": "http://127.0.0.1:8001/v1", "llm_timeout_s": 7.0, "llm_max_retries": 4}
    )
    choice = make_chat_model("openai:qwen2.5-7b-instruct", custom)
    assert isinstance(choice.model, ChatOpenAI) and choice.calls_tools
    assert choice.model.model_name == "qwen2.5-7b-instruct"
    assert str(choice.model.openai_api_base) == "http://127.0.0.1:8001/v1"
    assert choice.model.request_timeout == 7.0 and choice.model.max_retries == 4


def test_local_models_get_no_tools(settings: Settings, tmp_path: Path) -> None:
    choice = make_chat_model(f"hf:{tmp_path}", settings)
    assert isinstance(choice.model, LocalChatModel) and not choice.calls_tools
    assert choice.model.max_new_tokens == settings.llm_max_new_tokens


def test_fake_plays_a_script_file(settings: Settings, tmp_path: Path) -> None:
    script = tmp_path / "script.json"
    script.write_text(
        json.dumps(
            [
                "hello",
                {
                    "content": "",
                    "tool_calls": [{"name": "get_product", "args": {"product_id": "X"}, "id": "1"}],
                },
            ]
        )
    )
    model = make_chat_model(f"fake:{script}", settings).model
    assert model.invoke([HumanMessage("hi")]).text == "hello"
    assert model.invoke([HumanMessage("hi")]).tool_calls[0]["name"] == "get_product"


async def test_fake_streams_tool_call_chunks() -> None:
    call = {"name": "search_catalog", "args": {"query": "laptop"}, "id": "c1"}
    model = ScriptedChatModel(script=[AIMessage(content="Let me look.", tool_calls=[call])])
    chunks = [chunk async for chunk in model.astream([HumanMessage("laptops?")])]
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged += chunk
    assert len(chunks) > 2 and merged.text == "Let me look."
    assert merged.tool_calls == [
        {"name": "search_catalog", "args": {"query": "laptop"}, "id": "c1", "type": "tool_call"}
    ]


def test_tampered_embedded_weights_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    part = tmp_path / "part01.bin"
    part.write_bytes(b"GGUF not the pinned model")
    monkeypatch.setattr("agent.llm.embedded.part_paths", lambda: [part])
    with pytest.raises(ChecksumError, match="does not match the pinned"):
        ensure_embedded_llm(tmp_path / "cache")
    assert not (tmp_path / "cache" / "qwen2.5-coder-0.5b-instruct").exists()
