"""One ``Role`` type: the staff logins, the web app's sessions and the agent all use it."""

from __future__ import annotations

from pathlib import Path

import agent.web.runtime as runtime_module
from agent.consult.state import STAFF_ROLES, Role
from agent.settings import Settings
from agent.web.runtime import WebRuntime
from agent.web.users import UserStore


def test_staff_are_the_logins_and_customers_are_everyone_else() -> None:
    assert STAFF_ROLES == (Role.SALESPERSON, Role.ADMIN)
    assert all(role.is_staff for role in STAFF_ROLES) and not Role.CUSTOMER.is_staff


def test_logins_and_sessions_answer_with_the_one_role_type(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "users.json")
    store.set_user("ada", "long enough", Role.ADMIN)
    store.set_user("sam", "long enough", "salesperson")  # the CLI and the file give plain strings
    assert [user.role for user in store.users()] == [Role.ADMIN, Role.SALESPERSON]
    assert all(type(user.role) is Role for user in store.users())
    settings = Settings(_env_file=None, users_file=tmp_path / "users.json")  # type: ignore[call-arg]
    web = WebRuntime(lambda: settings)
    assert web.role_of("ada", "webapp") is Role.ADMIN
    assert web.role_of("sam", "copilot") is Role.CUSTOMER  # the widget is always a customer
    assert web.role_of(None, "webapp") is Role.CUSTOMER
    # No second set of names beside the enum.
    assert not {"CUSTOMER", "SALESPERSON", "ADMIN"} & set(vars(runtime_module))


def test_every_staff_role_is_staff_and_a_customer_is_not() -> None:
    assert all(role.is_staff for role in STAFF_ROLES) and not Role.CUSTOMER.is_staff
