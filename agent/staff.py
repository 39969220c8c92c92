"""``python -m agent.staff``: add, list and remove staff logins (salesperson / admin); with
``DATABASE_URL`` set, they are the cluster's, and ``import`` copies a users file there."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from agent.cluster.stores import open_users
from agent.consult.state import STAFF_ROLES, Role
from agent.settings import Settings
from agent.storage.engine import DatabaseUnreachableError, check_database
from agent.storage.users import UserTable
from agent.web.users import UsersFileError, UserStore


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m agent.staff", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add a user or reset a password")
    add.add_argument("name")
    add.add_argument("--role", choices=[r.value for r in STAFF_ROLES], default=Role.SALESPERSON.value)
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin (for scripts)"
    )
    commands.add_parser("list", help="list users and roles")
    remove = commands.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    copy = commands.add_parser(
        "import", help="copy the logins of a users file into DATABASE_URL (each keeps its password)"
    )
    copy.add_argument("file", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    store = open_users(settings)  # with DATABASE_URL: the cluster's, for every worker at once
    try:
        if settings.database_url:
            check_database(settings.database_url)
        if args.command == "add":
            password = _read_password(args.password_stdin)
            user = store.set_user(args.name, password, args.role)
            print(f"{user.name} ({user.role}) saved in {store.where}")
        elif args.command == "list":
            for user in store.users():
                print(f"{user.name}\t{user.role}")
        elif args.command == "import":
            if not isinstance(store, UserTable):
                raise UsersFileError(
                    "import copies a users file into the cluster's database: set DATABASE_URL"
                )
            if not args.file.is_file():
                raise UsersFileError(f"{args.file}: no such users file")
            copied = store.copy_from(UserStore(args.file))
            print(f"{len(copied)} logins copied from {args.file} to {store.where}")
        elif not store.remove(args.name):
            print(f"error: no user {args.name!r} in {store.where}", file=sys.stderr)
            return 1
    except (UsersFileError, DatabaseUnreachableError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not os.isatty(0):
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise UsersFileError("password: the two entries differ")
    return first


if __name__ == "__main__":
    raise SystemExit(main())
