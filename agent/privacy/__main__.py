"""``python -m agent.privacy``: export or delete one customer's data; apply the retention period.

python -m agent.privacy export --user customer-1234 > customer-1234.json
python -m agent.privacy delete --user customer-1234
python -m agent.privacy retention            # uses SALES_RETENTION_DAYS
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from agent.privacy.store import apply_retention, delete_customer, export_customer
from agent.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent.privacy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("export", "delete"):
        command = commands.add_parser(name, help=f"{name} one user's conversations, leads and handoffs")
        command.add_argument(
            "--user", required=True, help="the user identifier (customer-... or a staff name)"
        )
    commands.add_parser("retention", help="delete conversations older than SALES_RETENTION_DAYS")
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command == "export":
        data = asyncio.run(export_customer(settings, args.user))
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
    elif args.command == "delete":
        print(json.dumps(asyncio.run(delete_customer(settings, args.user))))
    else:
        print(json.dumps(asyncio.run(apply_retention(settings, settings.retention_days))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
