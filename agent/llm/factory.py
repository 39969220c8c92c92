"""The one place a chat model is chosen, from a ``provider:model`` string.

- ``embedded``: the small model shipped on PyPI (``agent.llm.embedded``), run by llama.cpp.
- ``gguf:<path>``: any GGUF file, run by llama.cpp (``agent.llm.engine``).
- ``openai:<model>``: OpenAI, or any OpenAI-compatible server via ``SALES_OPENAI_BASE_URL``.
- ``hf:<local path or cached model id>``: a transformers model, for a GPU.
- ``fake`` / ``fake:<script.json>``: the scripted model, for tests and benchmarks.

``embedded``, ``gguf:`` and ``openai:`` all go through one ``ChatOpenAI`` client: the local engine
serves the OpenAI protocol on 127.0.0.1. What a model gets (tools, answer length) is decided here
from the settings, with defaults per backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.language_models.chat_models import BaseChatModel
from pydantic import SecretStr

from agent.settings import Settings

if TYPE_CHECKING:
    from agent.llm.engine import EngineConfig

PROVIDERS = ("embedded", "gguf", "openai", "hf", "fake")
LOCAL_PROVIDERS = ("embedded", "gguf", "hf")
PIPELINE_ANSWER_TOKENS = 96
TOOLS_ANSWER_TOKENS = 512


class LLMSpecError(ValueError):
    """The ``llm`` setting does not name a provider and model this project knows."""


@dataclass(frozen=True)
class ChatModelChoice:
    spec: str
    model: BaseChatModel
    # Without tools the model gets the fixed pipeline only (parse, plan and actions in code).
    calls_tools: bool
    # The server takes a GBNF grammar per request (llama.cpp): facts can then only be written as
    # references to the turn's records.
    grammar: bool = False


def parse_spec(spec: str) -> tuple[str, str]:
    provider, _, name = spec.strip().partition(":")
    if provider not in PROVIDERS:
        raise LLMSpecError(
            f"llm={spec!r}: provider must be one of {', '.join(PROVIDERS)} (e.g. openai:gpt-4o)"
        )
    if provider in ("hf", "openai", "gguf") and not name:
        raise LLMSpecError(f"llm={spec!r}: {provider}: needs a model, e.g. {provider}:<model>")
    return provider, name


def offers_tools(provider: str, settings: Settings) -> bool:
    """``auto``: tools only where a large model is likely. A custom base URL is usually a small or
    local model (vLLM, llama.cpp, Ollama), which re-reads a long tool list and prints it back."""
    if settings.llm_tools != "auto":
        return settings.llm_tools == "on"
    return provider == "fake" or (provider == "openai" and not settings.openai_base_url)


def answer_tokens(settings: Settings, calls_tools: bool) -> int:
    if settings.llm_max_new_tokens is not None:
        return settings.llm_max_new_tokens
    return TOOLS_ANSWER_TOKENS if calls_tools else PIPELINE_ANSWER_TOKENS


def make_chat_model(spec: str, settings: Settings) -> ChatModelChoice:
    provider, name = parse_spec(spec)
    tools = offers_tools(provider, settings)
    if provider == "fake":
        from agent.llm.fake import ScriptedChatModel

        model = ScriptedChatModel.from_file(Path(name)) if name else ScriptedChatModel()
        return ChatModelChoice(spec, model, calls_tools=tools)
    if provider == "openai":
        key = settings.openai_api_key
        if key is None and not settings.openai_base_url:
            raise LLMSpecError(
                f"llm={spec!r} needs SALES_OPENAI_API_KEY (or SALES_OPENAI_BASE_URL for a local server)"
            )
        # Local OpenAI-compatible servers (llama.cpp, vLLM, Ollama) usually take any key.
        chat = openai_client(name, settings.openai_base_url, key or SecretStr("not-needed"), settings, tools)
        return ChatModelChoice(spec, chat, calls_tools=tools, grammar=settings.llm_grammar == "on")
    if provider in ("embedded", "gguf"):
        from agent.llm.engine import serve

        engine = serve(engine_config(provider, name, settings))
        chat = openai_client(engine.model_name, engine.base_url, SecretStr("local"), settings, tools)
        return ChatModelChoice(spec, chat, calls_tools=tools, grammar=settings.llm_grammar != "off")
    from agent.llm.local_hf import LocalChatModel

    local = LocalChatModel(
        model_path=name, max_new_tokens=answer_tokens(settings, tools), timeout_s=settings.llm_timeout_s
    )
    return ChatModelChoice(spec, local, calls_tools=tools)


def engine_config(provider: str, name: str, settings: Settings) -> EngineConfig:
    from agent.llm.embedded import ensure_embedded_gguf
    from agent.llm.engine import EngineConfig

    if provider == "embedded":
        gguf = ensure_embedded_gguf(settings.model_cache_dir, name.lower() or "0.5b")
    else:
        gguf = Path(name)
    return EngineConfig(
        gguf.absolute(),
        parallel=settings.llm_parallel,
        context_per_slot=settings.llm_context_tokens,
        threads=settings.llm_threads,
    )


def openai_client(
    model: str, base_url: str | None, key: SecretStr, settings: Settings, tools: bool
) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=model,
        api_key=key,
        base_url=base_url,
        timeout=settings.llm_timeout_s,
        # A stream that stalls (tokens stop coming) fails like a timeout, not after 120 s.
        stream_chunk_timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,  # the client backs off exponentially between tries
        max_tokens=answer_tokens(settings, tools),
        temperature=0.2,
        streaming=True,
        stream_usage=True,  # token counts (and cached prompt tokens) from custom servers too
    )
