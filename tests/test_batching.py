import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from agent.batching import MicroBatcher


def test_concurrent_calls_share_batches_and_each_gets_its_own_result() -> None:
    batches: list[list[int]] = []

    def square_all(items: list[int]) -> list[int]:
        batches.append(items)
        time.sleep(0.05)  # a forward pass: calls arriving meanwhile form the next batch
        return [i * i for i in items]

    square = MicroBatcher(square_all, max_batch=8)
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(square, range(32)))
    assert results == [i * i for i in range(32)]
    assert len(batches) < 32 and max(len(b) for b in batches) > 1
    assert max(len(b) for b in batches) <= 8


def test_a_lone_call_runs_at_once() -> None:
    square: MicroBatcher[int, int] = MicroBatcher(lambda items: [i * i for i in items])
    started = time.perf_counter()
    assert square(7) == 49
    assert time.perf_counter() - started < 0.5


def test_a_failing_batch_fails_every_caller_in_it_and_the_batcher_keeps_serving() -> None:
    busy = threading.Event()
    release = threading.Event()

    def run(items: list[str]) -> list[str]:
        if items == ["first"]:
            busy.set()
            release.wait(5)  # holds the worker so that the next two calls queue up together
        if "bad" in items:
            raise ValueError("model error")
        return [s.upper() for s in items]

    shout = MicroBatcher(run)
    first = shout.submit("first")
    assert busy.wait(5)
    queued = [shout.submit("bad"), shout.submit("good")]
    release.set()
    assert first.result(timeout=5) == "FIRST"
    for future in queued:
        with pytest.raises(ValueError, match="model error"):
            future.result(timeout=5)
    assert shout("again") == "AGAIN"


async def test_awaiting_callers_batch_together_without_holding_executor_threads() -> None:
    """The event loop's executor has a few threads; awaiting callers are not limited by it."""
    release = threading.Event()
    batches: list[list[int]] = []

    def square_all(items: list[int]) -> list[int]:
        batches.append(list(items))
        if len(batches) == 1:
            release.wait(5)  # holds the worker while 40 more calls arrive
        return [i * i for i in items]

    square = MicroBatcher(square_all, max_batch=32)
    first = asyncio.ensure_future(square.acall(0))
    await asyncio.sleep(0.05)
    rest = [asyncio.ensure_future(square.acall(i)) for i in range(1, 41)]
    await asyncio.sleep(0.05)  # the loop is free while they wait
    release.set()
    assert await asyncio.gather(first, *rest) == [i * i for i in range(41)]
    assert batches == [[0], list(range(1, 33)), list(range(33, 41))]
