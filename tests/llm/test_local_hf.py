"""LocalChatModel (the `embedded` and `hf:` backends) on a tiny random Qwen2 model: CPU, and GPU when present.

The tiny model keeps the embedded model's tokenizer and chat template, so prompts are built exactly
as in the app; only the weights are random, which is enough to check streaming and device placement.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
import torch
from langchain_core.messages import HumanMessage, SystemMessage

from agent.llm.embedded import ensure_embedded_gguf
from agent.llm.local_hf import LocalChatModel

ROOT = Path(__file__).resolve().parents[2]
DEVICES = [
    "cpu",
    pytest.param("cuda", marks=pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU")),
]


@pytest.fixture(scope="module")
def tiny_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from transformers import AutoModelForCausalLM, AutoTokenizer, Qwen2Config

    gguf = ensure_embedded_gguf(ROOT / ".cache" / "models")
    folder = tmp_path_factory.mktemp("tiny-qwen")
    # The tokenizer (and its chat template) read from the GGUF's metadata; no weights converted.
    # The shape is a tiny Qwen2 with the 0.5B's vocabulary and special tokens (reading the
    # shape from the GGUF takes seconds).
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    config = Qwen2Config(
        vocab_size=151936, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, rms_norm_eps=1e-6, max_position_embeddings=32768,
        pad_token_id=151643, bos_token_id=151643, eos_token_id=151645,
    )  # fmt: skip
    torch.manual_seed(0)
    AutoModelForCausalLM.from_config(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def conversation(question: str) -> list:
    return [SystemMessage("You are a shop assistant."), HumanMessage(question)]


@pytest.mark.parametrize("device", DEVICES)
def test_loads_on_the_device_in_its_precision(tiny_model_path: Path, device: str) -> None:
    model = LocalChatModel(model_path=str(tiny_model_path), device=device).load()
    parameter = next(model._model.parameters())
    assert parameter.device.type == device
    # bfloat16 on a GPU; float32 on the CPU, where bfloat16 prefill measured 6x slower.
    assert parameter.dtype == (torch.bfloat16 if device == "cuda" else torch.float32)


@pytest.mark.parametrize("device", DEVICES)
def test_streams_the_answer_it_returns_in_pieces(tiny_model_path: Path, device: str) -> None:
    model = LocalChatModel(model_path=str(tiny_model_path), device=device, max_new_tokens=12)

    async def both() -> tuple[list[str], str]:
        pieces = [str(chunk.text) async for chunk in model.astream(conversation("Which laptop is lightest?"))]
        whole = await model.ainvoke(conversation("Which laptop is lightest?"))
        return pieces, str(whole.text)

    pieces, whole = asyncio.run(both())
    assert len(pieces) > 1
    assert "".join(pieces).strip() == whole


@pytest.mark.parametrize("device", DEVICES)
def test_conversations_at_once_each_get_their_own_answer(tiny_model_path: Path, device: str) -> None:
    model = LocalChatModel(model_path=str(tiny_model_path), device=device, max_new_tokens=8)
    questions = ["Do you ship to Canada?", "我想退货", "Is the AirBook in stock?"]
    alone = [str(model.invoke(conversation(q)).text) for q in questions]
    assert len(set(alone)) > 1  # distinct prompts give distinct answers, so a mix-up would show

    async def together() -> list[str]:
        answers = await asyncio.gather(*(model.ainvoke(conversation(q)) for q in questions))
        return [str(a.text) for a in answers]

    assert asyncio.run(together()) == alone


def test_a_generate_thread_that_dies_fails_the_call_instead_of_hanging(
    tiny_model_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = LocalChatModel(
        model_path=str(tiny_model_path), device="cpu", max_new_tokens=8, timeout_s=30
    ).load()

    def dies(**kwargs: object) -> None:  # what torch.fx's process-wide patch once did mid-generation
        raise NameError("module is not installed as a submodule")

    monkeypatch.setattr(model._model, "generate", dies)
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match="local generation failed"):
        model.invoke(conversation("Which laptop is lightest?"))
    assert time.perf_counter() - started < 5


def test_a_stalled_generation_times_out(tiny_model_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = LocalChatModel(
        model_path=str(tiny_model_path), device="cpu", max_new_tokens=8, timeout_s=0.5
    ).load()
    release, finished = threading.Event(), threading.Event()

    def stalls(**kwargs: object) -> None:
        release.wait(10)
        finished.set()

    monkeypatch.setattr(model._model, "generate", stalls)
    with pytest.raises(TimeoutError, match="no token"):
        model.invoke(conversation("Which laptop is lightest?"))
    release.set()  # let the stalled thread end before the interpreter does
    assert finished.wait(5)
