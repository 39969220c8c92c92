"""``python -m agent.understand generate|train|parse``: the request parser's data, training and use."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from agent.settings import Settings
from agent.understand.generate import write_sets
from agent.understand.metrics import score_tagged
from agent.understand.train import TrainingArguments, TrainingDataError, load_examples, train

DATA = Path("knowledge/requests")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m agent.understand", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="write train.jsonl and val.jsonl from the templates")
    make.add_argument("--templates", type=Path, default=DATA)
    make.add_argument("--out", type=Path, default=DATA)
    make.add_argument("--seed", type=int, default=13)
    fit = commands.add_parser(
        "train", help="fine-tune the joint model on train.jsonl (val.jsonl picks the epoch)"
    )
    fit.add_argument("--data", type=Path, default=DATA)
    fit.add_argument("--out", type=Path, help="model folder (default: settings request_model_dir)")
    fit.add_argument("--epochs", type=int, default=TrainingArguments.epochs)
    run = commands.add_parser("parse", help="one message per line on stdin, its parse as JSON out")
    run.add_argument("--model", type=Path, help="model folder (default: settings request_model_dir)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    try:
        if args.command == "generate":
            train_count, val_count = write_sets(args.templates, args.out, seed=args.seed)
            print(f"wrote {train_count} training and {val_count} validation messages to {args.out}")
            return 0
        if args.command == "train":
            return _train(args, settings)
        return _parse(args, settings)
    except (TrainingDataError, FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _train(args: argparse.Namespace, settings: Settings) -> int:
    train_set = load_examples(args.data / "train.jsonl")
    val_set = load_examples(args.data / "val.jsonl")
    started = time.perf_counter()
    tagger = train(settings.e5_model_dir, train_set, val_set, TrainingArguments(epochs=args.epochs))
    out = args.out or settings.request_model_dir
    out.mkdir(parents=True, exist_ok=True)
    tagger.save_pretrained(out)
    scores = score_tagged(tagger, val_set)
    print(
        f"trained in {time.perf_counter() - started:.0f} s on {len(train_set)} messages: validation acts "
        f"macro-F1 {scores['acts_macro_f1']:.3f}, spans F1 {scores['spans_f1']:.3f}; saved to {out}"
    )
    return 0


def _parse(args: argparse.Namespace, settings: Settings) -> int:
    from agent.understand.parse import RequestParser

    parser = RequestParser.from_pretrained(args.model or settings.request_model_dir)
    for line in sys.stdin:
        if line.strip():
            request = parser.parse(line.strip())
            print(json.dumps(asdict(request), ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
