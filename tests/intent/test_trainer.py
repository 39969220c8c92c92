import random

from agent.intent.data import IntentExample
from agent.intent.trainer import length_pooled_batches


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
