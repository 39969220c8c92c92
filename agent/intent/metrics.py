"""Accuracy, macro-F1, per-label precision/recall and a confusion matrix (text and PNG)."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Report:
    labels: list[str]
    accuracy: float
    macro_f1: float
    precision: dict[str, float]
    recall: dict[str, float]
    confusion: np.ndarray  # rows: true label, columns: predicted

    def render(self) -> str:
        lines = [
            f"accuracy {self.accuracy:.3f}   macro-F1 {self.macro_f1:.3f}",
            "",
            f"{'label':<24}{'precision':>10}{'recall':>8}",
        ]
        lines += [
            f"{label:<24}{self.precision[label]:>10.3f}{self.recall[label]:>8.3f}" for label in self.labels
        ]
        short = [label[:5] for label in self.labels]
        lines += ["", "confusion (rows true, columns predicted): " + " ".join(short)]
        for label, row in zip(self.labels, self.confusion, strict=True):
            lines.append(f"{label:<24}" + " ".join(f"{int(v):>5}" for v in row))
        return "\n".join(lines)


def evaluate(true: list[str], predicted: list[str], labels: list[str]) -> Report:
    index = {label: i for i, label in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(true, predicted, strict=True):
        if p in index:  # "uncertain" predictions count as misses for every label
            confusion[index[t], index[p]] += 1
    tp = np.diag(confusion).astype(float)
    precision = np.divide(tp, confusion.sum(0), out=np.zeros_like(tp), where=confusion.sum(0) > 0)
    recall = np.divide(
        tp,
        np.bincount([index[t] for t in true], minlength=len(labels)),
        out=np.zeros_like(tp),
        where=np.bincount([index[t] for t in true], minlength=len(labels)) > 0,
    )
    f1 = np.divide(
        2 * precision * recall, precision + recall, out=np.zeros_like(tp), where=(precision + recall) > 0
    )
    present = np.bincount([index[t] for t in true], minlength=len(labels)) > 0
    return Report(
        labels=labels,
        accuracy=float(np.mean([t == p for t, p in zip(true, predicted, strict=True)])) if true else 0.0,
        macro_f1=float(f1[present].mean()) if present.any() else 0.0,
        precision=dict(zip(labels, precision.tolist(), strict=True)),
        recall=dict(zip(labels, recall.tolist(), strict=True)),
        confusion=confusion,
    )


def bootstrap_macro_f1(
    true: list[str], predictions: list[list[str]], labels: list[str], rounds: int = 1000, seed: int = 0
) -> np.ndarray:
    """Macro-F1 of each prediction list on ``rounds`` resamples (with replacement) of the messages,
    shape (rounds, lists). Every list is scored on the same resamples, so the spread says how far
    a figure could move on another test set of the same size, and methods compare pairwise."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(true), size=(rounds, len(true)))
    return np.array(
        [
            [evaluate([true[i] for i in draw], [p[i] for i in draw], labels).macro_f1 for p in predictions]
            for draw in draws
        ]
    )


def write_confusion_png(confusion: np.ndarray, path: Path, cell: int = 24) -> None:
    """A heat map (white = 0, dark blue = the row's total), written with zlib alone."""
    totals = confusion.sum(axis=1, keepdims=True).clip(min=1)
    shade = (confusion / totals)[..., None]
    rgb = (255 - shade * np.array([215, 160, 40])).astype(np.uint8)
    image = np.kron(rgb, np.ones((cell, cell, 1), dtype=np.uint8))
    image[::cell, :, :] = image[:, ::cell, :] = 128  # grid lines
    height, width = image.shape[:2]
    raw = b"".join(b"\x00" + image[y].tobytes() for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
