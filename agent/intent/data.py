"""Labelled intent examples as JSON Lines (``{"text": ..., "intent": ...}``), validated line by line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LABELS = (
    "chitchat",
    "product_recommendation",
    "product_question",
    "price_inquiry",
    "comparison",
    "purchase",
    "shipping",
    "after_sales",
    "complaint",
    "objection",
    "human_handoff",
    "out_of_scope",
)
OUT_OF_SCOPE = "out_of_scope"
UNCERTAIN = "uncertain"


class IntentDataError(ValueError):
    """A data file is unusable; the message names the file and line."""


@dataclass(frozen=True)
class IntentExample:
    text: str
    intent: str


def load_examples(path: Path, labels: tuple[str, ...] = LABELS) -> list[IntentExample]:
    """Read one JSONL file; any bad line is an error naming ``path:line``."""
    if not path.exists():
        raise IntentDataError(f"{path}: no such file")
    examples: list[IntentExample] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise IntentDataError(f"{where}: malformed JSON ({error.msg})") from None
        if not isinstance(row, dict) or "text" not in row or "intent" not in row:
            raise IntentDataError(f'{where}: expected an object with "text" and "intent"')
        text, intent = row["text"], row["intent"]
        if not isinstance(text, str) or not text.strip():
            raise IntentDataError(f"{where}: empty text")
        if intent not in labels:
            raise IntentDataError(f"{where}: unknown label {intent!r} (known: {', '.join(labels)})")
        examples.append(IntentExample(text.strip(), intent))
    if not examples:
        raise IntentDataError(f"{path}: no examples")
    return examples


def load_splits(data: Path) -> dict[str, list[IntentExample]]:
    """A folder with train/val[/test].jsonl, or one file that is split 80/20 into train/val."""
    if data.is_dir():
        splits = {name: load_examples(data / f"{name}.jsonl") for name in ("train", "val")}
        if (data / "test.jsonl").exists():
            splits["test"] = load_examples(data / "test.jsonl")
        return splits
    examples = load_examples(data)
    val = examples[::5]
    train = [e for i, e in enumerate(examples) if i % 5]
    return {"train": train, "val": val}
