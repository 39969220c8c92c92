"""Concurrent customer sessions over Chainlit's real socket protocol, against the app on 127.0.0.1.

    python bench/load.py --sessions 50 --turns 10 [--rounds 2] [--think-s 3]

Starts the app (fake LLM: the figures measure the app, retrieval, intent and persistence, not a
model) with the index from settings, opens N widget sessions at once, each a T-turn consultation,
and prints turns/s, p50/p95 turn latency, errors and server memory after each round. By default
every customer sends the next message the moment a reply ends (a burst: the worst case);
``--think-s`` lets them type first (and read the reply before the next one): a random 0.5x-1.5x
of it before every message. The rate limits are raised for the run: every session comes from
127.0.0.1. The last line reads
``sessions=N turns=T errors=E p50_ms=X p95_ms=Y``.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.settings import Settings  # noqa: E402
from bench._common import machine, percentile_ms  # noqa: E402
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


async def _session(
    app: LiveApp, turns: int, think: Callable[[], float], latencies: list[float], errors: list[str]
) -> None:
    client = ChainlitClient(app.url, app.customer_token(SHOP), client_type="copilot", origin=SHOP)
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
    app: LiveApp, sessions: int, turns: int, think_s: float = 0.0
) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    rng = random.Random(7)  # the same pauses in every round, so rounds compare

    def think() -> float:
        return think_s * rng.uniform(0.5, 1.5)

    started = time.perf_counter()
    await asyncio.gather(*(_session(app, turns, think, latencies, errors) for _ in range(sessions)))
    return latencies, errors, time.perf_counter() - started


async def main_async(args: argparse.Namespace) -> int:
    settings = Settings()
    with tempfile.TemporaryDirectory() as home:
        app = LiveApp(
            Path(home),
            settings.index_dir,
            [SHOP],
            secret="load-bench-" + "x" * 40,
            env={
                "SALES_SESSION_MESSAGES_PER_MINUTE": "100000",
                "SALES_IP_MESSAGES_PER_MINUTE": "100000",
                **dict(a.split("=", 1) for a in args.env),
            },
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
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
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
    args = parser.parse_args()
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
