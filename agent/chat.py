"""``python -m agent.chat``: the consultation agent in a terminal, interactive or scripted.

``--script FILE`` plays one customer message per line as one conversation and prints a JSON
transcript (one object per turn) instead of chatting.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from pathlib import Path

from agent.cluster.stores import open_ledger
from agent.consult.builder import open_consultant
from agent.consult.records import with_sources
from agent.consult.session import Consultant
from agent.consult.state import STAFF_ROLES, Role
from agent.settings import Settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m agent.chat", description=__doc__)
    parser.add_argument("--llm", help="chat model as provider:model (default: the SALES_LLM setting)")
    parser.add_argument("--index", type=Path, help="index folder (default: the SALES_INDEX_DIR setting)")
    parser.add_argument(
        "--script", type=Path, help="play customer messages from FILE, print a JSON transcript"
    )
    roles = [Role.CUSTOMER, *STAFF_ROLES]
    parser.add_argument("--as", dest="role", choices=[r.value for r in roles], default=Role.CUSTOMER.value)
    parser.add_argument("--thread", help="conversation id to resume (default: a new one)")
    return parser.parse_args(argv)


async def run_script(consultant: Consultant, path: Path, role: Role, thread: str) -> list[dict[str, object]]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [(await consultant.answer(thread, line, role)).transcript() for line in lines if line]


async def interactive(consultant: Consultant, role: Role, thread: str) -> None:
    print(f"Conversation {thread} as {role.value}. Ctrl-D to quit.", file=sys.stderr)

    async def show(token: str) -> None:
        print(token, end="", flush=True)

    while True:
        try:
            message = await asyncio.to_thread(input, "\nyou> ")
        except EOFError:
            return
        if not message.strip():
            continue
        print("assistant> ", end="", flush=True)
        result = await consultant.answer(thread, message, role, on_token=show)
        # Only checked sentences streamed; a replaced answer is printed whole.
        outcome = result.outcome
        if outcome.ending == "replaced":
            print("\n[checked answer]\n" + result.answer)
        print("\n" + with_sources("", outcome.sources, outcome.language).strip())
        acts = ",".join(outcome.acts)
        print(
            f"[acts={acts} stage={outcome.stage} ending={outcome.ending} {result.latency_ms:.0f} ms]",
            file=sys.stderr,
        )


async def main_async(args: argparse.Namespace) -> int:
    overrides: dict[str, object] = {}
    if args.llm:
        overrides["llm"] = args.llm
    if args.index:
        overrides["index_dir"] = args.index
    settings = Settings(**overrides)  # type: ignore[arg-type]
    role, thread = Role(args.role), args.thread or uuid.uuid4().hex
    open_ledger(settings).migrate()  # start-up: the one place the ledger's schema is made
    async with open_consultant(settings) as consultant:
        if args.script:
            transcript = await run_script(consultant, args.script, role, thread)
            print(json.dumps(transcript, ensure_ascii=False, indent=2))
        else:
            await interactive(consultant, role, thread)
    return 0


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
