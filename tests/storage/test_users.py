"""Staff logins in a table on either backend: one admin however many workers start at once, a
salesperson added through one worker logs in through every other at once, a users file's logins
copied keep their passwords. (The users file of one machine: tests/web/test_users.py.)"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from agent.consult.state import Role
from agent.storage.engine import Database
from agent.storage.schema import staff_users
from agent.storage.users import UserTable
from agent.web.users import StaffUser, UsersFileError, UserStore


def test_before_any_worker_started_there_is_no_staff_and_nothing_fails(where: Path | str) -> None:
    worker = UserTable(where, pooled=True)
    assert worker.users() == [] and worker.role_of("admin") is None
    assert worker.authenticate("admin", "anything-at-all") is None
    worker.close()


def test_workers_starting_together_on_an_empty_cluster_create_one_admin(
    where: Path | str, tmp_path: Path
) -> None:
    created: dict[int, str | None] = {}

    def start(worker: int) -> None:  # what each worker's start-up does, on its own machine
        created[worker] = UserTable(where).ensure_admin(tmp_path / f"w{worker}" / "password")

    threads = [threading.Thread(target=start, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [(worker, password)] = [(n, p) for n, p in created.items() if p]
    assert sorted(p.parent.name for p in tmp_path.glob("*/password")) == [f"w{worker}"]
    assert (tmp_path / f"w{worker}" / "password").read_text().strip() == password
    other = UserTable(where, pooled=True)  # another worker logs the admin in
    assert other.authenticate("admin", password) == StaffUser("admin", Role.ADMIN)
    assert other.users() == [StaffUser("admin", Role.ADMIN)]
    other.close()
    assert UserTable(where).ensure_admin(tmp_path / "later" / "password") is None


def test_a_salesperson_added_through_one_worker_logs_in_through_another_at_once(where: Path | str) -> None:
    worker_a, worker_b = UserTable(where, pooled=True), UserTable(where, pooled=True)
    assert worker_a.role_of("sam") is None  # a worker that has already looked sam up
    assert worker_b.set_user("sam", "sam-password-1", "salesperson") == StaffUser("sam", Role.SALESPERSON)
    assert worker_a.authenticate("sam", "sam-password-1") == StaffUser("sam", Role.SALESPERSON)
    assert worker_b.role_of("sam") is Role.SALESPERSON and worker_b.authenticate("sam", "wrong-one") is None
    worker_a.set_user("sam", "sam-password-2", "admin")  # a new password and role replace the old
    assert worker_b.authenticate("sam", "sam-password-1") is None and worker_b.role_of("sam") is Role.ADMIN
    database = Database(where)
    with database.begin() as db:
        [stored] = db.execute(select(staff_users.c.password)).scalars()
    assert stored.startswith("scrypt$") and "sam-password-2" not in stored
    with pytest.raises(UsersFileError, match="customer-"):
        worker_a.set_user("customer-1", "long enough", "admin")  # would look like a widget customer
    assert worker_a.remove("sam") and not worker_b.remove("sam")
    assert worker_b.role_of("sam") is None and worker_a.users() == []
    worker_a.close()
    worker_b.close()


def test_the_logins_of_a_users_file_are_copied_with_their_passwords(
    where: Path | str, tmp_path: Path
) -> None:
    before = UserStore(tmp_path / "users.json")  # the one machine's file, from before the cluster
    before.set_user("kim", "kim-password-1", "admin")
    before.set_user("lee", "lee-password-1", "salesperson")
    worker = UserTable(where)
    worker.set_user("lee", "old-password", "admin")  # a user of the same name is replaced
    assert worker.copy_from(before) == [StaffUser("kim", Role.ADMIN), StaffUser("lee", Role.SALESPERSON)]
    assert worker.authenticate("kim", "kim-password-1") == StaffUser("kim", Role.ADMIN)
    assert worker.authenticate("lee", "lee-password-1") == StaffUser("lee", Role.SALESPERSON)
    assert worker.ensure_admin(tmp_path / "password") is None  # there are staff: no admin made
