"""Every store test runs twice: on a SQLite file (a laptop) and on PostgreSQL (a cluster)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect

from agent.storage.engine import Database
from agent.storage.schema import metadata


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Where a store lives: a file not made yet in a folder not made yet, or an empty database
    (the module's, emptied again after each test)."""
    if request.param == "sqlite":
        yield tmp_path / "var" / "sales.sqlite"
        return
    url: str = request.getfixturevalue("database_url")
    yield url
    database = Database(url)
    with database.begin() as db:
        metadata.drop_all(db)
    database.close()


def tables_at(where: Path | str) -> list[str]:
    """The tables there; a SQLite file that does not exist has none (and is not made)."""
    if isinstance(where, Path) and not where.exists():
        return []
    database = Database(where)
    with database.begin() as db:
        tables = sorted(inspect(db).get_table_names())
    database.close()
    return tables
