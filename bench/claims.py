"""The claims table, end to end: answers written for issue 41 (``bench/data/claims.jsonl``), each
true or false against the records of three shops (the sample store, a BigBasket sample with its
policies, and a EUR shop with Chinese product names), stated by a scripted model in a real
consultation; the test reads what the customer receives.

    python bench/claims.py [--stores sample,euro,bigbasket] [--show 20]

A false claim got through when its marker (the words that carry it) reaches the customer; a true
one was rejected when its marker does not. Answers in free text go through the path of a model with
tools (a hosted GPT-4-class model), answers with references through the fixed pipeline. The last
line reads ``claims=N false=F false_through=X true=T true_rejected=Y``.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import random
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from _common import ROOT, arguments, machine
from realistic_cases import BIGBASKET, write_bigbasket

from agent.consult.builder import build_deps, open_consultant
from agent.embeddings import EMBEDDING_MODEL_ID, load_embedder
from agent.ingestion.pipeline import ingest
from agent.llm.factory import ChatModelChoice
from agent.llm.fake import ScriptedChatModel
from agent.settings import Settings

CLAIMS = ROOT / "bench" / "data" / "claims.jsonl"
EURO = ROOT / "bench" / "data" / "euro_shop"
GROCER_POLICIES = ROOT / "bench" / "data" / "grocer_policies"


def load_claims(stores: list[str]) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in CLAIMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["store"] in stores]


def _bigbasket_csv(scratch: Path, ids: set[str], others: int = 300) -> Path:
    with BIGBASKET.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    chosen = [r for r in rows if r["index"] in ids]
    chosen += random.Random(11).sample([r for r in rows if r["index"] not in ids], others)
    return write_bigbasket(chosen, scratch / "bigbasket" / "products.csv")


def store_settings(store: str, base: Settings, scratch: Path, rows: list[dict[str, Any]]) -> Settings:
    """Each shop's own index, built here (the sample store's is the default index)."""
    if store == "sample":
        return base
    embedder = load_embedder(base, show_progress=False)
    index = scratch / f"{store}-index"
    if store == "euro":
        sources, defaults, name = [EURO / "products.csv", EURO / "policies"], {}, "Euro Home"
    else:
        ids = {i for r in rows if r["store"] == "bigbasket" for i in r["products"]}
        sources, defaults, name = (
            [_bigbasket_csv(scratch, ids), GROCER_POLICIES],
            {"currency": "INR"},
            "BigBasket",
        )
    ingest(sources, index, embedder, EMBEDDING_MODEL_ID, defaults)
    return base.model_copy(update={"index_dir": index, "shop_name": name})


async def run_store(store: str, settings: Settings, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    deps = build_deps(settings)
    results = []
    for form, tools in (("free", True), ("refs", False)):
        model = ScriptedChatModel()
        choice = ChatModelChoice("fake", model, calls_tools=tools)
        async with open_consultant(settings, deps, choice) as consultant:
            for row in [r for r in rows if r["store"] == store and r["form"] == form]:
                model.script = [row["answer"]]
                turn = await consultant.answer(f"claims-{row['id']}", row["message"])
                # What the model said that reached the customer (code's own answer is rendered from
                # the records, and may hold the marker's figure for another reason).
                reached = _folded(row["marker"]) in _folded(turn.model_words)
                results.append(
                    {
                        **row,
                        "received": turn.answer,
                        "reached": reached,
                        "ending": turn.ending,
                        "held": "; ".join(turn.outcome.violations),
                    }
                )
    return results


def _folded(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()


async def run(args: argparse.Namespace) -> None:
    stores = args.stores.split(",")
    if "bigbasket" in stores and not BIGBASKET.exists():
        print(f"(no BigBasket export at {BIGBASKET}: its rows are skipped)")
        stores.remove("bigbasket")
    rows = load_claims(stores)
    scratch = Path(tempfile.mkdtemp(prefix="claims-"))
    base = Settings(llm="fake", conversations_db=scratch / "c.sqlite", sales_db=scratch / "s.sqlite")  # type: ignore[call-arg]
    results: list[dict[str, Any]] = []
    for store in stores:
        results += await run_store(store, store_settings(store, base, scratch, rows), rows)
    report(results, args.show)


def report(results: list[dict[str, Any]], show: int) -> None:
    false = [r for r in results if not r["true"]]
    true = [r for r in results if r["true"]]
    through = [r for r in false if r["reached"]]
    rejected = [r for r in true if not r["reached"]]
    print(f"# claims table, {len(results)} answers, {machine()}\n")
    print("| by | false claims through | true claims rejected |\n|---|---|---|")
    for key in ("store", "language", "form"):
        for value in sorted({str(r[key]) for r in results}):
            mine = [r for r in results if str(r[key]) == value]
            bad = sum(1 for r in mine if not r["true"] and r["reached"])
            lost = sum(1 for r in mine if r["true"] and not r["reached"])
            print(
                f"| {key} {value} | {bad}/{sum(not r['true'] for r in mine)} | {lost}/{sum(r['true'] for r in mine)} |"
            )
    kinds: dict[str, Counter[bool]] = defaultdict(Counter)
    for r in false:
        kinds[r["kind"]][r["reached"]] += 1
    print(
        "\nfalse kinds through: "
        + ", ".join(f"{k} {c[True]}/{sum(c.values())}" for k, c in sorted(kinds.items()))
    )
    print(
        "endings: "
        + ", ".join(f"{k} {v}" for k, v in Counter(str(r["ending"]) for r in results).most_common())
    )
    for r in (through + rejected)[:show]:
        verdict = "FALSE THROUGH" if not r["true"] else "TRUE REJECTED"
        print(
            f"\n{verdict} {r['id']} [{r['store']} {r['language']} {r['form']} {r['kind']}] marker {r['marker']!r}"
        )
        print(f"  > {r['message']}\n  model: {r['answer']}\n  customer: {r['received']!r}")
        if r["held"]:
            print(f"  held back: {r['held']}")
    print(
        f"\nclaims={len(results)} false={len(false)} false_through={len(through)} "
        f"true={len(true)} true_rejected={len(rejected)}"
    )


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--stores", default="sample,euro,bigbasket")
    parser.add_argument("--show", type=int, default=20, help="print this many failures")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
