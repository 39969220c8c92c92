"""The intent trainer on CLINC150 (Larson et al., 2019), next to the paper's BERT-base figures.

    python bench/intent_clinc150.py [--data ../shared/data/clinc150/data_full.json] [--epochs 3]

Two methods, as in the paper: an extra out-of-scope class trained on ``oos_train``, and a
confidence threshold (trained on in-scope data only). The class model is also scored with
thresholds of its own: the product does both. A third, ``oos-mix``, is the class method trained
with pseudo out-of-scope mixes (``TrainingArguments.pseudo_oos_mix``); it over-rejects, so its
"recall goal" row lowers the out-of-scope class's odds instead (the largest cut that keeps the
goal's recall on validation). Thresholds are picked on validation, for the best
mean of the two figures ("best mean") and as the lowest one whose out-of-scope recall reaches the
goal's 60 ("recall goal"). Reports in-scope accuracy and out-of-scope recall on ``test`` +
``oos_test``, and training time. Too slow for CI (tens of minutes on 2 cores): run it once and
copy the figures into the README.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from _common import ROOT, machine

from agent.e5.rebuild import ensure_e5_model
from agent.intent.data import OUT_OF_SCOPE, IntentExample
from agent.intent.modeling import IntentClassifier
from agent.intent.trainer import TrainingArguments, train
from agent.settings import Settings

PAPER = {"oos-class": (96.9, 40.3), "oos-threshold": (96.2, 52.3)}
METHODS = [*PAPER, "oos-mix"]
RECALL_GOAL = 60.0  # the goal: in-scope accuracy >= 96.9 and out-of-scope recall >= 60


def examples(rows: list[list[str]]) -> list[IntentExample]:
    return [IntentExample(text, OUT_OF_SCOPE if intent == "oos" else intent) for text, intent in rows]


def scores(
    classifier: IntentClassifier,
    data: list[IntentExample],
    threshold: float,
    probabilities: np.ndarray,
    oos_cut: float = 0.0,
) -> tuple[float, float]:
    """In-scope accuracy and out-of-scope recall, in percent; ``oos_cut`` divides the
    out-of-scope class's probability by e**cut before the best label is taken (an infinite cut
    takes the out-of-scope answer away: the in-scope ceiling of any rejection rule)."""
    if oos_cut and OUT_OF_SCOPE in classifier.labels:
        probabilities = probabilities.copy()
        probabilities[:, classifier.labels.index(OUT_OF_SCOPE)] *= np.exp(-oos_cut)
    predicted = [p.intent for p in classifier.decide(probabilities, threshold)]
    inside = [p == e.intent for p, e in zip(predicted, data, strict=True) if e.intent != OUT_OF_SCOPE]
    outside = [p == OUT_OF_SCOPE for p, e in zip(predicted, data, strict=True) if e.intent == OUT_OF_SCOPE]
    return 100 * float(np.mean(inside)), 100 * float(np.mean(outside))


GRID = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)]


def best_threshold(
    classifier: IntentClassifier, val: list[IntentExample], probabilities: np.ndarray
) -> float:
    """The threshold with the best mean of in-scope accuracy and out-of-scope recall on validation."""
    return max(GRID, key=lambda t: sum(scores(classifier, val, t, probabilities)))


def recall_goal_threshold(
    classifier: IntentClassifier, val: list[IntentExample], probabilities: np.ndarray
) -> float:
    """The lowest threshold reaching the goal's out-of-scope recall on validation: it costs the
    least in-scope accuracy of those that do."""
    reaching = [t for t in GRID if scores(classifier, val, t, probabilities)[1] >= RECALL_GOAL]
    return min(reaching, default=GRID[-1])


CUTS = [round(float(c), 2) for c in np.arange(0.0, 10.01, 0.25)]


def recall_goal_cut(
    classifier: IntentClassifier, val: list[IntentExample], probabilities: np.ndarray
) -> float:
    """The largest out-of-scope cut that keeps the goal's recall on validation: it gives back the
    most in-scope messages of those that do."""
    keeping = [c for c in CUTS if scores(classifier, val, 0.0, probabilities, c)[1] >= RECALL_GOAL]
    return max(keeping, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data" / "clinc150" / "data_full.json"
    )
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--methods", nargs="+", default=METHODS, choices=METHODS)
    args = parser.parse_args()
    raw = json.loads(args.data.read_text(encoding="utf-8"))
    intents = tuple(sorted({intent for _, intent in raw["train"]}))
    backbone = ensure_e5_model(Settings().model_cache_dir)
    test = examples(raw["test"] + raw["oos_test"])
    print(machine())
    print(f"{'method':<28} {'in-scope acc':>12} {'oos recall':>10} {'paper (BERT-base)':>18} {'training':>9}")
    for method in args.methods:
        with_class = method != "oos-threshold"
        mixes = 1.0 if method == "oos-mix" else 0.0
        training = TrainingArguments(
            epochs=args.epochs, batch_size=args.batch_size, patience=1, pseudo_oos_mix=mixes
        )
        labels = (*intents, OUT_OF_SCOPE) if with_class else intents
        train_rows = raw["train"] + (raw["oos_train"] if with_class else [])
        val = examples(raw["val"] + raw["oos_val"])
        started = time.perf_counter()
        # Early stopping looks at validation macro-F1 over in-scope intents (plus the oos class).
        classifier = train(
            backbone, examples(train_rows), val if with_class else examples(raw["val"]), training, labels
        )
        minutes = (time.perf_counter() - started) / 60
        probabilities = classifier.probabilities([e.text for e in test]).numpy()
        on_val = classifier.probabilities([e.text for e in val]).numpy()
        if method == "oos-mix":
            cut = recall_goal_cut(classifier, val, on_val)
            rows = [(method, 0.0, 0.0), (f"{method} + recall goal", 0.0, cut)]
        else:
            picks = [("best mean", best_threshold(classifier, val, on_val))]
            picks.append(("recall goal", recall_goal_threshold(classifier, val, on_val)))
            named = [(f"{method} + {why}", threshold, 0.0) for why, threshold in picks]
            # The paper's threshold method is the best-mean pick; the class method has no threshold.
            rows = [(method, 0.0, 0.0), *named] if with_class else [(method, picks[0][1], 0.0), named[1]]
        for name, threshold, cut in rows:
            accuracy, recall = scores(classifier, test, threshold, probabilities, cut)
            paper = "{:.1f} / {:.1f}".format(*PAPER[method]) if name in PAPER else "-"
            print(
                f"{name:<28} {accuracy:>12.1f} {recall:>10.1f} {paper:>18} {minutes:>7.1f} min"
                f"  (threshold {threshold:.2f}, out-of-scope cut {cut:.2f})",
                flush=True,
            )
        print(
            f"{'':<28} {scores(classifier, test, 0.0, probabilities, np.inf)[0]:>12.1f}  over the 150 intents alone"
        )


if __name__ == "__main__":
    main()
