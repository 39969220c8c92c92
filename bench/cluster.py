"""N app workers on this machine behind Debian's nginx (deploy/nginx), sharing one PostgreSQL:
what ``bench/load.py --compare`` measures. Each worker has its own empty state folder."""

from __future__ import annotations

import json
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.cluster.balancer import Balancer
from tests.web.live import LiveApp


@dataclass(frozen=True)
class Remote:
    """An app (or a balancer) that is already running at ``url``."""

    url: str

    def customer_token(self, origin: str) -> str:
        request = urllib.request.Request(
            f"{self.url}/widget/token", method="POST", headers={"Origin": origin}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(json.loads(response.read())["token"])


@contextmanager
def running_cluster(
    workers: int, database_url: str, index: Path, origin: str, env: dict[str, str]
) -> Iterator[Remote]:
    """Start ``workers`` app processes at once and nginx in front; the balancer's address."""
    with tempfile.TemporaryDirectory() as home:
        apps = [
            LiveApp(
                Path(home) / f"worker-{n}",
                index,
                [origin],
                secret="load-bench-" + "x" * 40,
                env={"SALES_DATABASE_URL": database_url, **env},
            )
            for n in range(workers)
        ]
        threads = [threading.Thread(target=app.start) for app in apps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        balancer = Balancer(Path(home) / "nginx", [f"127.0.0.1:{app.port}" for app in apps])
        try:
            balancer.start()
            yield Remote(balancer.url)
        finally:
            balancer.stop()
            for app in apps:
                app.stop()
