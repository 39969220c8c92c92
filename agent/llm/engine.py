"""llama.cpp's own server (the ``xllamacpp`` wheel) serving a GGUF file on 127.0.0.1.

The engine speaks the OpenAI chat-completions protocol, so the agent reaches a local GGUF model
through the same ``ChatOpenAI`` client (timeouts, retries, streaming) as a hosted one. Generation
runs in llama.cpp's C++ threads: quantized weights, no torch, several conversations at once
(parallel slots, continuous batching), and a prompt cache that skips a prefix already computed.

One engine per GGUF file per process (``serve``): the app, the redteam runs and the benches that
make several chat models share it. ``python -m agent.llm.engine FILE.gguf`` serves one on its own.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class EngineError(RuntimeError):
    """The engine could not load the model (bad file, no memory, missing libgomp)."""


@dataclass(frozen=True)
class EngineConfig:
    gguf: Path
    # Each slot is one conversation generating at once; they share the context (n_ctx = slots x ctx).
    parallel: int = 2
    context_per_slot: int = 4096
    threads: int = 0  # 0: every core this process may use
    port: int = 0  # 0: a free port

    def cpu_threads(self) -> int:
        return self.threads or len(os.sched_getaffinity(0))


class Engine:
    """A running llama.cpp server; ``base_url`` is its OpenAI-compatible ``.../v1``."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self._server: Any = _start(config)
        self.base_url = f"{self._server.listening_address}/v1"
        self.model_name = str(config.gguf)  # the id the server reports in /v1/models

    def close(self) -> None:
        # The C++ server stops its HTTP and compute threads when the object is freed.
        self._server = None


def _start(config: EngineConfig) -> Any:
    if not config.gguf.is_file():
        raise EngineError(f"no GGUF file at {config.gguf}")
    try:
        import xllamacpp
    except ImportError as exc:  # the wheel needs the system's libgomp.so.1 (apt-get install libgomp1)
        raise EngineError(f"the llama.cpp engine (xllamacpp) cannot be imported: {exc}") from exc
    params = xllamacpp.CommonParams()
    params.model.path = str(config.gguf)
    params.hostnames = ["127.0.0.1"]  # never reachable from outside the machine
    params.port = config.port
    params.n_parallel = config.parallel
    params.n_ctx = config.parallel * config.context_per_slot
    params.cache_prompt = True  # reuse the KV cache of a prompt prefix already seen (the system part)
    params.cont_batching = True
    params.cpuparams.n_threads = config.cpu_threads()
    params.cpuparams_batch.n_threads = config.cpu_threads()
    params.endpoint_metrics = True
    params.verbosity = 0
    started = time.perf_counter()
    try:
        server = xllamacpp.Server(params)
    except Exception as exc:
        raise EngineError(f"llama.cpp could not load {config.gguf}: {exc}") from exc
    log.info(
        "llama.cpp engine: %s on %s in %.1f s (%d slots, %d threads)",
        config.gguf.name,
        server.listening_address,
        time.perf_counter() - started,
        config.parallel,
        config.cpu_threads(),
    )
    return server


_engines: dict[EngineConfig, Engine] = {}
_engines_lock = threading.Lock()


def serve(config: EngineConfig) -> Engine:
    """The process's engine for ``config``, started on first use (about 2 s for the 0.5B model)."""
    with _engines_lock:
        engine = _engines.get(config)
        if engine is None:
            engine = _engines[config] = Engine(config)
        return engine


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve a GGUF model over the OpenAI protocol on 127.0.0.1.")
    parser.add_argument("gguf", type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    engine = Engine(EngineConfig(args.gguf, parallel=args.parallel, threads=args.threads, port=args.port))
    print(engine.base_url, flush=True)  # the one line a caller (or a test) waits for
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    engine.close()


if __name__ == "__main__":
    main()
