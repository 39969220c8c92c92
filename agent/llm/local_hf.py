"""A local Hugging Face causal LM as a LangChain chat model, usable from async code.

``ChatHuggingFace`` over a pipeline has no async path; this model implements ``_stream`` with
``generate`` in a worker thread, and LangChain runs the sync methods in an executor for
``ainvoke`` / ``astream``. One generation runs at a time per model (a lock): on a CPU two at
once are slower than one after the other, and the model is not safe to share mid-generation.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

_ROLES = {"human": "user", "ai": "assistant", "system": "system", "tool": "user"}


def best_torch_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class LocalChatModel(BaseChatModel):
    """Chat with a local transformers model (GPU when present, CPU otherwise)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    max_new_tokens: int = 256
    temperature: float = 0.0
    device: str | None = None
    # Longest wait for the next token: a generate thread that died or stalls ends the call.
    timeout_s: float = 60.0

    _model: Any = PrivateAttr(default=None)
    _tokenizer: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "local-hf"

    def load(self) -> LocalChatModel:
        """Load weights now (otherwise on first use)."""
        if self._model is None:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer

            device = self.device or best_torch_device()
            # bfloat16 on a GPU. On the CPU float32: bfloat16 prefill measured 6x slower there
            # (39 s vs 6 s for 800 prompt tokens with the embedded model), which dominates a turn.
            dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
            self._tokenizer = AutoTokenizer.from_pretrained(self.model_path, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(self.model_path, local_files_only=True, dtype=dtype)
            self._model = model.to(device).eval()  # type: ignore[arg-type]
        return self

    def prompt_ids(self, messages: list[BaseMessage]) -> Any:
        self.load()
        chat = [{"role": _ROLES.get(m.type, "user"), "content": m.text} for m in messages]
        return self._tokenizer.apply_chat_template(
            chat, add_generation_prompt=True, return_tensors="pt", return_dict=True
        ).to(self._model.device)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        from transformers import TextIteratorStreamer

        inputs = self.prompt_ids(messages)
        streamer = TextIteratorStreamer(
            self._tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=self.timeout_s
        )
        sampling = {"do_sample": True, "temperature": self.temperature} if self.temperature > 0 else {}
        generate_kwargs = {
            **inputs,
            # ``max_tokens``: the OpenAI name, which a turn's model settings use for every model
            "max_new_tokens": kwargs.get("max_tokens", kwargs.get("max_new_tokens", self.max_new_tokens)),
            "do_sample": False,
            **sampling,
        }
        failure: list[BaseException] = []
        with self._lock:
            worker = threading.Thread(
                target=self._generate_tokens, args=(streamer, failure), kwargs=generate_kwargs, daemon=True
            )
            worker.start()
            try:
                for text in streamer:  # raises queue.Empty after timeout_s without a token
                    if not text:
                        continue
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                    if run_manager:
                        run_manager.on_llm_new_token(text, chunk=chunk)
                    yield chunk
            except queue.Empty:
                raise TimeoutError(f"no token from the local model in {self.timeout_s:.0f} s") from None
            finally:
                worker.join(self.timeout_s)
        if failure:  # the thread died: the turn fails (and gets the outage answer), it does not hang
            raise RuntimeError("local generation failed") from failure[0]

    def _generate_tokens(self, streamer: Any, failure: list[BaseException], **generate_kwargs: Any) -> None:
        try:
            with self._attention_kernels():
                self._model.generate(streamer=streamer, **generate_kwargs)
        except BaseException as exc:
            failure.append(exc)
            streamer.end()  # wake the reader now rather than after the timeout

    def _attention_kernels(self) -> AbstractContextManager[object]:
        """On a GPU, attention without cuDNN: torch picks cuDNN first on Hopper, and cuDNN builds a
        new graph for every new sequence length, i.e. for every generated token. On an H100 that
        made decoding 3-4x slower than flash attention (bench/local_llm.py)."""
        if self._model.device.type != "cuda":
            return nullcontext()
        from torch.nn.attention import SDPBackend, sdpa_kernel

        return sdpa_kernel([SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION, SDPBackend.MATH])

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(chunk.text for chunk in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text.strip()))])
