"""``RequestTagger``: the joint model with its tokenizer. Messages in, act probabilities and
labelled character spans out (the raw parse; ``decode.py`` gives it types)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import rjieba
import torch
from transformers import AutoModel, AutoTokenizer, BertConfig

from agent.understand.joint import JointRequestConfig, JointRequestModel, register_with_auto_classes
from agent.understand.labels import IGNORE

MAX_LENGTH = 96
_HAN = re.compile(r"[\u3400-\u9fff]")
_PREFIX = "query: "  # e5 reads a message as a query
_EDGE = " ,.;:!?，。；：！？、\"'“”()（）"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class TaggedMessage:
    text: str
    acts: dict[str, float]  # each act's probability
    spans: tuple[Span, ...]

    def of(self, label: str) -> list[Span]:
        return [s for s in self.spans if s.label == label]


class RequestTagger:
    def __init__(self, model: JointRequestModel, tokenizer) -> None:  # type: ignore[no-untyped-def]
        self.model = model.eval()
        self.tokenizer = tokenizer

    @classmethod
    def from_backbone(cls, backbone: Path) -> RequestTagger:
        base = BertConfig.from_pretrained(str(backbone), local_files_only=True).to_dict()
        base.pop("model_type", None)
        config = JointRequestConfig(**base)
        model = JointRequestModel.from_pretrained(str(backbone), config=config, local_files_only=True)
        return cls(model, AutoTokenizer.from_pretrained(str(backbone), local_files_only=True))

    @classmethod
    def from_pretrained(cls, folder: Path | str) -> RequestTagger:
        folder = Path(folder)
        if not (folder / "config.json").exists():
            raise FileNotFoundError(
                f"no request parser in {folder}: train one with `python -m agent.understand train` "
                "(or `make understand`)"
            )
        register_with_auto_classes()
        model = AutoModel.from_pretrained(str(folder), local_files_only=True)
        return cls(model, AutoTokenizer.from_pretrained(str(folder), local_files_only=True))

    def save_pretrained(self, folder: Path | str) -> None:
        self.model.save_pretrained(str(folder))
        self.tokenizer.save_pretrained(str(folder))

    @property
    def acts(self) -> list[str]:
        return list(self.model.config.acts)

    @property
    def tags(self) -> list[str]:
        return list(self.model.config.tags)

    def encode(self, texts: Sequence[str]) -> tuple[dict[str, torch.Tensor], list[list[tuple[int, int]]]]:
        """Model inputs, and each token's character range in its message ((-1, -1): not a text token)."""
        encoded = self.tokenizer(
            [_PREFIX + t for t in texts],
            padding=True,
            truncation=True,
            max_length=MAX_LENGTH,
            return_offsets_mapping=True,
            return_tensors="pt",
        )
        offsets = []
        for row in encoded.pop("offset_mapping").tolist():
            offsets.append(
                [(s - len(_PREFIX), e - len(_PREFIX)) if e > len(_PREFIX) else (-1, -1) for s, e in row]
            )
        return dict(encoded), offsets

    def tag_ids(
        self, text: str, offsets: list[tuple[int, int]], spans: Sequence[tuple[int, int, str]]
    ) -> list[int]:
        """The BIO tag of each token for character ``spans`` (training targets)."""
        index = {tag: i for i, tag in enumerate(self.tags)}
        ids, open_span = [], None
        for start, end in offsets:
            if start < 0:
                ids.append(IGNORE)
                continue
            start = max(start, 0)
            inside = next((s for s in spans if s[0] < end and start < s[1] and text[start:end].strip()), None)
            if inside is None:
                ids.append(index["O"])
                open_span = None
                continue
            ids.append(index[("I-" if inside == open_span else "B-") + inside[2]])
            open_span = inside
        return ids

    @torch.inference_mode()
    def predict(self, texts: Sequence[str], batch_size: int = 32) -> list[TaggedMessage]:
        self.model.eval()
        out: list[TaggedMessage] = []
        for i in range(0, len(texts), batch_size):
            batch = list(texts[i : i + batch_size])
            inputs, offsets = self.encode(batch)
            result = self.model(**inputs)
            acts = torch.sigmoid(result.act_logits).tolist()
            tags = result.tag_logits.argmax(dim=-1).tolist()
            for text, probs, row, where in zip(batch, acts, tags, offsets, strict=True):
                named = dict(zip(self.acts, probs, strict=True))
                out.append(TaggedMessage(text, named, tuple(self._spans(text, row, where))))
        return out

    def _spans(self, text: str, tags: list[int], offsets: list[tuple[int, int]]) -> list[Span]:
        names = self.tags
        spans: list[tuple[int, int, str]] = []
        last_label = None
        for tag, (start, end) in zip(tags, offsets, strict=True):
            if start < 0:
                continue
            name = names[tag]
            if name == "O":
                last_label = None
                continue
            prefix, label = name.split("-", 1)
            if prefix == "I" and label == last_label and spans:
                spans[-1] = (spans[-1][0], end, label)
            else:
                spans.append((max(start, 0), end, label))
            last_label = label
        result = []
        bounds = _word_bounds(text)
        for start, end, label in spans:
            start, end = _snap(text, start, end, bounds)
            while start < end and text[start] in _EDGE:
                start += 1
            while end > start and text[end - 1] in _EDGE:
                end -= 1
            if end > start:
                result.append(Span(start, end, label, text[start:end]))
        return result


def _word_bounds(text: str) -> list[tuple[int, int]]:
    """Where each Chinese word of ``text`` starts and ends (rjieba), for spans to end on words."""
    bounds, at = [], 0
    for word in rjieba.cut(text):
        if _HAN.search(word):
            bounds.append((at, at + len(word)))
        at += len(word)
    return bounds


def _snap(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> tuple[int, int]:
    """A span widened to whole words: a subword token ("bud" of "earbuds", "积" of "积木") is not a
    word the customer wrote."""
    while start > 0 and _latin(text[start - 1]) and _latin(text[start]):
        start -= 1
    while end < len(text) and _latin(text[end - 1]) and _latin(text[end]):
        end += 1
    for word_start, word_end in bounds:
        if word_start < start < word_end:
            start = word_start
        if word_start < end < word_end:
            end = word_end
    return start, end


def _latin(char: str) -> bool:
    return char.isalnum() and not _HAN.match(char)
