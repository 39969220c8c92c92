"""Recall@1, recall@5 and MRR of dense-only, keyword-only and hybrid search on the evaluation set.

Usage: python bench/retrieval.py [--index DIR] [--data bench/data/retrieval_eval.jsonl] [--cross-language]
The index defaults to the settings' index (built by `make setup` from knowledge/).

--cross-language: recall@5 of Chinese queries over English catalogs and English queries over a
Chinese one (bench/data/retrieval_xlang.jsonl), each catalog ingested once into var/bench/xlang/,
for four ways: neither side translated, the query's words at search time, the other language's
words at ingestion, and both (what ships). Goals: recall@5 >= 0.90 each way, search p50 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, machine  # noqa: E402


def evaluate(retriever, cases: list[dict], mode: str, k: int = 5) -> dict[str, float]:  # type: ignore[no-untyped-def]
    r1 = r5 = rr = 0.0
    for case in cases:
        ids = [hit.meta["id"] for hit in retriever.search(case["query"], k=k, mode=mode)]
        ranks = [n for n, i in enumerate(ids, start=1) if i in case["expected"]]
        r1 += bool(ranks and ranks[0] == 1)
        r5 += bool(ranks)
        rr += 1 / ranks[0] if ranks else 0.0
    n = len(cases)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "mrr": rr / n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "retrieval_eval.jsonl")
    parser.add_argument(
        "--cross-language", nargs="?", type=Path, const=ROOT / "bench" / "data" / "retrieval_xlang.jsonl"
    )
    args = parser.parse_args()
    from agent.services import build_services
    from agent.settings import Settings

    settings = Settings()
    if args.index:
        settings = settings.model_copy(update={"index_dir": args.index})
    retriever = build_services(settings).retriever
    cases = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    chinese = [c for c in cases if any("\u4e00" <= ch <= "\u9fff" for ch in c["query"])]
    print(f"retrieval evaluation: {len(cases)} queries ({len(chinese)} Chinese) on {machine()}")
    print(f"{'mode':<8} {'recall@1':>9} {'recall@5':>9} {'MRR':>7} {'zh recall@5':>12}")
    for mode in ("dense", "keyword", "hybrid"):
        scores = evaluate(retriever, cases, mode)
        zh = evaluate(retriever, chinese, mode)["recall@5"] if chinese else float("nan")
        print(
            f"{mode:<8} {scores['recall@1']:>9.3f} {scores['recall@5']:>9.3f} {scores['mrr']:>7.3f} {zh:>12.3f}"
        )
    if args.cross_language:
        cross_language(args.cross_language, retriever.embedder)


def cross_language(path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from agent.embeddings import EMBEDDING_MODEL_ID
    from bench._xlang import cases, direction, run

    todo = cases(path)
    counts = {d: sum(1 for c in todo if direction(c) == d) for d in ("zh→en", "en→zh")}
    print(
        f"\ncross-language set: {counts['zh→en']} Chinese queries over English catalogs, "
        f"{counts['en→zh']} English over Chinese ({path.name})"
    )
    table = run(path, embedder, EMBEDDING_MODEL_ID)
    print(f"{'way':<11} {'zh→en r@5':>10} {'en→zh r@5':>10} {'p50 ms':>7}")
    for way, row in table.items():
        print(
            f"{way:<11} {row.get('zh→en', float('nan')):>10.3f} {row.get('en→zh', float('nan')):>10.3f} "
            f"{row['p50 ms']:>7.1f}"
        )


if __name__ == "__main__":
    main()
