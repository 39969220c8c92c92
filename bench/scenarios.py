"""Scripted consultations (EN and ZH) through the whole agent: what a sales manager would check.

    python bench/scenarios.py --llm fake        # the pipeline decided in code, zero LLM latency
    python bench/scenarios.py --llm embedded    # the small local model phrasing the answers

Prints per scenario what failed, then: recommendation hit rate, budget kept, grounding
violations before / after the validator, handoff and lead correctness, language kept, and
per-turn latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from _common import ROOT, arguments, machine, percentile_ms

from agent.consult.builder import build_deps, open_consultant
from agent.consult.ledger import Ledger, SalesLedger
from agent.consult.session import Exchange
from agent.llm.factory import make_chat_model
from agent.settings import Settings

_CJK = re.compile(r"[\u4e00-\u9fff]")


def judge(expect: dict[str, Any], turns: list[Exchange], ledger: Ledger, thread: str) -> dict[str, bool]:
    cited = {c for t in turns for c in t.citations}
    checks: dict[str, bool] = {}
    if "products" in expect:
        checks["hit"] = bool(cited & set(expect["products"]))
    if "max_price" in expect:
        shown = [r for t in turns for r in t.records if r["kind"] == "product" and r["id"] in t.citations]
        checks["budget"] = all(r["price"] <= expect["max_price"] for r in shown if r.get("price") is not None)
    if "faq" in expect:
        checks["faq"] = any(expect["faq"] in c for c in cited)
    if expect.get("out_of_scope"):
        checks["out_of_scope"] = turns[-1].intent == "out_of_scope"
    if "intent_last" in expect:
        checks["intent"] = turns[-1].intent == expect["intent_last"]
    checks["handoff"] = bool(ledger.handoffs(thread)) == expect.get("handoff", False)
    checks["lead"] = bool(ledger.leads(thread)) == expect.get("lead", False)
    if expect.get("language") == "zh":
        checks["language"] = all(_CJK.search(t.answer) for t in turns)
    return checks


async def run(args: argparse.Namespace) -> None:
    scenarios = [json.loads(line) for line in args.scenarios.read_text(encoding="utf-8").splitlines() if line]
    scratch = Path(tempfile.mkdtemp(prefix="scenarios-"))
    settings = Settings(llm=args.llm, conversations_db=scratch / "c.sqlite", sales_db=scratch / "s.sqlite")  # type: ignore[call-arg]
    SalesLedger(settings.sales_db).migrate()
    deps = build_deps(settings)
    choice = make_chat_model(args.llm, settings)
    totals: dict[str, list[bool]] = {}
    latencies: list[float] = []
    before = after = 0
    async with open_consultant(settings, deps, choice) as consultant:
        for number, scenario in enumerate(scenarios[: args.limit or None]):
            thread = f"scenario-{number}"
            turns = [await consultant.answer(thread, message) for message in scenario["messages"]]
            latencies += [t.latency_ms / 1000 for t in turns]
            before += sum(len(t.outcome.violations) for t in turns)
            after += sum(t.ending == "replaced" for t in turns)
            checks = judge(scenario["expect"], turns, deps.ledger, thread)
            for name, ok in checks.items():
                totals.setdefault(name, []).append(ok)
            failed = [name for name, ok in checks.items() if not ok]
            print(f"{'ok ' if not failed else 'BAD'} {scenario['name']:<32} {' '.join(failed)}", flush=True)

    def rate(name: str) -> str:
        values = totals.get(name, [])
        return f"{sum(values)}/{len(values)}" if values else "-"

    print(
        f"\nllm={args.llm}  scenarios={len(latencies) and number + 1}  turns={len(latencies)}  ({machine()})"
    )
    print(f"recommendation hit rate {rate('hit')}, budget kept {rate('budget')}, policy cited {rate('faq')}")
    print(
        f"handoff correct {rate('handoff')}, lead correct {rate('lead')}, out-of-scope {rate('out_of_scope')}"
    )
    print(f"objection intent {rate('intent')}, Chinese answers in Chinese {rate('language')}")
    print(f"sentences held back by the checks {before}, answers replaced by the records {after}")
    print(
        f"turn latency p50 {percentile_ms(latencies, 50):.0f} ms, p95 {percentile_ms(latencies, 95):.0f} ms"
    )


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--llm", default="fake", help="provider:model (default fake)")
    parser.add_argument("--scenarios", type=Path, default=ROOT / "bench" / "data" / "scenarios.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="run only the first N scenarios")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
