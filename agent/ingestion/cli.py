"""Command line of ``python ingest.py``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agent.ingestion.columns import ColumnMappingError, parse_column_overrides
from agent.ingestion.pipeline import IngestionLockedError, ingest
from agent.ingestion.problems import SourceError
from agent.ingestion.sources import discover
from agent.settings import Settings

SAMPLE_CATALOG = (Path(__file__).resolve().parents[2] / "knowledge" / "catalog" / "products.csv").resolve()


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
    parser.add_argument(
        "--orders",
        action="append",
        type=Path,
        help="orders history (CSV or JSON Lines: date, product id or SKU, quantity; optional unit price, "
        "channel) into the forecast's store, instead of the knowledge index; repeatable, re-runs add nothing twice",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    if args.orders:
        return _orders(settings, args.orders)
    try:
        overrides = parse_column_overrides(args.columns)
    except ColumnMappingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    from agent.embeddings import EMBEDDING_MODEL_ID, LazyEmbeddings, load_embedder

    embedder = LazyEmbeddings(lambda: load_embedder(settings, show_progress=not args.quiet))
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
    if (hint := sample_name_hint(settings, args.source or settings.all_knowledge_sources())) is not None:
        print(hint)
    if settings.database_url and not args.index:
        from agent.cluster.knowledge import migrate_knowledge, publish
        from agent.storage.engine import postgres_conninfo

        url = postgres_conninfo(settings)
        assert url is not None
        migrate_knowledge(url)
        print(f"published {publish(url, settings.index_dir, settings.upload_dir)} to DATABASE_URL")
    return 0


def sample_name_hint(settings: Settings, sources: list[Path]) -> str | None:
    """One line when another shop's catalog is ingested under the sample store's name: its
    customers would be greeted by "Maple Electronics"."""
    sample_name = Settings.model_fields["shop_name"].default
    if settings.shop_name != sample_name:
        return None
    catalogs = [found.path.resolve() for found in discover(sources, {}) if found.kind == "catalog"]
    if all(path == SAMPLE_CATALOG for path in catalogs):
        return None
    return (
        f'note: the shop name is still the sample store\'s ("{sample_name}"): set SALES_SHOP_NAME="Your Shop" '
        "(and restart the app) so that the assistant speaks for your shop"
    )


def _orders(settings: Settings, paths: list[Path]) -> int:
    from agent.cluster.stores import open_orders
    from agent.insights.load import load_orders
    from agent.storage.engine import DatabaseUnreachableError, check_database

    try:
        if settings.database_url:
            check_database(settings.database_url)
        lines = load_orders(open_orders(settings), paths)
    except DatabaseUnreachableError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0
