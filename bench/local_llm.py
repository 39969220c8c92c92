"""The local chat model on the prompts the agent really sends: three ways side by side, one run.

1. transformers: today's old path, the GGUF de-quantized to float32 and run by ``generate``
   (``LocalChatModel``, what ``hf:`` still is); skipped with ``--skip-transformers`` or when the
   ``gguf`` package is missing.
2. the engine driven directly: llama.cpp (xllamacpp) over raw HTTP, no LangChain.
3. the engine through the agent's client: the ``ChatOpenAI`` that ``SALES_LLM=embedded`` builds.

For each: time to first token, prefill and decode tokens/s, and the prompt tokens the engine took
from its cache. The first prompt warms the cache with the shared system prefix (a turn after the
first of a conversation, which is what customers wait for); it is not counted. Each way gets its
own tag right after that prefix, so both reuse exactly the prefix, never the other's prompt.

``--record`` (needs the app set up): runs the consultation's fixed pipeline with a stand-in model
for a few customer messages and saves the prompts it built as JSON.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from _common import ROOT, arguments, machine
from langchain_core.messages import BaseMessage, SystemMessage, messages_from_dict, messages_to_dict

from agent.consult.prompting import stable_prefix
from agent.llm.factory import make_chat_model
from agent.settings import Settings

PROMPTS = ROOT / "bench" / "data" / "local_llm_prompts.json"
MESSAGES = [
    "I need a light laptop for university under $1000",
    "how long does delivery to Canada take?",
    "我想要一副降噪耳机，预算200美元",
    "can I return headphones I already opened?",
]
_ROLES = {"human": "user", "ai": "assistant", "system": "system"}


@dataclass
class Run:
    ttft_s: float
    prompt_tokens: int
    cached_tokens: int
    output_tokens: int
    decode_s: float  # first token to last

    @property
    def prefill_tps(self) -> float:
        return (self.prompt_tokens - self.cached_tokens) / max(1e-9, self.ttft_s)

    @property
    def decode_tps(self) -> float:
        return max(0, self.output_tokens - 1) / max(1e-9, self.decode_s)


async def record(path: Path) -> None:
    from agent.consult.builder import build_deps, open_consultant
    from agent.consult.ledger import SalesLedger
    from agent.llm.factory import ChatModelChoice
    from agent.llm.fake import ScriptedChatModel

    scratch = Path(tempfile.mkdtemp(prefix="local-llm-bench-"))
    settings = Settings(llm="fake", conversations_db=scratch / "c.sqlite", sales_db=scratch / "s.sqlite")  # type: ignore[call-arg]
    SalesLedger(settings.sales_db).migrate()
    stand_in = ScriptedChatModel()
    # calls_tools=False: the fixed pipeline and the short history that local models get.
    choice = ChatModelChoice("local stand-in", stand_in, calls_tools=False)
    head = stable_prefix(settings, references=True)
    prompts: list[list[BaseMessage]] = []
    async with open_consultant(settings, build_deps(settings), choice) as consultant:
        for n, message in enumerate(MESSAGES):
            seen = len(stand_in.calls)
            await consultant.answer(f"record-{n}", message)
            # The answer's prompt: not the search-term translation before it, nor a retry after
            # a check refused the stand-in's canned answer.
            prompts.append(next(c for c in stand_in.calls[seen:] if c[0].text.startswith(head)))
    path.write_text(json.dumps([messages_to_dict(c) for c in prompts], ensure_ascii=False, indent=1))
    print(f"{len(prompts)} prompts saved to {path}")


def tagged(messages: list[BaseMessage], tag: str, head: str) -> list[BaseMessage]:
    """The prompt with ``tag`` right after the shared head: each way then reuses exactly the head
    from the cache, as a new turn does, and never the other way's copy of the same prompt."""
    system, rest = messages[0], messages[1:]
    assert system.text.startswith(head), "prompts recorded with another system prompt: --record"
    return [SystemMessage(f"{head}\n\n({tag}){system.text[len(head) :]}"), *rest]


async def direct(base_url: str, model: str, messages: list[BaseMessage], max_tokens: int) -> Run:
    body = {
        "model": model,
        "messages": [{"role": _ROLES.get(m.type, "user"), "content": m.text} for m in messages],
        "max_tokens": max_tokens,
        "temperature": 0.2,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    start, stamps, usage = time.perf_counter(), [], {}
    async with (
        httpx.AsyncClient(timeout=120) as client,
        client.stream("POST", f"{base_url}/chat/completions", json=body) as response,
    ):
        async for line in response.aiter_lines():
            if not line.startswith("data: {"):
                continue
            chunk = json.loads(line.removeprefix("data: "))
            if chunk.get("usage"):
                usage = chunk["usage"]
            if any((c.get("delta") or {}).get("content") for c in chunk.get("choices", [])):
                stamps.append(time.perf_counter())
    cached = (usage.get("prompt_tokens_details") or {}).get("cached_tokens", 0)
    return Run(
        stamps[0] - start, usage["prompt_tokens"], cached, usage["completion_tokens"], stamps[-1] - stamps[0]
    )


async def through_agent(chat: object, messages: list[BaseMessage]) -> Run:
    start, stamps, usage = time.perf_counter(), [], {}
    async for chunk in chat.astream(messages):  # type: ignore[attr-defined]
        if chunk.text:
            stamps.append(time.perf_counter())
        if chunk.usage_metadata:
            usage = dict(chunk.usage_metadata)
    cached = usage.get("input_token_details", {}).get("cache_read", 0)
    return Run(
        stamps[0] - start, usage["input_tokens"], cached, usage["output_tokens"], stamps[-1] - stamps[0]
    )


async def transformers_runs(
    settings: Settings, prompts: list[list[BaseMessage]], max_tokens: int
) -> list[Run]:
    from agent.llm.embedded import ensure_transformers_copy
    from agent.llm.local_hf import LocalChatModel

    model = LocalChatModel(
        model_path=str(ensure_transformers_copy(settings.model_cache_dir)), max_new_tokens=max_tokens
    )
    model.load()
    await model.ainvoke(prompts[0])  # warm-up: first-call kernel and allocator costs
    runs = []
    for messages in prompts[1:]:
        prompt_tokens = model.prompt_ids(messages)["input_ids"].shape[-1]
        start, stamps, pieces = time.perf_counter(), [], []
        async for chunk in model.astream(messages):
            stamps.append(time.perf_counter())
            pieces.append(chunk.text)
        out = len(model._tokenizer("".join(pieces))["input_ids"])
        runs.append(Run(stamps[0] - start, prompt_tokens, 0, out, stamps[-1] - stamps[0]))
    return runs


def summary(name: str, runs: list[Run]) -> None:
    def mid(values: list[float]) -> float:
        return statistics.median(values)

    print(
        f"  {name:<22} first token p50 {mid([r.ttft_s for r in runs]) * 1000:6.0f} ms"
        f" (max {max(r.ttft_s for r in runs) * 1000:.0f}), prefill {mid([r.prefill_tps for r in runs]):5.1f} tok/s,"
        f" decode {mid([r.decode_tps for r in runs]):5.1f} tok/s,"
        f" cached prompt tokens {'/'.join(f'{r.cached_tokens}of{r.prompt_tokens}' for r in runs)}"
    )


async def compare(prompts: list[list[BaseMessage]], max_tokens: int, skip_transformers: bool) -> None:
    settings = Settings(_env_file=None, llm_max_new_tokens=max_tokens)  # type: ignore[call-arg]
    started = time.perf_counter()
    chat = make_chat_model("embedded", settings).model  # starts the engine (the process's one)
    print(
        f"engine: llama.cpp (xllamacpp), started in {time.perf_counter() - started:.1f} s; {max_tokens} new tokens at most"
    )
    base_url, name = str(chat.openai_api_base), str(chat.model_name)  # type: ignore[attr-defined]
    await direct(base_url, name, prompts[0], max_tokens)  # warms the shared system prefix
    head = stable_prefix(settings, references=True)
    engine, agent = [], []
    for messages in prompts[1:]:
        engine.append(await direct(base_url, name, tagged(messages, "direct", head), max_tokens))
        agent.append(await through_agent(chat, tagged(messages, "agent", head)))
    print(f"{len(prompts) - 1} recorded prompts after the first:")
    if not skip_transformers:
        try:
            summary("transformers float32", await transformers_runs(settings, prompts, max_tokens))
        except ImportError as exc:
            print(f"  transformers float32   skipped ({exc})")
    summary("engine, direct", engine)
    summary("engine, agent client", agent)
    ttft = statistics.median(r.ttft_s for r in agent)
    ratio = ttft / statistics.median(r.ttft_s for r in engine)
    print(
        f"ttft_p50_ms={ttft * 1000:.0f} decode_tps={statistics.median(r.decode_tps for r in agent):.1f} agent_vs_direct={ratio:.2f}"
    )


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--record", action="store_true", help="record the agent's prompts into --prompts")
    parser.add_argument("--prompts", type=Path, default=PROMPTS, help="recorded prompts (JSON)")
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--skip-transformers", action="store_true", help="only the engine (faster)")
    parser.add_argument("--rounds", type=int, default=1, help="how many times the prompts are replayed")
    args = parser.parse_args()
    print(machine())
    if args.record:
        asyncio.run(record(args.prompts))
        return
    prompts = [messages_from_dict(p) for p in json.loads(args.prompts.read_text(encoding="utf-8"))]
    asyncio.run(compare(prompts * args.rounds, args.max_new_tokens, args.skip_transformers))


if __name__ == "__main__":
    main()
