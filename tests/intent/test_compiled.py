"""The single-message path: only single messages take it; without a compiler the eager model serves."""

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


def test_single_messages_take_the_single_message_path_and_batches_stay_eager(
    small_model: tuple[IntentClassifier, Path],
) -> None:
    # The compile itself runs in the real app (tests/web/test_intent_compile.py), where it must
    # end before the first answer; here, which messages go to the path it installs.
    _, folder = small_model
    served = IntentClassifier.from_pretrained(folder)
    expected = served.predict(MESSAGES)
    assert served.single_message_model is None  # eager until compiled
    calls: list[int] = []
    model = served.model

    def single_message_path(**inputs: object) -> object:
        calls.append(1)
        return model(**inputs)

    served.single_message_model = single_message_path
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
