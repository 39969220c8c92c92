"""Scores of the parser: per-act F1 on the acts, F1 on labelled spans (validation during training)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from agent.understand.tagger import RequestTagger


class _Labelled(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def acts(self) -> tuple[str, ...]: ...
    @property
    def spans(self) -> tuple[tuple[int, int, str], ...]: ...
    @property
    def tagged(self) -> bool: ...


def f1(true_positive: int, false_positive: int, false_negative: int) -> float:
    if true_positive == 0:
        return 1.0 if false_positive == false_negative == 0 else 0.0
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    return 2 * precision * recall / (precision + recall)


class Tally:
    """True and false positives and false negatives per key, and the F1 of each."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, key: str, gold: Iterable[object], predicted: Iterable[object]) -> None:
        gold_set, predicted_set = set(gold), set(predicted)
        self.tp[key] += len(gold_set & predicted_set)
        self.fp[key] += len(predicted_set - gold_set)
        self.fn[key] += len(gold_set - predicted_set)

    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    def f1(self, key: str) -> float:
        return f1(self.tp[key], self.fp[key], self.fn[key])

    def support(self, key: str) -> int:
        return self.tp[key] + self.fn[key]

    def macro(self) -> float:
        keys = [k for k in self.labels() if self.support(k)]
        return sum(self.f1(k) for k in keys) / max(1, len(keys))

    def micro(self) -> float:
        return f1(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))


def score_tagged(tagger: RequestTagger, examples: Sequence[_Labelled]) -> dict[str, float]:
    """Acts macro-F1 and exact labelled-span micro-F1 of ``tagger`` on ``examples``."""
    predictions = tagger.predict([e.text for e in examples])
    acts, spans = Tally(), Tally()
    for example, predicted in zip(examples, predictions, strict=True):
        chosen = [a for a, p in predicted.acts.items() if p >= 0.5] or [
            max(predicted.acts, key=predicted.acts.__getitem__)
        ]
        for act in set(example.acts) | set(chosen):
            acts.add(act, [1] if act in example.acts else [], [1] if act in chosen else [])
        if example.tagged:
            gold = {(s, e, label) for s, e, label in example.spans}
            spans.add("spans", gold, {(s.start, s.end, s.label) for s in predicted.spans})
    return {"acts_macro_f1": acts.macro(), "spans_f1": spans.f1("spans")}
