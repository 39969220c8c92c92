"""The one place a chat model is chosen, from a ``provider:model`` string.

- ``embedded``: the small model shipped on PyPI (see ``agent.llm.embedded``), on the CPU.
- ``hf:<local path or cached model id>``: any local transformers model, GPU when present.
- ``openai:<model>``: OpenAI, or any OpenAI-compatible server via ``SALES_OPENAI_BASE_URL``.
- ``fake`` / ``fake:<script.json>``: the scripted model, for tests and benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from langchain_core.language_models.chat_models import BaseChatModel

from agent.settings import Settings

PROVIDERS = ("embedded", "hf", "openai", "fake")


class LLMSpecError(ValueError):
    """The ``llm`` setting does not name a provider and model this project knows."""


@dataclass(frozen=True)
class ChatModelChoice:
    spec: str
    model: BaseChatModel
    # Small local models cannot be trusted with tools: they get the fixed pipeline only.
    calls_tools: bool


def parse_spec(spec: str) -> tuple[str, str]:
    provider, _, name = spec.strip().partition(":")
    if provider not in PROVIDERS:
        raise LLMSpecError(
            f"llm={spec!r}: provider must be one of {', '.join(PROVIDERS)} (e.g. openai:gpt-4o)"
        )
    if provider in ("hf", "openai") and not name:
        raise LLMSpecError(f"llm={spec!r}: {provider}: needs a model, e.g. {provider}:<model>")
    return provider, name


def make_chat_model(spec: str, settings: Settings) -> ChatModelChoice:
    provider, name = parse_spec(spec)
    if provider == "fake":
        from agent.llm.fake import ScriptedChatModel

        model = ScriptedChatModel.from_file(Path(name)) if name else ScriptedChatModel()
        return ChatModelChoice(spec, model, calls_tools=True)
    if provider == "openai":
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr

        key = settings.openai_api_key
        if key is None and not settings.openai_base_url:
            raise LLMSpecError(
                f"llm={spec!r} needs SALES_OPENAI_API_KEY (or SALES_OPENAI_BASE_URL for a local server)"
            )
        chat = ChatOpenAI(
            model=name,
            # Local OpenAI-compatible servers (llama.cpp, vLLM, Ollama) usually take any key.
            api_key=key or SecretStr("not-needed"),
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,  # the client backs off exponentially between tries
            temperature=0.2,
            streaming=True,
        )
        return ChatModelChoice(spec, chat, calls_tools=True)
    from agent.llm.local_hf import LocalChatModel

    if provider == "embedded":
        from agent.llm.embedded import ensure_embedded_llm

        name = str(ensure_embedded_llm(settings.model_cache_dir))
    local = LocalChatModel(model_path=name, max_new_tokens=settings.llm_max_new_tokens)
    return ChatModelChoice(spec, local, calls_tools=False)
