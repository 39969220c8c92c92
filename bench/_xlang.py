"""The cross-language set of ``bench/retrieval.py``: each catalog ingested once into ``var/bench/``
(with and without the other language's words at ingestion), then searched with and without the
query's words in the other language."""

from __future__ import annotations

import csv
import json
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from bench._common import ROOT, percentile_ms

SHARED = ROOT.parent / "shared" / "data"
CATALOGS = {
    "sample": ROOT / "knowledge" / "catalog" / "products.csv",
    "bigbasket": SHARED / "bigbasket" / "products.csv",
    "toy": ROOT / "bench" / "data" / "toy_shop" / "products.csv",
    "cn_shop": ROOT / "bench" / "data" / "cn_shop" / "products.csv",
}
CACHE = ROOT / "var" / "bench" / "xlang"
# BigBasket's 27,555 rows with their long descriptions take about an hour to embed twice on two
# shared cores: the bench searches the rows its queries expect plus a seeded sample, 6,000 in all.
BIGBASKET_ROWS = 6000
# (name, words at ingestion, the query's words at search)
WAYS = (
    ("neither", False, False),
    ("query-time", False, True),
    ("index-time", True, False),
    ("both", True, True),
)


@contextmanager
def ingestion_words(on: bool) -> Iterator[None]:
    """The ingestion as shipped, or without the other language's words (the comparison's baseline)."""
    if on:
        yield
        return
    with mock.patch("agent.ingestion.catalog.product_words", lambda *_: ""):
        yield


def _bigbasket_sample(expected: set[str]) -> Path:
    """The BigBasket rows the queries expect and a seeded sample of the rest, as one CSV."""
    path = CACHE / "bigbasket-sample" / "products.csv"
    if path.exists():
        return path
    with CATALOGS["bigbasket"].open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    header, body = rows[0], rows[1:]
    wanted = [r for r in body if r[0] in expected]
    rest = [r for r in body if r[0] not in expected]
    chosen = wanted + random.Random(7).sample(rest, BIGBASKET_ROWS - len(wanted))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([header, *chosen])
    return path


def retriever(
    catalog: str,
    expanded: bool,
    embedder: Any,
    embedding_model: str,
    expected: set[str],  # noqa: ANN401
) -> Any:  # noqa: ANN401
    from agent.ingestion.pipeline import ingest
    from agent.retrieval.loader import load_retriever

    folder = CACHE / f"{catalog}-{'expanded' if expanded else 'plain'}"
    source = _bigbasket_sample(expected) if catalog == "bigbasket" else CATALOGS[catalog]
    with ingestion_words(expanded):
        started = time.monotonic()
        summary = ingest([source], folder, embedder, embedding_model)
        if summary.added or summary.updated:
            print(
                f"  ingested {catalog} ({'with' if expanded else 'without'} the other language's words): "
                f"{len(summary.added) + len(summary.updated)} products in {time.monotonic() - started:.0f} s"
            )
    return load_retriever(folder, embedder, embedding_model, dense_weight=0.6)


def cases(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def direction(case: dict[str, Any]) -> str:
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in case["query"])
    return "zh→en" if chinese else "en→zh"


def run(path: Path, embedder: Any, embedding_model: str) -> dict[str, dict[str, float]]:  # noqa: ANN401
    """recall@5 per way and direction, and the search p50 of each way (ms)."""
    todo = cases(path)
    found: dict[tuple[str, str], list[bool]] = {}
    timings: dict[str, list[float]] = {}
    misses: list[str] = []
    for catalog in sorted({c["catalog"] for c in todo}):
        mine = [c for c in todo if c["catalog"] == catalog]
        for expanded in (False, True):
            expected = {i for c in mine for i in c["expected"]}
            index = retriever(catalog, expanded, embedder, embedding_model, expected)
            for way, at_ingestion, at_search in WAYS:
                if at_ingestion != expanded:
                    continue
                index.translate_queries = at_search
                index.forget_queries()
                for case in mine:
                    started = time.perf_counter()
                    ids = [h.meta["id"] for h in index.search(case["query"], k=5)]
                    timings.setdefault(way, []).append(time.perf_counter() - started)
                    hit = any(i in case["expected"] for i in ids)
                    found.setdefault((way, direction(case)), []).append(hit)
                    if way == "both" and not hit:
                        misses.append(f"  miss [{catalog}] {case['query']} -> {ids[:3]}")
    print("\n".join(misses))
    table: dict[str, dict[str, float]] = {}
    for way, *_ in WAYS:
        row = {d: sum(v) / len(v) for (w, d), v in found.items() if w == way}
        row["p50 ms"] = percentile_ms(timings[way], 50)
        table[way] = row
    return table
