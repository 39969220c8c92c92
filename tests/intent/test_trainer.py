import random
from pathlib import Path

import pytest
import torch

from agent.intent.bert import MeanPooledBertConfig, MeanPooledBertForSequenceClassification
from agent.intent.data import IntentExample
from agent.intent.trainer import TrainingArguments, _pseudo_oos_loss, length_pooled_batches, train


def _messages(count: int) -> tuple[list[IntentExample], list[int]]:
    rng = random.Random(0)
    lengths = [rng.randint(3, 60) for _ in range(count)]
    return [IntentExample(f"message {i}", "chitchat") for i in range(count)], lengths


def _padding(batches: list[list[IntentExample]], lengths: list[int]) -> int:
    """Tokens a batch wastes padding its members to its longest one."""
    length = {f"message {i}": n for i, n in enumerate(lengths)}
    return sum(max(length[e.text] for e in b) * len(b) - sum(length[e.text] for e in b) for b in batches)


def test_length_pooled_batches_keep_every_message_once_and_pad_less() -> None:
    examples, lengths = _messages(1000)
    pooled = length_pooled_batches(examples, lengths, 16, 20, random.Random(1))
    plain = length_pooled_batches(examples, lengths, 16, 1, random.Random(1))
    for batches in (pooled, plain):
        assert sorted(e.text for b in batches for e in b) == sorted(e.text for e in examples)
        assert all(1 <= len(b) <= 16 for b in batches)
    assert _padding(pooled, lengths) * 5 < _padding(plain, lengths)


def test_length_pooled_batches_are_shuffled_differently_each_epoch() -> None:
    examples, lengths = _messages(200)
    rng = random.Random(1)
    first = length_pooled_batches(examples, lengths, 16, 5, rng)
    second = length_pooled_batches(examples, lengths, 16, 5, rng)
    assert [e.text for b in first for e in b] != [e.text for b in second for e in b]


def _head_trained_on_two_intents(mix_weight: float) -> MeanPooledBertForSequenceClassification:
    """A 3-label head (two intents, out_of_scope last) trained on fixed sentence vectors."""
    torch.manual_seed(0)
    config = MeanPooledBertConfig(
        vocab_size=10, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=8
    )
    config.num_labels = 3
    model = MeanPooledBertForSequenceClassification(config)
    model.dropout.p = 0.0
    optimizer = torch.optim.Adam(model.classifier.parameters(), lr=0.05)
    target = torch.tensor([0, 1] * 16)
    for _ in range(300):
        vectors = 3 * torch.nn.functional.one_hot(target, 8).float() + 0.3 * torch.randn(32, 8)
        loss = torch.nn.functional.cross_entropy(model.classifier(vectors), target)
        loss = loss + mix_weight * _pseudo_oos_loss(model, vectors, target, oos_id=2)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    return model


def test_pseudo_oos_mixes_teach_the_head_that_between_two_intents_is_out_of_scope() -> None:
    first, second = 3 * torch.eye(8)[0], 3 * torch.eye(8)[1]
    points = torch.stack([first, second, (first + second) / 2])
    mixed = _head_trained_on_two_intents(1.0).classifier(points).argmax(-1).tolist()
    plain = _head_trained_on_two_intents(0.0).classifier(points).argmax(-1).tolist()
    assert mixed == [0, 1, 2]  # the intents keep their messages; halfway is out of scope
    assert plain[2] != 2  # without the mixes nothing is ever out of scope


def test_pseudo_oos_mixes_need_an_out_of_scope_label(tmp_path: Path) -> None:
    examples = [IntentExample("hello", "chitchat"), IntentExample("where is my parcel", "shipping")]
    with pytest.raises(ValueError, match="out_of_scope"):
        train(tmp_path, examples, examples, TrainingArguments(pseudo_oos_mix=1.0), ("chitchat", "shipping"))
