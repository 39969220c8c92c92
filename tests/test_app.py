"""The real Chainlit server starts from app.py and serves its UI."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_chainlit_serves_the_app(sample_index: Path, tmp_path: Path) -> None:
    port = _free_port()
    chainlit = Path(sys.executable).with_name("chainlit")
    log = tmp_path / "chainlit.log"
    log_file = log.open("w")
    # A log file, not a pipe: nothing reads a pipe while the server runs, so a full one would stall it.
    server = subprocess.Popen(
        [str(chainlit), "run", "app.py", "--host", "127.0.0.1", "--port", str(port), "--headless"],
        cwd=ROOT,
        env={**os.environ, "SALES_INDEX_DIR": str(sample_index)},
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    status = response.status
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, log.read_text()[-2000:]
    finally:
        server.terminate()
        server.wait(timeout=20)
        log_file.close()
