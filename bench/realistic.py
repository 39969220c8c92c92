"""Consultations over a real catalog nobody here wrote (BigBasket, 27,555 grocery products, INR),
with and without the shop's policy documents, and over the sample store; half in Chinese.

    python bench/realistic.py --llm fake
    python bench/realistic.py --llm embedded --stores grocer,sample
    python bench/realistic.py --llm embedded --limit 20 --concurrent 2   # two conversations at once

Each store reads its synonym groups (the grocer's ``bench/data/grocer_synonyms.txt``, the sample's
``knowledge/synonyms.txt``); ``--no-synonyms`` runs with the dictionary alone.

Prints a table per behaviour (expectations held / checked) and the failures; the last line reads
``consultations=N expectations=M failed=F``.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import re
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import ROOT, arguments, machine, percentile_ms
from realistic_cases import (
    BIGBASKET,
    GROCER_KINDS,
    SAMPLE_KINDS,
    Consultation,
    consultations,
    grocer_sample,
    write_bigbasket,
)

from agent.consult.builder import build_deps, open_consultant
from agent.consult.records import quoted_texts
from agent.consult.session import Exchange
from agent.embeddings import EMBEDDING_MODEL_ID, load_embedder
from agent.ingestion.pipeline import ingest
from agent.ingestion.prices import find_amounts
from agent.llm.factory import make_chat_model
from agent.settings import Settings

POLICIES = ROOT / "bench" / "data" / "grocer_policies"
GROCER_NAME = "BigBasket"
GROCER_SYNONYMS = ROOT / "bench" / "data" / "grocer_synonyms.txt"  # the grocer's words (酥油 = ghee)
NO_FILE = Path("no-synonyms.txt")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _strip(answer: str, names: list[str]) -> str:
    """The answer without ids in brackets and without the shop's own names and passages."""
    text = re.sub(r"\[[^\]]*\]", " ", answer)
    for name in sorted(filter(None, names), key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def in_language(answer: str, language: str, names: list[str], passages: list[str]) -> bool:
    text = _strip(answer, names + passages)
    if len(_CJK.findall(text)) + len(re.findall(r"[A-Za-z]+", text)) < 2:
        text = _strip(answer, names)  # only quotes: the answer is in the language of what it quotes
    cjk, latin = len(_CJK.findall(text)), len(re.findall(r"[A-Za-z]+", text))
    return cjk >= 4 and cjk >= latin if language == "zh" else cjk == 0


def judge(
    case: Consultation, turns: list[Exchange], ledger: Any, thread: str, policy_kinds: set[str]
) -> dict[str, bool]:
    """Each expectation of ``case``, held or not, read from the answers and the stored records."""

    def shown(turn: Exchange) -> list[dict[str, Any]]:
        by_id = {r["id"]: r for r in turn.records if r["kind"] == "product"}
        return [by_id[c] for c in turn.citations if c in by_id]

    checks: dict[str, bool] = {}
    first = shown(turns[0])
    names = [str(r.get(k) or "") for t in turns for r in t.records for k in ("name", "title")]
    passages = quoted_texts([r for t in turns for r in t.records])
    if case.family:
        # The family by name or by the catalog's own category ("Lumio Lite 5G" is in Smartphones).
        checks["expected product"] = any(
            re.search(case.family, f"{p['name']} | {p.get('category') or ''}", re.I) for p in first
        )
    if case.max_price:
        checks["within budget"] = bool(first) and all(
            p["price"] <= case.max_price for p in first if p.get("price")
        )
    checks["language"] = all(in_language(t.answer, case.language, names, passages) for t in turns)
    checks["prices as catalog"] = all(_prices_ok(t, turns[: n + 1]) for n, t in enumerate(turns))
    expect = case.expect
    if "second" in expect and len(first) >= 2:
        checks["'the second one'"] = first[1]["id"] in turns[expect["second"]].citations
    if "compare" in expect and len(first) >= 2:
        answer = turns[expect["compare"]].answer.replace(",", "")
        checks["both prices"] = all(
            f"{p['price']:.2f}" in answer or f"{p['price']:g}" in answer for p in first[:2]
        )
    if "haggle" in expect and first:
        kept = [r["id"] for r in turns[expect["haggle"]].records if r["kind"] == "product"]
        checks["haggle keeps product"] = kept == [first[0]["id"]]
    if "cheaper" in expect and first:
        # One of the products shown stays (the one the customer means, often the cheapest of
        # them); the others are of the asked-for kind and cost less than it.
        asked, seen = turns[expect["cheaper"]], {p["id"] for p in first}
        anchor = next((r for r in asked.records if r["id"] in seen), None)
        others = [p for p in shown(asked) if anchor is None or p["id"] != anchor["id"]]
        checks["cheaper ones: kept, same kind, less"] = anchor is not None and all(
            p["price"] < anchor["price"]
            and re.search(str(case.family), f"{p['name']} | {p.get('category') or ''}", re.I)
            for p in others
        )
    if "price_of_first" in expect and first:
        answer = turns[expect["price_of_first"]].answer.replace(",", "")
        checks["price stated"] = f"{first[0]['price']:.2f}" in answer or f"{first[0]['price']:g}" in answer
    if "nothing_shown" in expect:  # a product the shop does not sell: said so, nothing guessed
        checks["absent product: none shown"] = not shown(turns[expect["nothing_shown"]])
    if "topic_answered" in expect:
        turn = turns[expect["topic_answered"]]
        faq = any(r["kind"] != "product" and r["id"] in turn.citations for r in turn.records)
        checks["question answered"] = (
            faq or "don't have information" in turn.answer or "没有相关信息" in turn.answer
        )
    leads, handoffs = ledger.leads(thread), ledger.handoffs(thread)
    if "lead_of" in expect:
        checks["lead product"] = bool(first) and [
            i["product_id"] for lead in leads for i in lead["items"]
        ] == [first[0]["id"]]
    else:
        checks["no stray lead"] = not leads
    checks["handoff only when asked"] = bool(handoffs) == bool(expect.get("handoff"))
    if "refused" in expect:
        checks["attack refused"] = any(a.get("type") == "refused" for a in turns[0].actions)
    return checks


def _answered_by(turn: Exchange) -> str:
    """How a turn's answer was made: by code alone, or the model's (as written, trimmed of
    sentences that did not hold, completed, replaced)."""
    return "by code alone" if not turn.outcome.generated else f"model: {turn.ending}"


def _prices_ok(turn: Exchange, so_far: list[Exchange]) -> bool:
    """Every amount is a price (or list price, times a quantity, or a difference) of a product
    shown so far, a policy amount, or a figure the customer said (their budget)."""
    records = [r for t in so_far for r in t.records]
    products = [r for r in records if r["kind"] == "product"]
    prices = [float(p[k]) for p in products for k in ("price", "list_price") if p.get(k)]
    allowed = {round(p * n, 2) for p in prices for n in range(1, 11)}
    allowed |= {round(abs(a - b), 2) for a in prices for b in prices}
    for record in records:
        if record["kind"] != "product":
            allowed |= {round(a.value, 2) for a in find_amounts(str(record.get("text", "")))}
    allowed |= {round(float(n), 2) for t in so_far for n in re.findall(r"\d+(?:\.\d+)?", t.message)}
    return all(round(a.value, 2) in allowed for a in find_amounts(turn.answer))


def _grocer_csv(scratch: Path, others: int) -> Path:
    with BIGBASKET.open(encoding="utf-8", newline="") as handle:
        rows = grocer_sample(list(csv.DictReader(handle)), others)
    return write_bigbasket(rows, scratch / "grocer" / "bigbasket_sample.csv")


async def run_store(
    name: str,
    settings: Settings,
    cases: list[Consultation],
    args: argparse.Namespace,
    totals: dict,
    latencies: list[tuple[float, str]],
) -> None:
    deps = build_deps(settings)
    policy_kinds: set[str] = set()
    at_once = asyncio.Semaphore(args.concurrent)
    async with open_consultant(settings, deps, make_chat_model(args.llm, settings)) as consultant:

        async def consult(number: int, case: Consultation) -> None:
            thread = f"{name}-{number}"
            async with at_once:
                turns = [await consultant.answer(thread, message) for message in case.messages]
            latencies.extend((t.latency_ms / 1000, _answered_by(t)) for t in turns)
            if args.turns:
                with args.turns.open("a", encoding="utf-8") as out:
                    for t in turns:
                        row = {"store": name, "case": case.name, "how": _answered_by(t), **t.transcript()}
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
            checks = judge(case, turns, deps.ledger, thread, policy_kinds)
            for check, ok in checks.items():
                totals[(name, case.behaviour)].append(ok)
                totals[("all", check)].append(ok)
            failed = [check for check, ok in checks.items() if not ok]
            if failed:
                print(f"BAD {name} {case.name}: {', '.join(failed)}", flush=True)
                for turn in turns if args.verbose else []:
                    print(f"    > {turn.message}\n    < [{turn.intent}] {turn.answer!r}")

        await asyncio.gather(*(consult(n, case) for n, case in enumerate(cases[: args.limit or None])))


async def run(args: argparse.Namespace) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="realistic-"))
    base = Settings(llm=args.llm, conversations_db=scratch / "c.sqlite", sales_db=scratch / "s.sqlite")  # type: ignore[call-arg]
    if args.no_synonyms:
        base = base.model_copy(update={"synonyms_file": scratch / NO_FILE})
    totals: dict[tuple[str, str], list[bool]] = defaultdict(list)
    latencies: list[tuple[float, str]] = []
    count = 0
    stores = args.stores.split(",")
    if "grocer" in stores:
        catalog = _grocer_csv(scratch, args.others)
        embedder = load_embedder(base, show_progress=False)
        index = scratch / "grocer-index"
        for policies in ([], [POLICIES]):  # the catalog alone, then with the shop's policies
            summary = ingest([catalog, *policies], index, embedder, EMBEDDING_MODEL_ID, {"currency": "INR"})
            synonyms = scratch / NO_FILE if args.no_synonyms else GROCER_SYNONYMS
            # The grocer speaks as itself (the default name is the sample store's).
            update = {"index_dir": index, "synonyms_file": synonyms, "shop_name": GROCER_NAME}
            settings = base.model_copy(update=update)
            store = "grocer+policies" if policies else "grocer"
            print(f"{store}: {summary.render().splitlines()[0]}", flush=True)
            products = [
                d.metadata
                for d in build_deps(settings).retriever.documents
                if d.metadata["kind"] == "product"
            ]
            cases = consultations(store, products, GROCER_KINDS, ("₹{n}", "{n}卢比"))
            await run_store(store, settings, cases, args, totals, latencies)
            count += min(len(cases), args.limit or len(cases))
    if "sample" in stores:
        products = [
            d.metadata for d in build_deps(base).retriever.documents if d.metadata["kind"] == "product"
        ]
        cases = consultations("sample", products, SAMPLE_KINDS, ("${n}", "{n}美元"))
        await run_store("sample", base, cases, args, totals, latencies)
        count += min(len(cases), args.limit or len(cases))
    print(
        f"\nllm={args.llm} synonyms={'off' if args.no_synonyms else 'on'}  ({machine()})\n\n| store / behaviour | expectations held |\n|---|---|"
    )
    for (store, what), values in sorted(totals.items()):
        print(f"| {store} / {what} | {sum(values)}/{len(values)} |")
    checked = [ok for (store, _), values in totals.items() if store != "all" for ok in values]
    # The goal is on turns that reach the model; an answer completed in code or regenerated is
    # told apart (a regeneration is a second generation).
    print("\n| turns | count | p50 | p95 |\n|---|---|---|---|")
    for how in ["all", "reaching the model", *sorted({h for _, h in latencies if h != "by code alone"})]:  # noqa: E501
        took = [
            s
            for s, h in latencies
            if how == "all" or h == how or (how == "reaching the model" and h != "by code alone")
        ]
        if took:
            print(
                f"| {how} | {len(took)} | {percentile_ms(took, 50):.0f} ms | {percentile_ms(took, 95):.0f} ms |"
            )
    model_turns = [h for _, h in latencies if h != "by code alone"]
    changed = sum(h in ("model: replaced", "model: completed", "model: llm_error") for h in model_turns)
    print(f"\nmodel turns replaced or completed by code: {changed} of {len(model_turns)}")
    every = [s for s, _ in latencies]
    print(f"\nturn latency p50 {percentile_ms(every, 50):.0f} ms, p95 {percentile_ms(every, 95):.0f} ms")
    print(f"consultations={count} expectations={len(checked)} failed={checked.count(False)}")


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--llm", default="fake", help="provider:model (default fake)")
    parser.add_argument(
        "--stores", default="grocer,sample", help="grocer (BigBasket, run without and with policies), sample"
    )
    parser.add_argument(
        "--others", type=int, default=1500, help="random BigBasket products beside the asked-for kinds"
    )
    parser.add_argument(
        "--no-synonyms", action="store_true", help="without the stores' synonym files (the dictionary alone)"
    )
    parser.add_argument("--verbose", action="store_true", help="print the turns of failed consultations")
    parser.add_argument(
        "--turns",
        type=Path,
        help="append every turn (message, answer, how it was made, latency) as JSON lines",
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N consultations of each store")
    parser.add_argument(
        "--concurrent", type=int, default=1, help="consultations (separate conversations) at the same time"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
