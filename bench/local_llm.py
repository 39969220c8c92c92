"""A local chat model (`embedded` or `hf:`) on the prompts the agent really sends, on CPU or GPU.

``--record`` (needs the app set up): runs the consultation's fixed pipeline, the one local models
get, for a few customer messages with a stand-in model, and saves the prompts it built as JSON.
Replay (the default; needs only transformers and langchain-core, so it also runs on a bare GPU
machine): each prompt through ``LocalChatModel.astream``, the way the app streams, printing time
to first token, tokens/s and the answer. The device is the GPU when present, else the CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from _common import ROOT, decode_rate, machine
from langchain_core.messages import BaseMessage, messages_from_dict, messages_to_dict

from agent.llm.local_hf import LocalChatModel
from agent.settings import Settings

PROMPTS = ROOT / "bench" / "data" / "local_llm_prompts.json"
MESSAGES = [
    "I need a light laptop for university under $1000",
    "how long does delivery to Canada take?",
    "我想要一副降噪耳机，预算200美元",
    "can I return headphones I already opened?",
]


async def record(path: Path) -> None:
    from agent.consult.builder import build_deps, open_consultant
    from agent.llm.factory import ChatModelChoice
    from agent.llm.fake import ScriptedChatModel

    scratch = Path(tempfile.mkdtemp(prefix="local-llm-bench-"))
    settings = Settings(llm="fake", conversations_db=scratch / "c.sqlite", sales_db=scratch / "s.sqlite")  # type: ignore[call-arg]
    stand_in = ScriptedChatModel()
    # calls_tools=False: the fixed pipeline and the short history that local models get.
    choice = ChatModelChoice("local stand-in", stand_in, calls_tools=False)
    async with open_consultant(settings, build_deps(settings), choice) as consultant:
        for n, message in enumerate(MESSAGES):
            await consultant.turn(f"record-{n}", message)
    path.write_text(
        json.dumps([messages_to_dict(call) for call in stand_in.calls], ensure_ascii=False, indent=1)
    )
    print(f"{len(stand_in.calls)} prompts saved to {path}")


async def replay(model: LocalChatModel, prompts: list[list[BaseMessage]], rounds: int) -> None:
    started = time.perf_counter()
    model.load()
    print(f"{model.model_path}: loaded in {time.perf_counter() - started:.1f} s on {model._model.device}, "
          f"{model._model.dtype}; {model.max_new_tokens} new tokens at most")  # fmt: skip
    await _stream(model, prompts[0])  # warm-up: first-call kernel and allocator costs
    for messages in prompts:
        prompt_tokens = model.prompt_ids(messages)["input_ids"].shape[-1]
        runs = [await _stream(model, messages) for _ in range(rounds)]
        ttft, rate, answer = sorted(runs)[len(runs) // 2]
        print(f"- {messages[-1].text[:50]!r}: {prompt_tokens} prompt tokens, "
              f"first token {ttft * 1000:.0f} ms, {rate:.1f} tokens/s")  # fmt: skip
        print(f"  answer: {answer!r}")


async def _stream(model: LocalChatModel, messages: list[BaseMessage]) -> tuple[float, float, str]:
    start = time.perf_counter()
    stamps, pieces = [], []
    async for chunk in model.astream(messages):
        stamps.append(time.perf_counter())
        pieces.append(chunk.text)
    return stamps[0] - start, decode_rate(model._tokenizer, pieces, stamps), "".join(pieces)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--record", action="store_true", help="record the agent's prompts into --prompts")
    parser.add_argument("--prompts", type=Path, default=PROMPTS, help="recorded prompts (JSON)")
    parser.add_argument("--model", default="embedded", help="'embedded' or a local model folder")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: the GPU when present)")
    parser.add_argument("--max-new-tokens", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=3, help="runs per prompt (the median is shown)")
    args = parser.parse_args()
    print(machine())
    if args.record:
        asyncio.run(record(args.prompts))
        return
    path = args.model
    if path == "embedded":
        from agent.llm.embedded import ensure_embedded_llm

        path = str(ensure_embedded_llm(Settings().model_cache_dir))  # type: ignore[call-arg]
    model = LocalChatModel(model_path=path, max_new_tokens=args.max_new_tokens, device=args.device)
    prompts = [messages_from_dict(p) for p in json.loads(args.prompts.read_text(encoding="utf-8"))]
    asyncio.run(replay(model, prompts, args.rounds))


if __name__ == "__main__":
    main()
