"""Micro-batching: concurrent single-item calls to a model share one batched forward pass.

An encoder pass over 16 short texts costs little more than over one, so when several
conversations classify or embed a message at the same moment, one worker thread runs them
together. Nothing waits for a batch to fill: an idle batcher runs a lone call at once, and
calls that arrive while a pass is running form the next batch.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class MicroBatcher(Generic[Item, Result]):
    def __init__(
        self, run_batch: Callable[[list[Item]], Sequence[Result]], max_batch: int = 32, name: str = "batcher"
    ) -> None:
        self._run_batch = run_batch
        self._max_batch = max_batch
        self._pending: queue.SimpleQueue[tuple[Item, Future[Result]]] = queue.SimpleQueue()
        self._worker = threading.Thread(target=self._serve, name=name, daemon=True)
        self._lock = threading.Lock()

    def __call__(self, item: Item) -> Result:
        """Run ``item`` (in a batch with whatever else is waiting) and return its result."""
        return self.submit(item).result()

    async def acall(self, item: Item) -> Result:
        """``__call__`` for the event loop: waits without holding one of its executor threads,
        whose small pool would otherwise cap how many calls can be batched together."""
        return await asyncio.wrap_future(self.submit(item))

    def submit(self, item: Item) -> Future[Result]:
        with self._lock:
            if self._worker.ident is None:  # started on first use: no thread at import or construction
                self._worker.start()
        future: Future[Result] = Future()
        self._pending.put((item, future))
        return future

    def _serve(self) -> None:
        while True:
            batch = [self._pending.get()]
            while len(batch) < self._max_batch:
                try:
                    batch.append(self._pending.get_nowait())
                except queue.Empty:
                    break
            try:
                results = self._run_batch([item for item, _ in batch])
            except Exception as error:  # every caller in the batch sees the model's error
                for _, future in batch:
                    future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                future.set_result(result)
