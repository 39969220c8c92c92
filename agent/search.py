"""``python -m agent.search``: query the knowledge index from the terminal, as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from agent.ingestion.manifest import IndexNotReadyError
from agent.retrieval.hybrid import MODES, Filters, HybridRetriever
from agent.services import build_services
from agent.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m agent.search", description=__doc__)
    parser.add_argument("query", nargs="?", help="what the customer asked")
    parser.add_argument("--index", type=Path, help="index folder (default: settings index_dir)")
    parser.add_argument("--k", type=int, default=None, help="number of hits")
    parser.add_argument("--json", action="store_true", help="print JSON (always on with --queries)")
    parser.add_argument("--queries", type=Path, help="file with one query per line; prints JSON lines")
    parser.add_argument("--max-price", type=float)
    parser.add_argument("--min-price", type=float)
    parser.add_argument("--category")
    parser.add_argument("--brand")
    parser.add_argument("--in-stock", action="store_true")
    parser.add_argument("--mode", choices=MODES, default="hybrid", help="ranking used (default hybrid)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.query and not args.queries:
        build_parser().error("give a QUERY or --queries FILE")
    settings = Settings()
    if args.index:
        settings = settings.model_copy(update={"index_dir": args.index})
    try:
        retriever = build_services(settings).retriever
    except IndexNotReadyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    filters = Filters(args.min_price, args.max_price, args.category, args.brand, args.in_stock)
    k = args.k or settings.retrieval_k
    if args.queries:
        for line in args.queries.read_text(encoding="utf-8").splitlines():
            if line.strip():
                hits = _hits(retriever, line.strip(), k, filters, args.mode)
                print(json.dumps({"query": line.strip(), "hits": hits}, ensure_ascii=False))
        return 0
    hits = _hits(retriever, args.query, k, filters, args.mode)
    if args.json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
    else:
        for n, hit in enumerate(hits, start=1):
            price = f"  {hit['price']} {hit['currency']}" if hit["kind"] == "product" else ""
            print(f"{n}. [{hit['id']}] {hit['title']}{price}  ({hit['score']:.4f}, {hit['source']})")
    return 0


def _hits(retriever: HybridRetriever, query: str, k: int, filters: Filters, mode: str) -> list[dict]:
    return [hit.to_json() for hit in retriever.search(query, k, filters, mode)]


if __name__ == "__main__":
    raise SystemExit(main())
