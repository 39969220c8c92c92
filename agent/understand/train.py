"""Fine-tune the joint request model on the CPU: acts and span tags together, the best epoch by
validation score kept."""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from pathlib import Path

import torch
from tqdm import tqdm

from agent.understand.labels import ACTS
from agent.understand.metrics import score_tagged
from agent.understand.tagger import RequestTagger


@dataclass(frozen=True)
class TrainingExample:
    text: str
    acts: tuple[str, ...]
    spans: tuple[tuple[int, int, str], ...]
    tagged: bool = True


@dataclass
class TrainingArguments:
    epochs: int = 3
    batch_size: int = 32
    learning_rate: float = 8e-5
    head_learning_rate: float = 1e-3
    weight_decay: float = 0.01
    seed: int = 42
    # The 250k x 384 word-embedding matrix is most of the model; frozen, training is ~3x faster
    # and rare tokens keep the embeddings retrieval shares.
    freeze_word_embeddings: bool = True
    progress: bool = True


class TrainingDataError(ValueError):
    """A training file is unusable; the message names the file and line."""


def load_examples(path: Path) -> list[TrainingExample]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, acts = row["text"], tuple(row["acts"])
            spans = tuple((int(s), int(e), str(label)) for s, e, label in row.get("spans", []))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise TrainingDataError(f"{path}:{number}: {error}") from None
        if unknown := [a for a in acts if a not in ACTS]:
            raise TrainingDataError(f"{path}:{number}: unknown acts {unknown}")
        if any(not 0 <= s < e <= len(text) for s, e, _ in spans):
            raise TrainingDataError(f"{path}:{number}: a span lies outside the text")
        examples.append(TrainingExample(text, acts, spans, bool(row.get("tagged", True))))
    if not examples:
        raise TrainingDataError(f"{path}: no examples")
    return examples


def train(
    backbone: Path, train_set: list[TrainingExample], val_set: list[TrainingExample], args: TrainingArguments
) -> RequestTagger:
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    tagger = RequestTagger.from_backbone(backbone)
    model = tagger.model
    _linear_probe(tagger, train_set, random.Random(args.seed))
    if args.freeze_word_embeddings:
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    heads = [p for n, p in model.named_parameters() if n.startswith(("act_head", "tag_head"))]
    body = [
        p
        for n, p in model.named_parameters()
        if p.requires_grad and not n.startswith(("act_head", "tag_head"))
    ]
    optimizer = torch.optim.AdamW(
        [{"params": body, "lr": args.learning_rate}, {"params": heads, "lr": args.head_learning_rate}],
        weight_decay=args.weight_decay,
    )
    steps = args.epochs * ((len(train_set) + args.batch_size - 1) // args.batch_size)
    warmup = max(1, steps // 20)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, 1 - s / max(1, steps))
    )
    rng = random.Random(args.seed)
    best, best_state = -1.0, None
    for epoch in range(1, args.epochs + 1):
        model.train()
        batches = _length_pooled(train_set, args.batch_size, rng)
        bar = tqdm(batches, desc=f"epoch {epoch}/{args.epochs}", disable=not args.progress)
        for batch in bar:
            loss = _loss(tagger, batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            bar.set_postfix(loss=f"{loss.item():.3f}")
        scores = score_tagged(tagger, val_set)
        score = (scores["acts_macro_f1"] + scores["spans_f1"]) / 2
        if args.progress:
            print(
                f"epoch {epoch}: validation acts macro-F1 {scores['acts_macro_f1']:.3f}, spans F1 {scores['spans_f1']:.3f}"
            )
        if score > best:
            best, best_state = score, copy.deepcopy(model.state_dict())
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    return tagger


@torch.no_grad()
def _linear_probe(
    tagger: RequestTagger, examples: list[TrainingExample], rng: random.Random, size: int = 2500
) -> None:
    """Start the act head as one logistic regression per act on the untrained encoder's mean
    vectors: a random head on e5's vectors (which differ little between sentences) learned only
    the acts' base rates in a first epoch (validation macro-F1 0.08)."""
    from sklearn.linear_model import LogisticRegression

    from agent.understand.joint import mean_pool

    sample = rng.sample(examples, min(size, len(examples)))
    model = tagger.model.eval()
    vectors = []
    for i in range(0, len(sample), 64):
        inputs, _ = tagger.encode([e.text for e in sample[i : i + 64]])
        states = model.bert(
            input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]
        ).last_hidden_state
        vectors.append(mean_pool(states, inputs["attention_mask"]))
    features = torch.cat(vectors).numpy()
    for row, act in enumerate(tagger.acts):
        target = [act in e.acts for e in sample]
        if 0 < sum(target) < len(target):
            probe = LogisticRegression(max_iter=2000, C=10.0).fit(features, target)
            model.act_head.weight[row] = torch.tensor(probe.coef_[0], dtype=torch.float32)
            model.act_head.bias[row] = float(probe.intercept_[0])


def _loss(tagger: RequestTagger, batch: list[TrainingExample]) -> torch.Tensor:
    inputs, offsets = tagger.encode([e.text for e in batch])
    acts = torch.tensor([[float(a in e.acts) for a in tagger.acts] for e in batch])
    rows = []
    width = inputs["input_ids"].shape[1]
    for example, where in zip(batch, offsets, strict=True):
        ids = tagger.tag_ids(example.text, where, example.spans) if example.tagged else [-100] * len(where)
        rows.append(ids + [-100] * (width - len(ids)))
    result = tagger.model(**inputs, act_labels=acts, tag_labels=torch.tensor(rows))
    assert result.loss is not None
    return result.loss


def _length_pooled(
    examples: list[TrainingExample], size: int, rng: random.Random
) -> list[list[TrainingExample]]:
    """Batches of similar length (less padding), in random order."""
    shuffled = examples[:]
    rng.shuffle(shuffled)
    pool = size * 50
    batches = []
    for i in range(0, len(shuffled), pool):
        chunk = sorted(shuffled[i : i + pool], key=lambda e: len(e.text))
        batches += [chunk[j : j + size] for j in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches
