"""Command line of ``python ingest.py``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agent.ingestion.columns import ColumnMappingError, parse_column_overrides
from agent.ingestion.pipeline import IngestionLockedError, ingest
from agent.ingestion.problems import SourceError
from agent.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python ingest.py",
        description="Embed product catalogs and FAQ documents into the FAISS knowledge index.",
    )
    parser.add_argument(
        "--source", action="append", type=Path, help="file or folder; repeatable (default: settings)"
    )
    parser.add_argument("--index", type=Path, help="index folder (default: settings index_dir)")
    parser.add_argument(
        "--columns",
        help='map catalog fields to columns, e.g. name=Title,price="Our Price"; currency=INR names the '
        "currency of a file without a currency column",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    try:
        overrides = parse_column_overrides(args.columns)
    except ColumnMappingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    from agent.embeddings import EMBEDDING_MODEL_ID, load_embedder

    embedder = load_embedder(settings, show_progress=not args.quiet)
    try:
        summary = ingest(
            args.source or settings.all_knowledge_sources(),
            args.index or settings.index_dir,
            embedder,
            EMBEDDING_MODEL_ID,
            overrides,
        )
    except (SourceError, IngestionLockedError) as error:
        print(f"error: {error}\nnothing was changed: the previous index keeps serving", file=sys.stderr)
        return 1
    print(summary.render())
    return 0
