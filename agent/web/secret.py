"""``python -m agent.web.secret``: print the Chainlit auth secret, creating one on first use.

Chainlit signs its login tokens with ``CHAINLIT_AUTH_SECRET``. ``make run`` uses this so a
fresh machine needs no set-up; several workers or a shop signing its own tokens must share
one secret (set the variable yourself).
"""

from __future__ import annotations

import secrets
from pathlib import Path

SECRET_FILE = Path("var/chainlit-auth-secret")


def auth_secret(path: Path = SECRET_FILE) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)
    return value


if __name__ == "__main__":
    print(auth_secret())
