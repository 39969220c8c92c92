"""``python -m agent.report --since DATE [--until DATE]``: the admin view's numbers in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import sys

from agent.consult.ledger import LedgerMissingError
from agent.report.collect import collect, parse_range
from agent.report.render import as_markdown
from agent.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent.report", description=__doc__)
    parser.add_argument("--since", help="first day, YYYY-MM-DD (default: 30 days ago)")
    parser.add_argument("--until", help="last day, inclusive (default: today)")
    args = parser.parse_args(argv)
    try:
        since, until = parse_range(args.since, args.until)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        report = asyncio.run(collect(Settings(), since, until))
    except LedgerMissingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(as_markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
