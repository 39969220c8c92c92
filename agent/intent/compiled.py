"""A compiled path for one message at a time, built in the background while the eager model serves.

``torch.compile`` with frozen weights (inductor prepacks the matrices and fuses the small ops
between them) made one message about a third faster on 2 cores (bench/intent.py). Compiling costs
30-60 s of CPU and ~120 MB, so it runs in a low-priority thread after start; the eager model
answers until the compiled one exists and has given the eager model's probabilities. Without a C++
compiler, or on any error, the eager model simply stays. Batches (concurrent conversations) stay
eager: they are cheap per message already, and a second compiled graph would double the cost.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time

import torch

from agent.intent.modeling import IntentClassifier

log = logging.getLogger(__name__)

# Checked against the eager model before the compiled path is used: English, Chinese, mixed.
CHECK_MESSAGES = ("hi, do you ship to Canada?", "这款耳机多少钱？", "my order arrived broken, 我要退货")
TOLERANCE = 1e-4


def compile_single_messages(classifier: IntentClassifier) -> bool:
    """Compile, check and switch on the single-message path; False (eager stays) if that fails."""
    started = time.perf_counter()
    try:
        compiled = torch.compile(classifier.model, dynamic=True, options={"freezing": True})
        with torch.inference_mode():
            for message in CHECK_MESSAGES:
                inputs = classifier.encode([message])
                eager = torch.softmax(classifier.model(**inputs).logits, dim=-1)
                fast = torch.softmax(compiled(**inputs).logits, dim=-1)
                if not torch.allclose(eager, fast, atol=TOLERANCE):
                    raise ValueError(f"compiled probabilities differ from eager on {message!r}")
    except Exception as exc:  # a missing compiler shows up here as one of many error types
        log.warning("intent classifier stays eager: compiling failed (%s)", str(exc).splitlines()[0])
        return False
    classifier.single_message_model = compiled
    log.info("intent classifier: single messages compiled in %.0f s", time.perf_counter() - started)
    return True


def start_compiling(classifier: IntentClassifier) -> threading.Thread:
    """``compile_single_messages`` in a thread at low priority, so serving goes first."""

    def run() -> None:
        # Linux applies a thread's nice value to it alone (and to the compiler processes it starts).
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        compile_single_messages(classifier)

    # Not a daemon: torch aborts the process if it exits while a daemon thread is inside torch, so
    # an exit during the first minute waits for the compile to end instead.
    thread = threading.Thread(target=run, name="intent-compile")
    thread.start()
    return thread
