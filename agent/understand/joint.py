"""The joint request model (JointBERT, Rasa's DIET): one multilingual-e5-small encoder, a
multi-label head for the message's acts on the mean of its token states, and a token head for the
BIO tags of its spans. One forward pass reads both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, BertConfig, BertModel, BertPreTrainedModel
from transformers.utils import ModelOutput

from agent.understand.labels import ACTS, IGNORE, TAGS

MODEL_TYPE = "joint-request-bert"


class JointRequestConfig(BertConfig):
    model_type = MODEL_TYPE

    def __init__(self, acts: list[str] | None = None, tags: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.acts = list(acts or ACTS)
        self.tags = list(tags or TAGS)


@dataclass
class JointOutput(ModelOutput):  # type: ignore[misc]
    loss: torch.Tensor | None = None
    act_logits: torch.Tensor | None = None
    tag_logits: torch.Tensor | None = None


def mean_pool(states: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    mask = attention_mask.unsqueeze(-1).to(states.dtype)
    return (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)


class JointRequestModel(BertPreTrainedModel):
    config_class = JointRequestConfig
    base_model_prefix = "bert"

    def __init__(self, config: JointRequestConfig) -> None:
        super().__init__(config)
        self.bert = BertModel(config, add_pooling_layer=False)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.act_head = nn.Linear(config.hidden_size, len(config.acts))
        self.tag_head = nn.Linear(config.hidden_size, len(config.tags))
        self.post_init()

    def forward(  # type: ignore[override]
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        act_labels: torch.Tensor | None = None,
        tag_labels: torch.Tensor | None = None,
        **_: Any,
    ) -> JointOutput:
        states = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        act_logits = self.act_head(self.dropout(mean_pool(states, attention_mask)))
        tag_logits = self.tag_head(self.dropout(states))
        loss = None
        if act_labels is not None:
            loss = nn.functional.binary_cross_entropy_with_logits(act_logits, act_labels)
        if tag_labels is not None and bool((tag_labels != IGNORE).any()):
            tag_loss = nn.functional.cross_entropy(
                tag_logits.reshape(-1, tag_logits.shape[-1]), tag_labels.reshape(-1), ignore_index=IGNORE
            )
            loss = tag_loss if loss is None else loss + tag_loss
        return JointOutput(loss=loss, act_logits=act_logits, tag_logits=tag_logits)


def register_with_auto_classes() -> None:
    """Let ``AutoModel`` load a saved parser folder (called on load, not at import)."""
    AutoConfig.register(MODEL_TYPE, JointRequestConfig, exist_ok=True)
    AutoModel.register(JointRequestConfig, JointRequestModel, exist_ok=True)
