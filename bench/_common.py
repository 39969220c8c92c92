"""Helpers shared by the benchmarks: set-up from settings and timing figures."""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]


Item = TypeVar("Item")


def seconds_each(call: Callable[[Item], object], items: Iterable[Item]) -> list[float]:
    """Wall-clock seconds of ``call(item)``, one sample per item."""
    samples = []
    for item in items:
        start = time.perf_counter()
        call(item)
        samples.append(time.perf_counter() - start)
    return samples


def percentile_ms(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index] * 1000


def arguments(doc: str | None) -> argparse.ArgumentParser:
    """A bench's command line, with its docstring (``doc``) as the help, line breaks kept."""
    return argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"


def decode_rate(tokenizer: Any, pieces: list[str], stamps: list[float]) -> float:
    """Tokens after the first over the seconds since the first: the rate a reader sees text arrive."""
    later_tokens = max(1, len(tokenizer("".join(pieces))["input_ids"]) - 1)
    return later_tokens / max(1e-9, stamps[-1] - stamps[0])
