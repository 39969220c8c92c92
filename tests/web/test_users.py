"""Staff logins: hashed passwords, roles, clear errors, and the first-start admin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.staff import main as staff_cli
from agent.web.users import UsersFileError, UserStore, verify_password


def test_passwords_are_stored_hashed_and_checked(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "users.json")
    store.set_user("sam", "correct horse", "salesperson")
    raw = (tmp_path / "users.json").read_text()
    assert "correct horse" not in raw
    assert store.authenticate("sam", "correct horse") == store.users()[0]
    assert store.authenticate("sam", "wrong password") is None
    assert store.authenticate("nobody", "correct horse") is None
    assert oct((tmp_path / "users.json").stat().st_mode)[-3:] == "600"


def test_bad_names_roles_and_passwords_are_refused(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "users.json")
    with pytest.raises(UsersFileError, match="role"):
        store.set_user("sam", "long enough", "boss")
    with pytest.raises(UsersFileError, match="customer-"):
        store.set_user("customer-1", "long enough", "admin")  # would look like a widget customer
    with pytest.raises(UsersFileError, match="8 characters"):
        store.set_user("sam", "short", "admin")


def test_a_broken_users_file_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    path.write_text('{\n  "sam": {"role": "admin",\n')
    with pytest.raises(UsersFileError, match=r"users.json: line 3"):
        UserStore(path).authenticate("sam", "x")
    path.write_text(json.dumps({"sam": {"role": "king", "password": "x"}}))
    with pytest.raises(UsersFileError, match="user 'sam'"):
        UserStore(path).users()


def test_first_start_creates_one_admin_with_a_private_password(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "users.json")
    password = store.ensure_admin(tmp_path / "initial-admin-password")
    assert password and store.authenticate("admin", password)
    assert store.ensure_admin(tmp_path / "initial-admin-password") is None  # only once


def test_cli_adds_lists_and_removes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SALES_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a-good-password\n"))
    assert staff_cli(["add", "ada", "--role", "admin", "--password-stdin"]) == 0
    assert staff_cli(["list"]) == 0
    assert "ada\tadmin" in capsys.readouterr().out
    stored = json.loads((tmp_path / "users.json").read_text())["ada"]["password"]
    assert verify_password("a-good-password", stored)
    assert staff_cli(["remove", "ada"]) == 0
    assert staff_cli(["remove", "ada"]) == 1
