"""With DATABASE_URL set, the command-line tools use the cluster's database and write nothing on
this machine's disk; an unreachable one is one line naming the setting, never the password."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import psycopg
import pytest

from agent.consult.state import Role
from agent.ingestion.cli import main as ingest_cli
from agent.insights.demand import build_view
from agent.settings import Settings
from agent.staff import main as staff_cli
from agent.storage.users import UserTable
from agent.web.users import StaffUser, UserStore
from tests.web.live import free_port


def test_orders_loaded_by_the_cli_are_in_the_forecast_and_no_local_file_is_written(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SALES_DATABASE_URL", database_url)
    monkeypatch.setenv("SALES_ORDERS_DB", str(tmp_path / "orders.sqlite"))
    path = tmp_path / "week.csv"
    path.write_text("date,sku,qty\n2026-11-03,TST-002,5\n2026-11-04,TST-002,1\n")
    assert ingest_cli(["--orders", str(path)]) == 0
    assert "2 order rows, 2 new" in capsys.readouterr().out
    view = build_view(Settings(_env_file=None))  # type: ignore[call-arg]  # what any worker shows
    assert view.histories["TST-002"] == {date(2026, 11, 3): 5, date(2026, 11, 4): 1}
    assert not (tmp_path / "orders.sqlite").exists()

    monkeypatch.setenv("SALES_DATABASE_URL", f"postgresql://sales:s3cret@127.0.0.1:{free_port()}/sales")
    assert ingest_cli(["--orders", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: DATABASE_URL=postgresql://sales:***@127.0.0.1") and "s3cret" not in error


def test_a_salesperson_added_from_the_cli_logs_in_through_any_worker_at_once(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    worker_a, worker_b = UserTable(database_url, pooled=True), UserTable(database_url, pooled=True)
    assert worker_a.role_of("sam") is None  # a worker that has already looked sam up
    monkeypatch.setenv("SALES_DATABASE_URL", database_url)
    monkeypatch.setenv("SALES_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setattr("sys.stdin", io.StringIO("sam-password-1\n"))
    assert staff_cli(["add", "sam", "--password-stdin"]) == 0
    assert "sam (salesperson) saved in DATABASE_URL=postgresql://sales:***@" in capsys.readouterr().out
    assert worker_a.authenticate("sam", "sam-password-1") == StaffUser("sam", Role.SALESPERSON)
    assert worker_b.role_of("sam") is Role.SALESPERSON and worker_b.authenticate("sam", "wrong-one") is None
    assert staff_cli(["list"]) == 0 and "sam\tsalesperson" in capsys.readouterr().out
    with psycopg.connect(database_url) as db:
        [(stored,)] = db.execute("SELECT password FROM staff_users WHERE name = 'sam'").fetchall()
    assert stored.startswith("scrypt$") and "sam-password-1" not in stored
    assert not (tmp_path / "users.json").exists()  # nothing on this machine's disk

    assert staff_cli(["remove", "sam"]) == 0
    assert worker_b.role_of("sam") is None and worker_a.authenticate("sam", "sam-password-1") is None
    assert staff_cli(["remove", "sam"]) == 1
    worker_a.close()
    worker_b.close()


def test_the_logins_of_a_users_file_are_imported_with_their_passwords(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = UserStore(tmp_path / "users.json")  # the one machine's file, from before the cluster
    before.set_user("kim", "kim-password-1", "admin")
    before.set_user("lee", "lee-password-1", "salesperson")
    monkeypatch.setenv("SALES_DATABASE_URL", database_url)
    assert staff_cli(["import", str(tmp_path / "users.json")]) == 0
    assert "2 logins copied" in capsys.readouterr().out
    worker = UserTable(database_url)
    assert worker.authenticate("kim", "kim-password-1") == StaffUser("kim", Role.ADMIN)
    assert worker.authenticate("lee", "lee-password-1") == StaffUser("lee", Role.SALESPERSON)
    assert staff_cli(["import", str(tmp_path / "missing.json")]) == 2
    assert "missing.json: no such users file" in capsys.readouterr().err
    monkeypatch.delenv("SALES_DATABASE_URL")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert staff_cli(["import", str(tmp_path / "users.json")]) == 2
    assert "set DATABASE_URL" in capsys.readouterr().err


def test_the_cli_with_an_unreachable_database_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SALES_DATABASE_URL", f"postgresql://sales:s3cret@127.0.0.1:{free_port()}/sales")
    assert staff_cli(["list"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: DATABASE_URL=postgresql://sales:***@127.0.0.1") and error.count("\n") == 1
    assert "s3cret" not in error
