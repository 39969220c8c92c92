"""An app worker with an unreachable DATABASE_URL exits with one line naming the setting, never
the password (how the setting is checked: tests/storage/test_engine.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.web.live import ROOT, free_port


def test_an_app_worker_with_an_unreachable_database_exits_with_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CHAINLIT_AUTH_SECRET": "x" * 48,
        "SALES_LLM": "fake",
        "SALES_USERS_FILE": str(tmp_path / "users.json"),
        "SALES_CHAT_DB": str(tmp_path / "chat.sqlite"),
        "SALES_DATABASE_URL": f"postgresql://sales:s3cret@127.0.0.1:{free_port()}/sales",
    }
    chainlit = Path(sys.executable).with_name("chainlit")
    done = subprocess.run(
        [str(chainlit), "run", "app.py", "--headless", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    named = [line for line in (done.stdout + done.stderr).splitlines() if "DATABASE_URL" in line]
    assert done.returncode == 2
    assert len(named) == 1 and named[0].startswith("error: DATABASE_URL=postgresql://sales:***@127.0.0.1")
    assert "Traceback" not in done.stderr and "s3cret" not in done.stdout + done.stderr
