"""Per-turn overhead of everything but the LLM, and the embedded model inside vs outside the agent.

1. With a zero-latency fake model: p50/p95 of a whole turn (intent, profile, retrieval, validator,
   SQLite checkpoint), with the steps timed alone next to it. Goal: p50 under 60 ms.
2. With the embedded model: time to first token and tokens/s through the agent, next to the same
   model on the same prompt driven directly with transformers. Goal: within 10%.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _common import arguments, decode_rate, machine, percentile_ms

from agent.answer.checks import Context, check_answer
from agent.answer.facts import TurnFacts
from agent.answer.render import Rendered
from agent.consult.builder import build_deps, open_consultant
from agent.consult.ledger import SalesLedger
from agent.consult.records import record_from_document
from agent.llm.factory import ChatModelChoice, make_chat_model
from agent.llm.fake import ScriptedChatModel
from agent.llm.local_hf import LocalChatModel
from agent.settings import Settings

MESSAGES = [
    "Hi there",
    "I need a light laptop for university under $1000",
    "tell me more about the second one",
    "how long does delivery to Canada take?",
    "我想要一副降噪耳机，预算200美元",
    "that's too expensive",
]

# Messages the LLM answers (no handoff / lead / redirect decided in code).
LLM_MESSAGES = [MESSAGES[1], "how long does delivery to Canada take?", "我想要一副降噪耳机，预算200美元"]


def _settings(llm: str, scratch: Path) -> Settings:
    """Scratch settings, with the scratch sales ledger created (the app does that at start-up)."""
    settings = Settings(llm=llm, conversations_db=scratch / "c.sqlite", sales_db=scratch / "s.sqlite")  # type: ignore[call-arg]
    SalesLedger(settings.sales_db).migrate()
    return settings


async def overhead(turns: int, scratch: Path) -> None:
    settings = _settings("fake", scratch)
    deps = build_deps(settings)
    choice = ChatModelChoice("fake", ScriptedChatModel(), calls_tools=True)
    steps: dict[str, list[float]] = {"parse": [], "retrieval": [], "checks": []}
    records = [record_from_document(d) for d in list(deps.retriever.by_id.values())[:5]]
    for n in range(turns):
        message = MESSAGES[n % len(MESSAGES)]
        deps.retriever.forget_queries()  # every turn pays for its query embedding, as with new messages
        start = time.perf_counter()
        deps.request_tool.invoke({"message": message})
        steps["parse"].append(time.perf_counter() - start)
        start = time.perf_counter()
        deps.retriever.search(message, settings.retrieval_k)
        steps["retrieval"].append(time.perf_counter() - start)
        start = time.perf_counter()
        check_answer(
            Rendered("The Voltix AirBook 13 is $899.00, delivered in 3-5 business days.", ()),
            TurnFacts.from_records(records, "en"),
            Context(catalog=deps.catalog_names),
        )
        steps["checks"].append(time.perf_counter() - start)
    async with open_consultant(settings, deps, choice) as consultant:
        await consultant.answer("warm-up", "hello")
        latencies = []
        for n in range(turns):
            deps.retriever.forget_queries()
            result = await consultant.answer(f"bench-{n // len(MESSAGES)}", MESSAGES[n % len(MESSAGES)])
            latencies.append(result.latency_ms / 1000)
    print(f"whole turn, zero-latency fake model, {turns} turns: p50 {percentile_ms(latencies, 50):.1f} ms, "
          f"p95 {percentile_ms(latencies, 95):.1f} ms (goal p50 < 60 ms)")  # fmt: skip
    for name, samples in steps.items():
        print(
            f"  {name:<10} alone: p50 {percentile_ms(samples, 50):.1f} ms, p95 {percentile_ms(samples, 95):.1f} ms"
        )


async def embedded(rounds: int, scratch: Path) -> None:
    from agent.llm.embedded import ensure_transformers_copy

    # The transformers copy of the embedded model (bench/local_llm.py measures the engine).
    spec = f"hf:{ensure_transformers_copy(_settings('embedded', scratch).model_cache_dir)}"
    settings = _settings(spec, scratch).model_copy(update={"llm_max_new_tokens": 64})
    choice = make_chat_model(spec, settings)
    model = choice.model
    assert isinstance(model, LocalChatModel)
    model.load()
    prompts: list[Any] = []
    original = model.prompt_ids

    def recording(messages: Any) -> Any:
        prompts.append(messages)
        return original(messages)

    object.__setattr__(model, "prompt_ids", recording)
    agent_ttft, agent_rate, direct_ttft, direct_rate = [], [], [], []
    async with open_consultant(settings, build_deps(settings), choice) as consultant:
        for n in range(rounds):
            message = LLM_MESSAGES[n % len(LLM_MESSAGES)]
            stamps: list[float] = []
            pieces: list[str] = []

            async def on_token(token: str, stamps: list[float] = stamps, pieces: list[str] = pieces) -> None:
                stamps.append(time.perf_counter())
                pieces.append(token)

            start = time.perf_counter()
            await consultant.answer(f"ttft-{n}", message, on_token=on_token)
            if len(stamps) < 2:
                continue
            agent_ttft.append(stamps[0] - start)
            agent_rate.append(decode_rate(model._tokenizer, pieces, stamps))
            ttft, rate = _direct(model, prompts[-1], model.max_new_tokens)
            direct_ttft.append(ttft)
            direct_rate.append(rate)

    def mid(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    print(f"embedded model, {len(agent_ttft)} prompts, 64 new tokens max:")
    print(
        f"  through the agent: time to first token {mid(agent_ttft) * 1000:.0f} ms, {mid(agent_rate):.1f} tokens/s"
    )
    print(
        f"  driven directly:   time to first token {mid(direct_ttft) * 1000:.0f} ms, {mid(direct_rate):.1f} tokens/s"
    )
    print(
        f"  ratio agent/direct: TTFT {mid(agent_ttft) / mid(direct_ttft):.2f}x, tokens/s {mid(agent_rate) / mid(direct_rate):.2f}x (goal within 10%)"
    )


def _direct(model: LocalChatModel, messages: Any, max_new_tokens: int) -> tuple[float, float]:
    """The same prompt through transformers alone: generate() in a thread, a streamer, no LangChain."""
    from transformers import TextIteratorStreamer

    inputs = model.prompt_ids(messages)
    streamer = TextIteratorStreamer(model._tokenizer, skip_prompt=True, skip_special_tokens=True)
    start = time.perf_counter()
    worker = threading.Thread(
        target=model._model.generate,
        kwargs={**inputs, "streamer": streamer, "max_new_tokens": max_new_tokens, "do_sample": False},
    )
    worker.start()
    stamps, pieces = [], []
    for text in streamer:
        if text:
            stamps.append(time.perf_counter())
            pieces.append(text)
    worker.join()
    return stamps[0] - start, decode_rate(model._tokenizer, pieces, stamps)


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--turns", type=int, default=60, help="turns for the overhead figure")
    parser.add_argument(
        "--rounds", type=int, default=3, help="prompts for the embedded-model figure (0 skips it)"
    )
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="turn-bench-"))
    print(machine())
    asyncio.run(overhead(args.turns, scratch))
    if args.rounds:
        asyncio.run(embedded(args.rounds, scratch))


if __name__ == "__main__":
    main()
