"""The compiled single-message path: same answers as the eager model, and only single messages use it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import torch

from agent.intent.compiled import compile_single_messages
from agent.intent.modeling import IntentClassifier

MESSAGES = [
    "hello there!",
    "where is my parcel, it has been two weeks",
    "快递什么时候到？",
    "this is the worst service ever, 太失望了",
    "write me a poem about the sea",
]


@pytest.mark.slow
def test_single_messages_use_the_compiled_path_with_the_same_answers(
    small_model: tuple[IntentClassifier, Path],
) -> None:
    _, folder = small_model
    eager = IntentClassifier.from_pretrained(folder)
    served = IntentClassifier.from_pretrained(folder)
    expected = eager.predict(MESSAGES)

    assert served.single_message_model is None  # eager until compiled
    assert compile_single_messages(served) and served.single_message_model is not None

    fast = served.single_message_model
    calls: list[int] = []

    def counting(**inputs: object) -> object:
        calls.append(1)
        return fast(**inputs)

    served.single_message_model = counting
    for message, want in zip(MESSAGES, expected, strict=True):
        got = served.predict([message])[0]
        assert got.intent == want.intent and abs(got.confidence - want.confidence) < 1e-4
    assert len(calls) == len(MESSAGES)
    # Concurrent conversations arrive as a batch: those stay on the eager model.
    assert [p.intent for p in served.predict(MESSAGES)] == [p.intent for p in expected]
    assert len(calls) == len(MESSAGES)


def test_without_a_compiler_the_eager_model_keeps_serving(
    small_model: tuple[IntentClassifier, Path],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, folder = small_model
    served = IntentClassifier.from_pretrained(folder)

    # What inductor raises on a machine without one (seen with a bogus `cpp.cxx`). Patched in, not
    # provoked: compiled kernels cached in this process or on disk would skip the compiler check.
    def no_compiler(*args: object, **kwargs: object) -> object:
        raise RuntimeError(
            "InvalidCxxCompiler: No working C++ compiler found in torch._inductor.config.cpp.cxx"
        )

    monkeypatch.setattr(torch, "compile", no_compiler)
    with caplog.at_level(logging.WARNING):
        assert compile_single_messages(served) is False
    assert served.single_message_model is None
    assert "stays eager" in caplog.text and "No working C++ compiler" in caplog.text
    assert served.predict(["快递什么时候到？"])[0].intent == "shipping"
