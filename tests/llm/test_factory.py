from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langchain_openai import ChatOpenAI

from agent.llm.embedded import GGUF_DIR_NAME, ensure_embedded_gguf
from agent.llm.engine import EngineConfig
from agent.llm.factory import LLMSpecError, engine_config, make_chat_model
from agent.llm.fake import ScriptedChatModel
from agent.llm.local_hf import LocalChatModel
from agent.model_cache import ChecksumError
from agent.settings import Settings


@pytest.mark.parametrize("spec", ["gpt-4o", "openai", "hf:", "gguf:", "anthropic:claude", "openai:gpt-4o"])
def test_bad_specs_name_the_setting(spec: str, settings: Settings) -> None:
    with pytest.raises(LLMSpecError, match="llm="):
        make_chat_model(spec, settings)


def test_openai_compatible_servers_share_one_path(settings: Settings) -> None:
    custom = settings.model_copy(
        update={"openai_base_url": "http://127.0.0.1:8001/v1", "llm_timeout_s": 7.0, "llm_max_retries": 4}
    )
    choice = make_chat_model("openai:qwen2.5-7b-instruct", custom)
    assert isinstance(choice.model, ChatOpenAI)
    assert choice.model.model_name == "qwen2.5-7b-instruct"
    assert str(choice.model.openai_api_base) == "http://127.0.0.1:8001/v1"
    assert choice.model.request_timeout == 7.0 and choice.model.max_retries == 4
    assert choice.model.stream_chunk_timeout == 7.0  # a stalled stream fails like a timeout


@pytest.mark.parametrize(
    ("tools", "base_url", "expected"),
    [
        ("auto", None, True),  # hosted OpenAI: a large model, it gets the tools
        ("auto", "http://127.0.0.1:8001/v1", False),  # vLLM, llama.cpp...: the fixed pipeline
        ("on", "http://127.0.0.1:8001/v1", True),
        ("off", None, False),
    ],
)
def test_tools_are_a_setting_with_a_default_per_backend(
    settings: Settings, tools: str, base_url: str | None, expected: bool
) -> None:
    custom = settings.model_copy(
        update={"llm_tools": tools, "openai_base_url": base_url, "openai_api_key": "sk-test"}
    )
    assert make_chat_model("openai:some-model", custom).calls_tools is expected


def test_answer_length_reaches_the_openai_client(settings: Settings) -> None:
    hosted = settings.model_copy(update={"openai_api_key": "sk-test"})
    assert make_chat_model("openai:gpt-4o-mini", hosted).model.max_tokens == 512  # type: ignore[attr-defined]
    custom = hosted.model_copy(update={"openai_base_url": "http://127.0.0.1:1/v1"})
    assert make_chat_model("openai:small", custom).model.max_tokens == 96  # type: ignore[attr-defined]
    chosen = hosted.model_copy(update={"llm_max_new_tokens": 77})
    model = make_chat_model("openai:gpt-4o-mini", chosen).model
    assert isinstance(model, ChatOpenAI) and model.max_tokens == 77
    assert model._get_request_payload([HumanMessage("hi")])["max_completion_tokens"] == 77


def test_local_transformers_models_get_no_tools(settings: Settings, tmp_path: Path) -> None:
    choice = make_chat_model(f"hf:{tmp_path}", settings.model_copy(update={"llm_timeout_s": 9.0}))
    assert isinstance(choice.model, LocalChatModel) and not choice.calls_tools
    assert choice.model.max_new_tokens == 96 and choice.model.timeout_s == 9.0


def test_gguf_models_run_on_the_engine_with_the_engine_settings(settings: Settings, tmp_path: Path) -> None:
    custom = settings.model_copy(update={"llm_parallel": 3, "llm_context_tokens": 2048, "llm_threads": 1})
    config = engine_config("gguf", str(tmp_path / "m.gguf"), custom)
    assert config == EngineConfig((tmp_path / "m.gguf").absolute(), 3, 2048, 1)
    embedded = engine_config("embedded", "", custom)
    assert embedded.gguf.parent.name == GGUF_DIR_NAME and embedded.gguf.is_file()


def test_a_missing_gguf_file_is_a_clear_error(settings: Settings, tmp_path: Path) -> None:
    from agent.llm.engine import EngineError

    with pytest.raises(EngineError, match="no GGUF file"):
        make_chat_model(f"gguf:{tmp_path / 'nothing.gguf'}", settings)


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
    monkeypatch.setattr("agent.llm.embedded.part_paths", lambda model: [part])
    with pytest.raises(ChecksumError, match="does not match the pinned"):
        ensure_embedded_gguf(tmp_path / "cache")
    assert not (tmp_path / "cache" / GGUF_DIR_NAME).exists()
