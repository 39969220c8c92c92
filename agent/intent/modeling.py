"""``IntentClassifier``: a BertForSequenceClassification with labels and threshold in its config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    BertConfig,
    BertForSequenceClassification,
)

from agent.intent.bert import (
    MODEL_TYPE,
    MeanPooledBertConfig,
    MeanPooledBertForSequenceClassification,
    register_with_auto_classes,
)
from agent.intent.data import LABELS, OUT_OF_SCOPE, UNCERTAIN

MAX_LENGTH = 64


@dataclass(frozen=True)
class IntentPrediction:
    intent: str
    confidence: float
    top_intent: str  # the model's best label before the threshold


class IntentClassifier:
    """Fine-tuned multilingual-e5-small with a softmax head on mean-pooled token states and an
    out-of-scope threshold."""

    def __init__(self, model: BertForSequenceClassification, tokenizer, threshold: float = 0.0) -> None:  # type: ignore[no-untyped-def]
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.threshold = threshold
        # A faster, compiled path for one message at a time (agent.intent.compiled), once built.
        self.single_message_model: Callable[..., Any] | None = None

    @classmethod
    def from_backbone(cls, backbone: Path, labels: tuple[str, ...] = LABELS) -> IntentClassifier:
        config = MeanPooledBertConfig.from_dict(
            {
                **BertConfig.from_pretrained(str(backbone), local_files_only=True).to_dict(),
                "model_type": MODEL_TYPE,
            },
            num_labels=len(labels),
            id2label=dict(enumerate(labels)),
            label2id={label: i for i, label in enumerate(labels)},
        )
        model = MeanPooledBertForSequenceClassification.from_pretrained(
            str(backbone), config=config, local_files_only=True
        )
        return cls(model, AutoTokenizer.from_pretrained(str(backbone), local_files_only=True))

    @classmethod
    def from_pretrained(cls, folder: Path | str) -> IntentClassifier:
        folder = Path(folder)
        if not (folder / "config.json").exists():
            raise FileNotFoundError(
                f"no intent model in {folder}: train one with `python -m agent.intent train` (or `make intent`)"
            )
        register_with_auto_classes()
        # A model saved before mean pooling (model type "bert") still loads [CLS]-pooled, as trained.
        model = AutoModelForSequenceClassification.from_pretrained(str(folder), local_files_only=True)
        threshold = float(getattr(model.config, "oos_threshold", 0.0))
        return cls(model, AutoTokenizer.from_pretrained(str(folder), local_files_only=True), threshold)

    def save_pretrained(self, folder: Path | str, card: str | None = None) -> None:
        folder = Path(folder)
        self.model.config.oos_threshold = self.threshold
        self.model.save_pretrained(str(folder))
        self.tokenizer.save_pretrained(str(folder))
        if card:
            (folder / "README.md").write_text(card, encoding="utf-8")

    @property
    def labels(self) -> list[str]:
        return [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]

    def encode(self, texts: list[str]) -> dict[str, torch.Tensor]:
        return self.tokenizer(
            _as_queries(texts),
            padding=True,
            truncation=True,
            max_length=MAX_LENGTH,
            return_tensors="pt",
        )

    def token_counts(self, texts: list[str]) -> list[int]:
        """How many tokens each text becomes, as ``encode`` cuts it."""
        ids = self.tokenizer(_as_queries(texts), truncation=True, max_length=MAX_LENGTH)["input_ids"]
        return [len(row) for row in ids]

    def probabilities(self, texts: list[str], batch_size: int = 64) -> torch.Tensor:
        return self._in_batches(texts, batch_size, lambda inputs: torch.softmax(self._logits(inputs), dim=-1))

    def _logits(self, inputs: dict[str, torch.Tensor]) -> torch.Tensor:
        single = self.single_message_model
        if single is not None and inputs["input_ids"].shape[0] == 1:
            return single(**inputs).logits
        return self.model(**inputs).logits

    def sentence_vectors(self, texts: list[str], batch_size: int = 64) -> torch.Tensor:
        """The encoder's mean-pooled vectors (what the head reads) for a mean-pooled model."""
        return self._in_batches(texts, batch_size, lambda inputs: self.model.sentence_vectors(**inputs))

    @torch.inference_mode()
    def _in_batches(
        self, texts: list[str], batch_size: int, forward: Callable[[dict[str, torch.Tensor]], torch.Tensor]
    ) -> torch.Tensor:
        self.model.eval()
        chunks = [forward(self.encode(texts[i : i + batch_size])) for i in range(0, len(texts), batch_size)]
        return torch.cat(chunks) if chunks else torch.zeros((0, len(self.labels)))

    def predict(self, texts: list[str], uncertain_label: bool = False) -> list[IntentPrediction]:
        """Label each text; below the threshold it is ``out_of_scope`` (or ``uncertain`` if asked)."""
        return self.decide(self.probabilities(texts), fallback=UNCERTAIN if uncertain_label else OUT_OF_SCOPE)

    def decide(
        self,
        probabilities: torch.Tensor | np.ndarray,
        threshold: float | None = None,
        fallback: str = OUT_OF_SCOPE,
    ) -> list[IntentPrediction]:
        """Each row's best label, or ``fallback`` where its confidence is below ``threshold``
        (the model's own unless given: tuning and benchmarks try others on the same probabilities)."""
        limit = self.threshold if threshold is None else threshold
        labels = self.labels
        confidences, indices = torch.as_tensor(probabilities).max(dim=-1)
        return [
            IntentPrediction(labels[i] if c >= limit else fallback, c, labels[i])
            for c, i in zip(confidences.tolist(), indices.tolist(), strict=True)
        ]


def _as_queries(texts: list[str]) -> list[str]:
    # e5 was trained with "query: " / "passage: " prefixes; messages are queries.
    return [f"query: {t}" for t in texts]
