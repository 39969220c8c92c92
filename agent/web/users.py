"""Staff logins: a JSON file of users with scrypt-hashed passwords and a role.

Customers never appear here: they come in through the widget with a signed token.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from agent.consult.state import STAFF_ROLES, Role

_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
# Customer identifiers are issued with this prefix; a staff name must never look like one.
CUSTOMER_PREFIX = "customer-"


class UsersFileError(ValueError):
    """The users file or a user entry is invalid; the message names the file and the field."""


@dataclass(frozen=True)
class StaffUser:
    name: str
    role: Role


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = hash_password(password, salt=bytes.fromhex(salt_hex)).split("$")[2]
    return hmac.compare_digest(expected, digest_hex)


def check_new_user(name: str, password: str, role: Role | str) -> None:
    """Raises UsersFileError naming what is wrong with a user about to be saved."""
    if not _NAME.match(name) or name.startswith(CUSTOMER_PREFIX):
        raise UsersFileError(
            f"user name {name!r}: use 2-64 lowercase letters, digits or ._@- "
            f"and do not start with {CUSTOMER_PREFIX!r}"
        )
    if role not in STAFF_ROLES:
        raise UsersFileError(f"role {str(role)!r}: must be one of {', '.join(STAFF_ROLES)}")
    if len(password) < 8:
        raise UsersFileError("password: at least 8 characters")


def write_initial_password(password_file: Path, password: str) -> None:
    password_file.parent.mkdir(parents=True, exist_ok=True)
    password_file.write_text(password + "\n", encoding="utf-8")
    password_file.chmod(0o600)


class StaffUsers(Protocol):
    """The staff logins: this users file, or the cluster's table (``agent.storage.users``)."""

    @property
    def where(self) -> str: ...

    def authenticate(self, name: str, password: str) -> StaffUser | None: ...

    def role_of(self, name: str) -> Role | None: ...

    def users(self) -> list[StaffUser]: ...

    def set_user(self, name: str, password: str, role: Role | str) -> StaffUser: ...

    def remove(self, name: str) -> bool: ...

    def ensure_admin(self, password_file: Path) -> str | None: ...


class Logins(ABC):
    """What every place of staff logins does alike; a place only stores entries by name (a
    password hash and a role), read again on every call so a change anywhere counts at once."""

    @abstractmethod
    def entries(self) -> dict[str, dict[str, str]]:
        """Every user's stored hash and role, by name."""

    @abstractmethod
    def _entry(self, name: str) -> dict[str, str] | None: ...

    @abstractmethod
    def _put(self, name: str, entry: dict[str, str]) -> None: ...

    @abstractmethod
    def remove(self, name: str) -> bool: ...

    @abstractmethod
    def _put_first(self, name: str, entry: dict[str, str], before_commit: Callable[[], None]) -> bool:
        """Store ``entry`` only where there are no users at all; True when it was stored."""

    def authenticate(self, name: str, password: str) -> StaffUser | None:
        entry = self._entry(name)
        if entry is None or not verify_password(password, entry["password"]):
            return None
        return StaffUser(name, Role(entry["role"]))

    def role_of(self, name: str) -> Role | None:
        entry = self._entry(name)
        return Role(entry["role"]) if entry else None

    def users(self) -> list[StaffUser]:
        return [StaffUser(name, Role(entry["role"])) for name, entry in sorted(self.entries().items())]

    def set_user(self, name: str, password: str, role: Role | str) -> StaffUser:
        check_new_user(name, password, role)
        self._put(name, {"password": hash_password(password), "role": str(role)})
        return StaffUser(name, Role(role))

    def ensure_admin(self, password_file: Path) -> str | None:
        """On a first start with no staff at all, create ``admin`` with a random password written
        to ``password_file`` (mode 600), once however many workers start together. Returns the
        password when this call created it."""
        if self.entries():
            return None  # every start but the first
        password = secrets.token_urlsafe(12)
        admin = {"password": hash_password(password), "role": Role.ADMIN.value}
        # Written before the commit: a start that dies here leaves no admin, and the next one
        # creates one with a new password file.
        if not self._put_first("admin", admin, lambda: write_initial_password(password_file, password)):
            return None
        return password


class UserStore(Logins):
    """The users file of one machine (JSON, mode 600)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def where(self) -> str:
        return str(self.path)

    def entries(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise UsersFileError(f"{self.path}: line {error.lineno}: not valid JSON ({error.msg})") from error
        if not isinstance(data, dict):
            raise UsersFileError(f"{self.path}: expected an object of users by name")
        for name, entry in data.items():
            if not isinstance(entry, dict) or entry.get("role") not in STAFF_ROLES or "password" not in entry:
                raise UsersFileError(
                    f"{self.path}: user {name!r}: needs 'password' and 'role' (one of {', '.join(STAFF_ROLES)})"
                )
        return data

    def _save(self, data: dict[str, dict[str, str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staging = self.path.with_suffix(".tmp")
        staging.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        staging.chmod(0o600)
        staging.replace(self.path)  # atomic: a crash never leaves half a users file

    def _entry(self, name: str) -> dict[str, str] | None:
        return self.entries().get(name)

    def _put(self, name: str, entry: dict[str, str]) -> None:
        self._save(self.entries() | {name: entry})

    def remove(self, name: str) -> bool:
        data = self.entries()
        if data.pop(name, None) is None:
            return False
        self._save(data)
        return True

    def _put_first(self, name: str, entry: dict[str, str], before_commit: Callable[[], None]) -> bool:
        if self.entries():
            return False
        before_commit()
        self._save({name: entry})
        return True
