"""A wrong or unreachable DATABASE_URL is one clear line naming the setting, never the password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.cluster.database import DatabaseUnreachableError, check_database, conninfo
from tests.web.live import ROOT, free_port


def test_sqlalchemy_urls_become_psycopg_urls() -> None:
    assert conninfo("postgresql+asyncpg://u:p@h:5432/d") == "postgresql://u:p@h:5432/d"
    assert conninfo("postgres://u@h/d") == "postgresql://u@h/d"


def test_nothing_listening_is_named_without_the_password() -> None:
    url = f"postgresql://sales:s3cret@127.0.0.1:{free_port()}/sales"
    with pytest.raises(DatabaseUnreachableError) as caught:
        check_database(url, timeout_s=2)
    message = str(caught.value)
    assert message.startswith("DATABASE_URL=postgresql://sales:***@127.0.0.1") and "s3cret" not in message
    assert "\n" not in message


def test_not_a_postgresql_url() -> None:
    with pytest.raises(DatabaseUnreachableError, match="DATABASE_URL=.*is not a PostgreSQL URL"):
        check_database("mysql://root@localhost/shop")


def test_a_wrong_password_is_named(database_url: str) -> None:
    wrong = database_url.replace("sales:sales@", "sales:wrong@")
    with pytest.raises(DatabaseUnreachableError, match="DATABASE_URL=.*password authentication failed"):
        check_database(wrong)


def test_an_app_worker_with_an_unreachable_database_exits_with_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CHAINLIT_AUTH_SECRET": "x" * 48,
        "SALES_LLM": "fake",
        "SALES_USERS_FILE": str(tmp_path / "users.json"),
        "SALES_CHAT_DB": str(tmp_path / "chat.sqlite"),
        "SALES_DATABASE_URL": f"postgresql://sales:s3cret@127.0.0.1:{free_port()}/sales",
    }
    chainlit = Path(sys.executable).with_name("chainlit")
    done = subprocess.run(
        [str(chainlit), "run", "app.py", "--headless", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    named = [line for line in (done.stdout + done.stderr).splitlines() if "DATABASE_URL" in line]
    assert done.returncode == 2
    assert len(named) == 1 and named[0].startswith("error: DATABASE_URL=postgresql://sales:***@127.0.0.1")
    assert "Traceback" not in done.stderr and "s3cret" not in done.stdout + done.stderr
