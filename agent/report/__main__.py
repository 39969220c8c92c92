"""``python -m agent.report --since DATE [--until DATE] [--category NAME] [--html FILE]``: the
admin view's report in the terminal; ``--html`` also writes it with its charts as one offline file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from agent.report.assemble import build_report
from agent.report.category import UnknownCategoryError
from agent.report.collect import parse_range
from agent.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent.report", description=__doc__)
    parser.add_argument("--since", help="first day, YYYY-MM-DD (default: 30 days ago)")
    parser.add_argument("--until", help="last day, inclusive (default: today)")
    parser.add_argument(
        "--category", help="one catalog category, e.g. Laptops (case, plural and Chinese names resolved)"
    )
    parser.add_argument("--html", type=Path, help="also write the report with its charts to this HTML file")
    parser.add_argument("--language", choices=("en", "zh"), default="en", help="chart titles")
    args = parser.parse_args(argv)
    try:
        since, until = parse_range(args.since, args.until)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        charted = asyncio.run(build_report(Settings(), since, until, args.category))
    except UnknownCategoryError as error:
        print(f"error: --category {error}", file=sys.stderr)
        return 2
    text = charted.markdown()
    print(text)
    if args.html:
        from agent.report.html import write_html

        write_html(args.html, charted.title, text, charted.figures(args.language))
        print(f"\nwrote {args.html}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
