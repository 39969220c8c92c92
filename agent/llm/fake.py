"""A scripted chat model for tests and benchmarks: binds tools, streams text and tool calls.

No built-in fake does both (see the stack notes). Replies come from a script, in order; when the
script runs out (or is empty) the model answers with the facts block of its system prompt, like
a perfectly obedient model, so pipelines can run with zero LLM latency.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.tool import tool_call_chunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

Reply = AIMessage | str | Exception | Callable[[list[BaseMessage]], "AIMessage | str"]
_FACTS = re.compile(r"<facts>\n(.*?)</facts>", re.S)
_SHEET_LINE = re.compile(r"^\[\[(p\d+|policy\d+)\]\] = ", re.M)
# The fake's tokens: a word with the space after it (what it streams, and what its limit counts).
_TOKEN = re.compile(r"\S+\s*|\s+")


def echo_facts(messages: list[BaseMessage]) -> str:
    """The answer a perfectly obedient model gives: each product's name, price and stock, and each
    policy passage, by reference when the facts are given as references (the fixed pipeline), else
    the facts verbatim."""
    system = next((m.text for m in messages if m.type == "system"), "")
    blocks = _FACTS.findall(system)  # the last block: the rules themselves mention the markers
    facts = blocks[-1].strip() if blocks else ""
    if not facts:
        return "您好！请问有什么可以帮您？" if "简体中文" in system else "How can I help you today?"
    if not _SHEET_LINE.search(facts):
        return facts
    lines = []
    for line in facts.splitlines():
        if match := _SHEET_LINE.match(line):
            handle = match[1]
            values = [
                f"[[{handle}.{field}]]" for field in ("price", "stock") if f"[[{handle}.{field}]]" in line
            ]
            lines.append(f"- [[{handle}]]: {', '.join(values)}." if values else f"- [[{handle}]].")
    return "\n".join(lines)


class ScriptedChatModel(BaseChatModel):
    """Plays ``script`` in order; an ``Exception`` in the script is raised (an LLM fault)."""

    script: list[Any] = Field(default_factory=list)
    calls: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[str] = Field(default_factory=list)
    limits: list[int | None] = Field(default_factory=list)  # each call's max_tokens
    grammars: list[str | None] = Field(default_factory=list)  # each call's GBNF grammar (extra_body)

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    @classmethod
    def from_file(cls, path: Path) -> ScriptedChatModel:
        """A JSON list of replies: strings, or ``{"content": ..., "tool_calls": [...]}`` objects."""
        replies = json.loads(path.read_text(encoding="utf-8"))
        return cls(script=[r if isinstance(r, str) else AIMessage(**r) for r in replies])

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:  # type: ignore[override]
        self.bound_tools = [getattr(t, "name", None) or t.get("name", "") for t in tools]
        return self

    def next_reply(
        self,
        messages: list[BaseMessage],
        max_tokens: int | None = None,
        extra_body: dict[str, Any] | None = None,
    ) -> AIMessage:
        self.calls.append(list(messages))
        self.limits.append(max_tokens)
        self.grammars.append((extra_body or {}).get("grammar"))
        return _within(self._scripted(messages), max_tokens)

    def _scripted(self, messages: list[BaseMessage]) -> AIMessage:
        reply: Any = self.script.pop(0) if self.script else echo_facts
        if isinstance(reply, Exception):
            raise reply
        if callable(reply) and not isinstance(reply, AIMessage):
            reply = reply(messages)
        return reply if isinstance(reply, AIMessage) else AIMessage(content=str(reply))

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(
            generations=[
                ChatGeneration(
                    message=self.next_reply(messages, kwargs.get("max_tokens"), kwargs.get("extra_body"))
                )
            ]
        )

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for chunk in _chunks(self.next_reply(messages, kwargs.get("max_tokens"), kwargs.get("extra_body"))):
            if run_manager and chunk.text:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        # Natively async: the default would hop to a worker thread for every chunk.
        for chunk in _chunks(self.next_reply(messages, kwargs.get("max_tokens"), kwargs.get("extra_body"))):
            if run_manager and chunk.text:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk


def _within(reply: AIMessage, max_tokens: int | None) -> AIMessage:
    """What a model does at its token limit (``max_tokens``, a word a token here): it stops
    mid-sentence and says so in ``finish_reason``."""
    words = _TOKEN.findall(reply.text)
    if max_tokens is None or len(words) <= max_tokens or reply.tool_calls:
        return reply
    cut = "".join(words[:max_tokens]).rstrip()
    return AIMessage(content=cut, response_metadata={"finish_reason": "length"})


def _chunks(reply: AIMessage) -> Iterator[ChatGenerationChunk]:
    """The reply word by word, then its tool calls as tool-call chunks."""
    for piece in _TOKEN.findall(reply.text):
        yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
    for index, call in enumerate(reply.tool_calls):
        chunk = tool_call_chunk(
            name=call["name"], args=json.dumps(call["args"]), id=call.get("id"), index=index
        )
        yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=[chunk]))
    if reply.response_metadata:  # e.g. finish_reason "length": an answer cut at the token limit
        yield ChatGenerationChunk(
            message=AIMessageChunk(content="", response_metadata=reply.response_metadata)
        )
