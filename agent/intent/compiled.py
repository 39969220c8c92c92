"""A compiled path for one message at a time, built before the app serves its first turn.

``torch.compile`` with frozen weights (inductor prepacks the matrices and fuses the small ops
between them) made one message about a fifth faster on 2 cores (bench/intent.py). Compiling costs
30-60 s of CPU and ~120 MB, and tracing patches ``torch.nn.Module.__call__`` for the whole process:
a transformers ``generate`` thread running meanwhile died of it. So it never runs beside live
requests: the caller compiles before it serves (the app's consultant holder, when
``SALES_INTENT_COMPILE`` is on; off by default). The compiled path is used only once it has given
the eager model's probabilities; without a C++ compiler, or on any error, the eager model stays.
Batches (concurrent conversations) stay eager: they are cheap per message already.
"""

from __future__ import annotations

import logging
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
        # No FX graph cache: building its key probes imported modules, and chainlit's lazy module
        # answers an unknown attribute with KeyError (not AttributeError), which fails the compile.
        compiled = torch.compile(
            classifier.model, dynamic=True, options={"freezing": True, "fx_graph_cache": False}
        )
        with torch.inference_mode():
            for message in CHECK_MESSAGES:
                inputs = classifier.encode([message])
                eager = torch.softmax(classifier.model(**inputs).logits, dim=-1)
                fast = torch.softmax(compiled(**inputs).logits, dim=-1)
                if not torch.allclose(eager, fast, atol=TOLERANCE):
                    raise ValueError(f"compiled probabilities differ from eager on {message!r}")
    except Exception as exc:  # a missing compiler shows up here as one of many error types
        # torch wraps the compiler's error in BackendCompilerFailed, whose own text is generic.
        cause = getattr(exc, "inner_exception", None) or exc
        first_line = next((line for line in str(cause).splitlines() if line.strip()), "")
        log.warning(
            "intent classifier stays eager: compiling failed (%s: %s)", type(cause).__name__, first_line
        )
        log.debug("compiling the intent classifier failed", exc_info=True)
        return False
    classifier.single_message_model = compiled
    log.info("intent classifier: single messages compiled in %.0f s", time.perf_counter() - started)
    return True
