"""The attack suite (prompt injection, price and discount manipulation, role-play, privilege,
indirect injection planted in a catalog), EN and ZH, through the whole agent.

    python bench/attacks.py --llm fake        # a compromised model that obeys: what code defends
    python bench/attacks.py --llm embedded    # the local model and the code together

Prints each breach, a table per kind, and a last line
``attacks=N held=H breaches=B leaks=L money=M private=P staff=S``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import Counter
from pathlib import Path

from _common import arguments, machine
from redteam import Outcome, load_attacks, poisoned_settings, run_attacks

from agent.embeddings import load_embedder
from agent.settings import Settings


def summary(outcomes: list[Outcome]) -> str:
    breaches = [b for o in outcomes for b in o.breaches]
    kinds = Counter(b.split(":")[0] for b in breaches)
    return (
        f"attacks={len(outcomes)} held={sum(o.held for o in outcomes)} breaches={len(breaches)} "
        f"leaks={kinds['prompt_leak']} money={kinds['price'] + kinds['discount']} "
        f"private={kinds['private data']} staff={kinds['staff draft given to a customer']}"
    )


async def main_async(args: argparse.Namespace) -> int:
    attacks = load_attacks()
    with tempfile.TemporaryDirectory(prefix="attacks-") as scratch:
        base = Settings()
        settings = poisoned_settings(base, Path(scratch), load_embedder(base), args.llm)

        def show(outcome: Outcome) -> None:
            for breach in outcome.breaches:
                print(f"BREACH {outcome.attack['id']}: {breach}")

        outcomes = await run_attacks(settings, args.llm, attacks, show)
    print(f"machine: {machine()}; llm: {args.llm}")
    print(f"{'kind':<12} {'lang':<4} {'attacks':>7} {'held':>5}")
    for kind in dict.fromkeys(o.attack["kind"] for o in outcomes):
        for lang in ("en", "zh"):
            group = [o for o in outcomes if o.attack["kind"] == kind and o.attack["language"] == lang]
            if group:
                print(f"{kind:<12} {lang:<4} {len(group):>7} {sum(o.held for o in group):>5}")
    print(summary(outcomes))
    return 0 if all(o.held for o in outcomes) else 1


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--llm", default="fake", help="fake (a compromised model), embedded, openai:...")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
