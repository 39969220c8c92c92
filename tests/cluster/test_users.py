"""Staff logins in PostgreSQL: one admin for a whole new cluster however many workers start at
once, and a salesperson added once (from any machine) logs in through every worker."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import psycopg
import pytest

from agent.cluster.users import PostgresUserStore
from agent.consult.state import Role
from agent.staff import main as staff_cli
from agent.web.users import StaffUser, UserStore
from tests.web.live import free_port


def test_before_any_worker_started_there_is_no_staff_and_nothing_fails(database_url: str) -> None:
    worker = PostgresUserStore(database_url, pooled=True)
    assert worker.users() == [] and worker.role_of("admin") is None
    assert worker.authenticate("admin", "anything-at-all") is None
    worker.close()


def test_workers_starting_together_on_an_empty_cluster_create_one_admin(
    database_url: str, tmp_path: Path
) -> None:
    created: dict[int, str | None] = {}

    def start(worker: int) -> None:  # what each worker's start-up does, on its own machine
        created[worker] = PostgresUserStore(database_url).ensure_admin(tmp_path / f"w{worker}" / "password")

    threads = [threading.Thread(target=start, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [(worker, password)] = [(n, p) for n, p in created.items() if p]
    assert sorted(p.parent.name for p in tmp_path.glob("*/password")) == [f"w{worker}"]
    assert (tmp_path / f"w{worker}" / "password").read_text().strip() == password
    other = PostgresUserStore(database_url, pooled=True)  # another worker logs the admin in
    assert other.authenticate("admin", password) == StaffUser("admin", Role.ADMIN)
    assert other.users() == [StaffUser("admin", Role.ADMIN)]
    other.close()
    assert PostgresUserStore(database_url).ensure_admin(tmp_path / "later" / "password") is None


def test_a_salesperson_added_from_the_cli_logs_in_through_any_worker_at_once(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    worker_a, worker_b = (
        PostgresUserStore(database_url, pooled=True),
        PostgresUserStore(database_url, pooled=True),
    )
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


def test_the_logins_of_a_users_file_are_copied_with_their_passwords(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = UserStore(tmp_path / "users.json")  # the one machine's file, from before the cluster
    before.set_user("kim", "kim-password-1", "admin")
    before.set_user("lee", "lee-password-1", "salesperson")
    monkeypatch.setenv("SALES_DATABASE_URL", database_url)
    assert staff_cli(["import", str(tmp_path / "users.json")]) == 0
    assert "2 logins copied" in capsys.readouterr().out
    worker = PostgresUserStore(database_url)
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
