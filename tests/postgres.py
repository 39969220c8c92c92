"""PostgreSQL for the tests: an empty database of its own for each test module (TEST_DATABASE_URL
names the server; CI starts one with .ci/services.sh). Without one, these tests are skipped off CI.
``database_url`` is a fixture of tests/conftest.py, so any test folder can ask for it."""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from agent.storage.engine import conninfo

SERVER_URL = os.environ.get("TEST_DATABASE_URL")


def new_database() -> Iterator[str]:
    """A psycopg URL of a new, empty database, dropped after the module."""
    if not SERVER_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must provide TEST_DATABASE_URL (see .ci/services.sh)")
        pytest.skip("set TEST_DATABASE_URL (see .ci/postgres.sh)")
    server = conninfo(SERVER_URL)
    name = f"cluster_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    _drop(server, name)


def _drop(server: str, name: str, tries: int = 20) -> None:
    """Drop the module's database. FORCE may not end an autovacuum worker that started on it (it runs
    as the superuser: "must be a member of the role", a CI teardown failed on that race); it ends in
    moments, so the drop is tried again, and a database left on the scratch server fails no test."""
    for _ in range(tries):
        try:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            return
        except psycopg.errors.InsufficientPrivilege:
            time.sleep(0.5)
    warnings.warn(f"test database {name} left on the server: an autovacuum worker held it", stacklevel=1)


def cut_every_connection(url: str) -> int:
    """What a PostgreSQL restart does to the clients of the database ``url`` names."""
    with psycopg.connect(conninfo(url), autocommit=True) as admin:
        return cut_connections(admin, make_url(url).database or "")


def cut_connections(admin: psycopg.Connection, database: str) -> int:
    """What a restart does to the app's clients, without stopping the server other tests share.

    Only the test role's own connections: an autovacuum worker on a new database runs as the
    superuser and terminating it is refused (a CI run failed on that race)."""
    rows = admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND usename = current_user AND pid <> pg_backend_pid()",
        (database,),
    ).fetchall()
    return len(rows)
