"""A real Chainlit server (the fake LLM, everything else real) on 127.0.0.1, and a shop page
served from another origin, shared by the protocol and browser tests of one module."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.web.users import UserStore
from tests.conftest import ROOT

SECRET = "test-secret-" + "x" * 40
STAFF = {"sam": ("sam-password-1", "salesperson"), "ada": ("ada-password-1", "admin")}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveApp:
    """``chainlit run app.py`` in a subprocess, with its state in a temporary folder."""

    def __init__(self, home: Path, index: Path, shop_origin: str) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        shutil.copytree(index, home / "index")
        store = UserStore(home / "users.json")
        for name, (password, role) in STAFF.items():
            store.set_user(name, password, role)
        self.env = {
            **os.environ,
            "CHAINLIT_AUTH_SECRET": SECRET,
            "PYTHONUNBUFFERED": "1",
            "SALES_LLM": "fake",
            "SALES_INDEX_DIR": str(home / "index"),
            "SALES_USERS_FILE": str(home / "users.json"),
            "SALES_CHAT_DB": str(home / "chat.sqlite"),
            "SALES_SALES_DB": str(home / "sales.sqlite"),
            "SALES_CONVERSATIONS_DB": str(home / "conversations.sqlite"),
            "SALES_UPLOAD_DIR": str(home / "uploads"),
            "SALES_ALLOWED_ORIGINS": json.dumps([shop_origin]),
        }
        self.env.pop("DATABASE_URL", None)
        self._server: subprocess.Popen[bytes] | None = None
        self.log = home / "chainlit.log"

    def start(self) -> None:
        chainlit = Path(sys.executable).with_name("chainlit")
        # A log file, not a pipe: nothing reads a pipe while the server runs, so a full one would stall it.
        with self.log.open("a") as log:
            self._server = subprocess.Popen(
                [
                    str(chainlit),
                    "run",
                    "app.py",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--headless",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self._server.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the app did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self._server:
            self._server.terminate()
            self._server.wait(timeout=30)
            self._server = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="module")
def shop_origin() -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "widget"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def live_app(
    tmp_path_factory: pytest.TempPathFactory, sample_index: Path, shop_origin: str
) -> Iterator[LiveApp]:
    app = LiveApp(tmp_path_factory.mktemp("app"), sample_index, shop_origin)
    app.start()
    yield app
    app.stop()


def login_token(app: LiveApp, name: str) -> str:
    """A staff session token, obtained through the real password login."""
    password = STAFF[name][0]
    request = urllib.request.Request(
        f"{app.url}/login",
        data=f"username={name}&password={password}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        cookie = response.headers["set-cookie"]
    return cookie.split("access_token=", 1)[1].split(";", 1)[0]


def customer_token(app: LiveApp, origin: str) -> str:
    request = urllib.request.Request(f"{app.url}/widget/token", method="POST", headers={"Origin": origin})
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.loads(response.read())["token"])
