"""Concurrent customer sessions over Chainlit's real socket protocol, against the app on 127.0.0.1.

    python bench/load.py --sessions 50 --turns 10 [--rounds 2] [--think-s 3]
    python bench/load.py --compare [--think-s 3]      # 1 worker, then 2 behind nginx (DATABASE_URL)
    python bench/load.py --url https://assistant.example.com --workers 4 --origin https://shop...

Starts the app (fake LLM: the figures measure the app, retrieval, intent and persistence, not a
model) with the index from settings, opens N widget sessions at once, each a T-turn consultation,
and prints turns/s, p50/p95 turn latency, errors and server memory after each round. By default
every customer sends the next message the moment a reply ends (a burst: the worst case);
``--think-s`` lets them type first (and read the reply before the next one): a random 0.5x-1.5x
of it before every message. The rate limits are raised for the run: every session comes from
127.0.0.1. The last line reads
``sessions=N turns=T errors=E p50_ms=X p95_ms=Y``.

``--url`` drives a running deployment through its balancer (``--workers`` labels the figures);
``--compare`` starts one worker, then two behind Debian's nginx (deploy/nginx), all on the
PostgreSQL of ``DATABASE_URL``, and measures both in the same run. With either, a line per setup
reads ``workers=N sessions=S turns=T turns_per_s=X errors=E p50_ms=Y p95_ms=Z`` (the last line is
the last setup).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.settings import Settings  # noqa: E402
from bench._common import arguments, machine, percentile_ms  # noqa: E402
from bench.cluster import Remote, running_cluster  # noqa: E402
from tests.web.client import ChainlitClient  # noqa: E402
from tests.web.live import LiveApp  # noqa: E402

SHOP = "http://127.0.0.1:8001"
CONSULTATION = [
    "Hi! I need a light laptop for university, budget $900",
    "tell me more about the second one",
    "how long does shipping take?",
    "compare LAP-001 and LAP-004",
    "有没有适合通勤的降噪耳机？",
    "what is the return policy?",
    "is the Voltix AirBook 13 in stock?",
    "any cheaper one?",
    "what warranty do laptops have?",
    "thanks, that helps",
]


class Target(Protocol):
    """A local app (LiveApp) or a running deployment (Remote)."""

    @property
    def url(self) -> str: ...

    def customer_token(self, origin: str) -> str: ...


async def _session(
    app: Target,
    turns: int,
    think: Callable[[], float],
    latencies: list[float],
    errors: list[str],
    origin: str = SHOP,
) -> None:
    try:
        token = await asyncio.to_thread(app.customer_token, origin)
    except OSError as error:
        errors.append(f"token: {error}")
        return
    client = ChainlitClient(app.url, token, client_type="copilot", origin=origin)
    try:
        await client.connect()
        for turn in range(turns):
            await asyncio.sleep(think())  # typing the message, the first one too
            started = time.perf_counter()
            reply = await client.ask(CONSULTATION[turn % len(CONSULTATION)], timeout=120)
            latencies.append(time.perf_counter() - started)
            if not reply.answer.strip():
                errors.append(f"turn {turn}: empty answer")
    except Exception as error:  # counted, not raised: the bench reports what failed
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        await client.close()


async def _round(
    app: Target, sessions: int, turns: int, think_s: float = 0.0, origin: str = SHOP
) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    rng = random.Random(7)  # the same pauses in every round, so rounds compare

    def think() -> float:
        return think_s * rng.uniform(0.5, 1.5)

    started = time.perf_counter()
    await asyncio.gather(*(_session(app, turns, think, latencies, errors, origin) for _ in range(sessions)))
    return latencies, errors, time.perf_counter() - started


RAISED_LIMITS = {"SALES_SESSION_MESSAGES_PER_MINUTE": "100000", "SALES_IP_MESSAGES_PER_MINUTE": "100000"}


async def _through(app: Target, workers: int, args: argparse.Namespace, origin: str) -> tuple[int, str]:
    """Warm-up, then the rounds through one address; (errors, the figures line)."""
    for _ in range(workers):  # a session lands on each worker: each loads its models once
        await _round(app, 1, 1, origin=origin)
    latencies: list[float] = []
    errors: list[str] = []
    seconds = 0.0
    for number in range(1, args.rounds + 1):
        got, failed, took = await _round(app, args.sessions, args.turns, args.think_s, origin)
        latencies, errors, seconds = latencies + got, errors + failed, seconds + took
        print(f"workers {workers}, round {number}: {len(got)} turns in {took:.1f}s, errors {len(failed)}")
    for error in errors[:5]:
        print(f"  error: {error}")
    line = (
        f"workers={workers} sessions={args.sessions} turns={args.turns} "
        f"turns_per_s={len(latencies) / seconds:.1f} errors={len(errors)} "
        f"p50_ms={percentile_ms(latencies, 50):.0f} p95_ms={percentile_ms(latencies, 95):.0f}"
    )
    return len(errors), line


async def cluster_async(args: argparse.Namespace) -> int:
    pause = f"{args.think_s:g} s (0.5x-1.5x)" if args.think_s else "none (a burst)"
    print(f"machine: {machine()}; {args.sessions} sessions x {args.turns} turns; pause: {pause}")
    if args.url:
        errors, line = await _through(Remote(args.url), args.workers, args, args.origin)
        print(line)
        return 1 if errors else 0
    settings = Settings()
    if not settings.database_url:
        print("error: --compare needs DATABASE_URL (the workers share one PostgreSQL)", file=sys.stderr)
        return 2
    failed, lines = 0, []
    extra = {**RAISED_LIMITS, **dict(a.split("=", 1) for a in args.env)}
    for workers in (1, 2):
        with running_cluster(workers, settings.database_url, settings.index_dir, SHOP, extra) as target:
            errors, line = await _through(target, workers, args, SHOP)
        failed += errors
        lines.append(line)
        print(line)
    one, two = (float(line.split("turns_per_s=")[1].split()[0]) for line in lines)
    print(f"two workers: {two / one:.2f}x the turns/s of one")
    print(lines[-1])
    return 1 if failed else 0


async def main_async(args: argparse.Namespace) -> int:
    if args.url or args.compare:
        return await cluster_async(args)
    settings = Settings()
    with tempfile.TemporaryDirectory() as home:
        app = LiveApp(
            Path(home),
            settings.index_dir,
            [SHOP],
            secret="load-bench-" + "x" * 40,
            env={**RAISED_LIMITS, **dict(a.split("=", 1) for a in args.env)},
        )
        app.start()
        try:
            await _round(app, 1, 2)  # warm-up: models load on the first message
            baseline = app.rss_mb()
            print(f"machine: {machine()}; server memory after warm-up {baseline:.0f} MB")
            pause = f"{args.think_s:g} s (0.5x-1.5x)" if args.think_s else "none (a burst)"
            print(f"{args.sessions} sessions x {args.turns} turns; pause before each message: {pause}")
            all_latencies: list[float] = []
            all_errors: list[str] = []
            for number in range(1, args.rounds + 1):
                latencies, errors, seconds = await _round(app, args.sessions, args.turns, args.think_s)
                all_latencies += latencies
                all_errors += errors
                rss = app.rss_mb()
                print(
                    f"round {number}: {len(latencies)} turns in {seconds:.1f}s = {len(latencies) / seconds:.1f} turns/s, "
                    f"p50 {percentile_ms(latencies, 50):.0f} ms, p95 {percentile_ms(latencies, 95):.0f} ms, "
                    f"errors {len(errors)}, server memory {rss:.0f} MB ({rss / baseline:.2f}x warm-up)"
                )
            for error in all_errors[:5]:
                print(f"  error: {error}")
        finally:
            app.stop()
    p50, p95 = percentile_ms(all_latencies, 50), percentile_ms(all_latencies, 95)
    print(
        f"sessions={args.sessions} turns={args.turns} errors={len(all_errors)} p50_ms={p50:.0f} p95_ms={p95:.0f}"
    )
    return 1 if all_errors else 0


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument(
        "--rounds", type=int, default=2, help="identical rounds; memory is compared across them"
    )
    parser.add_argument(
        "--think-s",
        type=float,
        default=0.0,
        help="mean seconds a customer reads and types before the next message (default 0: a burst)",
    )
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server; repeatable")
    parser.add_argument("--url", help="a running deployment's balancer (its rate limits must allow the load)")
    parser.add_argument(
        "--workers", type=int, default=1, help="with --url: how many workers it has (a label)"
    )
    parser.add_argument("--origin", default=SHOP, help="with --url: a shop origin the deployment allows")
    parser.add_argument("--compare", action="store_true", help="1 worker, then 2 behind nginx, one run")
    args = parser.parse_args()
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
