"""Debian's nginx on 127.0.0.1 in front of app workers, configured from deploy/nginx (the shipped
file, with the test's ports): for the cluster tests and ``bench/load.py --url``."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

from tests.web.live import ROOT, answers_health, free_port

SHIPPED = ROOT / "deploy" / "nginx" / "sales-consultant.conf"


def nginx_available() -> bool:
    return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()


def render(upstreams: list[str], port: int) -> str:
    """The shipped site file with these workers and this port (everything else as shipped)."""
    site = SHIPPED.read_text()
    servers = "".join(f"    server {u} max_fails=1 fail_timeout=10s;\n" for u in upstreams)
    site, count = re.subn(r"(?:    server \S+ max_fails=1 fail_timeout=10s;\n)+", servers, site)
    site, listens = re.subn(r"listen 80;", f"listen 127.0.0.1:{port};", site)
    assert count == 1 and listens == 1, "deploy/nginx changed shape: update tests/cluster/balancer.py"
    return site


class Balancer:
    def __init__(self, home: Path, upstreams: list[str]) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        home.mkdir(parents=True, exist_ok=True)
        (home / "site.conf").write_text(render(upstreams, self.port))
        (home / "nginx.conf").write_text(
            f"daemon off;\nworker_processes 1;\npid {home}/nginx.pid;\nerror_log {home}/error.log;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n  access_log {home}/access.log;\n"
            f"  client_body_temp_path {home}/body; proxy_temp_path {home}/proxy;\n"
            f"  fastcgi_temp_path {home}/fcgi; uwsgi_temp_path {home}/uwsgi; scgi_temp_path {home}/scgi;\n"
            f"  include {home}/site.conf;\n}}\n"
        )
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 20) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._process = subprocess.Popen(
            [nginx, "-c", str(self.home / "nginx.conf"), "-p", str(self.home)],
            stdout=subprocess.DEVNULL,
            stderr=(self.home / "stderr.log").open("w"),
        )
        if not answers_health(self.url, self._process, timeout_s, pause_s=0.2):
            raise RuntimeError(f"nginx did not start: {(self.home / 'stderr.log').read_text()[-2000:]}")

    def served_by(self, session_id: str) -> str:
        """The worker (host:port) that this session's requests are pinned to."""
        request = urllib.request.Request(
            f"{self.url}/health", headers={"Cookie": f"X-Chainlit-Session-id={session_id}"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return str(response.headers["X-Served-By"]).split(",")[-1].strip()

    def stop(self) -> None:
        if self._process:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None
