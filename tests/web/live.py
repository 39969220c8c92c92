"""Run the real app (``chainlit run app.py``) in a subprocess with its own state folder:
for the browser and protocol tests, the load bench (bench/load.py) and smoke checks."""

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
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers_health(
    url: str, process: subprocess.Popen[bytes], timeout_s: float, pause_s: float = 0.3
) -> bool:
    """Whether ``{url}/health`` answered within ``timeout_s``, while ``process`` (its server) ran."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return True
        except OSError:
            time.sleep(pause_s)
    return False


@contextmanager
def shop_page() -> Iterator[str]:
    """The demo shop page (``widget/``) served from another origin than the app's: its URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "widget"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def login_token(base_url: str, name: str, password: str) -> str:
    """A staff session token from the password login of the app (or balancer) at ``base_url``."""
    request = urllib.request.Request(
        f"{base_url}/login",
        data=f"username={name}&password={password}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        cookie = response.headers["set-cookie"]
    return str(cookie.split("access_token=", 1)[1].split(";", 1)[0])


class LiveApp:
    def __init__(
        self,
        home: Path,
        index: Path,
        allowed_origins: list[str],
        secret: str,
        env: dict[str, str] | None = None,
    ) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        shutil.copytree(index, home / "index", dirs_exist_ok=True)
        self.env = {
            **os.environ,
            "CHAINLIT_AUTH_SECRET": secret,
            "PYTHONUNBUFFERED": "1",
            "HF_HUB_OFFLINE": "1",
            "SALES_LLM": "fake",
            "SALES_INDEX_DIR": str(home / "index"),
            "SALES_USERS_FILE": str(home / "users.json"),
            "SALES_CHAT_DB": str(home / "chat.sqlite"),
            "SALES_SALES_DB": str(home / "sales.sqlite"),
            "SALES_ORDERS_DB": str(home / "orders.sqlite"),
            "SALES_CONVERSATIONS_DB": str(home / "conversations.sqlite"),
            "SALES_UPLOAD_DIR": str(home / "uploads"),
            "SALES_ALLOWED_ORIGINS": json.dumps(allowed_origins),
            **(env or {}),
        }
        self.env.pop("DATABASE_URL", None)
        self.log = home / "chainlit.log"
        self._server: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self._server is not None
        return self._server.pid

    def start(self, timeout_s: float = 120) -> None:
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
        if not answers_health(self.url, self._server, timeout_s):
            raise RuntimeError(f"the app did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self._server:
            self._server.terminate()
            self._server.wait(timeout=30)
            self._server = None

    def restart(self, kill: bool = False) -> None:
        """Stop (or, with ``kill``, SIGKILL: no shutdown hooks, as in a crash) and start again."""
        if kill and self._server:
            self._server.kill()
            self._server.wait(timeout=30)
            self._server = None
        self.stop()
        self.start()

    def rss_mb(self) -> float:
        """Resident memory of the server process, from /proc."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        return kb / 1024

    def customer_token(self, origin: str) -> str:
        request = urllib.request.Request(
            f"{self.url}/widget/token", method="POST", headers={"Origin": origin}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(json.loads(response.read())["token"])

    def login_token(self, name: str, password: str) -> str:
        """A staff session token, obtained through the real password login."""
        return login_token(self.url, name, password)
