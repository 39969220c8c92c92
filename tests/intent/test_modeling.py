"""The small run (tests/intent/conftest.py) must have learned, and the package must round-trip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent.intent.data import LABELS, load_splits
from agent.intent.metrics import evaluate
from agent.intent.modeling import IntentClassifier
from tests.conftest import ROOT
from tests.intent.conftest import DATA, SMALL_LABELS


def test_a_small_run_clearly_beats_chance_on_held_out_data(small_model) -> None:  # type: ignore[no-untyped-def]
    classifier, _ = small_model
    test = [e for e in load_splits(DATA)["test"] if e.intent in SMALL_LABELS]
    predictions = classifier.predict([e.text for e in test])
    accuracy = sum(p.top_intent == e.intent for p, e in zip(predictions, test, strict=True)) / len(test)
    assert accuracy >= 0.7  # chance is 0.25 with four labels


def test_save_and_load_give_identical_predictions(small_model) -> None:  # type: ignore[no-untyped-def]
    classifier, folder = small_model
    loaded = IntentClassifier.from_pretrained(folder)
    texts = ["where is my parcel", "你们太差劲了", "write me a poem", "hello!"]
    assert loaded.labels == list(SMALL_LABELS)
    assert loaded.threshold == classifier.threshold
    assert [(p.intent, round(p.confidence, 5)) for p in loaded.predict(texts)] == [
        (p.intent, round(p.confidence, 5)) for p in classifier.predict(texts)
    ]
    config = json.loads((folder / "config.json").read_text())
    assert config["id2label"]["0"] == "chitchat" and "oos_threshold" in config


def test_low_confidence_maps_to_out_of_scope_or_uncertain(small_model) -> None:  # type: ignore[no-untyped-def]
    classifier, folder = small_model
    strict = IntentClassifier.from_pretrained(folder)
    strict.threshold = 1.01  # nothing is ever that confident
    prediction = strict.predict(["where is my parcel"])[0]
    assert prediction.intent == "out_of_scope" and prediction.top_intent == "shipping"
    assert strict.predict(["where is my parcel"], uncertain_label=True)[0].intent == "uncertain"


def test_the_tuned_threshold_keeps_the_best_validation_score_and_can_fire(small_model) -> None:  # type: ignore[no-untyped-def]
    classifier, folder = small_model
    val = [e for e in load_splits(DATA)["val"] if e.intent in SMALL_LABELS]
    probe = IntentClassifier.from_pretrained(folder)

    def validation_f1(threshold: float) -> float:
        probe.threshold = threshold
        predicted = [p.intent for p in probe.predict([e.text for e in val])]
        return evaluate([e.intent for e in val], predicted, probe.labels).macro_f1

    # 0 would tie on validation too, but a threshold of 0 never sends anything to out_of_scope
    assert classifier.threshold > 0
    assert validation_f1(classifier.threshold) >= validation_f1(0.0) - 1e-9


def test_predict_cli_reads_stdin_and_writes_json_lines(small_model) -> None:  # type: ignore[no-untyped-def]
    _, folder = small_model
    result = subprocess.run(
        [sys.executable, "-m", "agent.intent", "predict", "--model", str(folder)],
        input="where is my parcel\n\n运费多少\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["where is my parcel", "运费多少"]
    assert {r["intent"] for r in rows} == {"shipping"} and all(0 < r["confidence"] <= 1 for r in rows)


def test_eval_cli_prints_metrics_and_writes_png(small_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, folder = small_model
    data = tmp_path / "eval.jsonl"
    data.write_text(
        '{"text": "where is my parcel", "intent": "shipping"}\n{"text": "hi", "intent": "chitchat"}\n'
    )
    png = tmp_path / "cm.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "agent.intent",
            "eval",
            "--data",
            str(data),
            "--model",
            str(folder),
            "--png",
            str(png),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "macro-F1" in result.stdout and "confusion" in result.stdout
    assert png.read_bytes().startswith(b"\x89PNG")


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="python -m agent.intent train"):
        IntentClassifier.from_pretrained(tmp_path)
    assert len(LABELS) == 12


async def test_agent_tool_wraps_predict_sync_and_async(small_model) -> None:  # type: ignore[no-untyped-def]
    from agent.intent.tool import make_intent_tool

    classifier, _ = small_model
    tool = make_intent_tool(classifier)
    message = {"message": "how long does delivery to Canada take"}
    expected = classifier.predict([message["message"]])[0].intent
    assert tool.name == "classify_intent"
    assert tool.invoke(message)["intent"] == expected
    assert (await tool.ainvoke(message))["intent"] == expected


def test_a_message_gets_the_same_answer_alone_or_in_a_padded_batch(small_model) -> None:  # type: ignore[no-untyped-def]
    # concurrent conversations are classified together (agent/batching.py): padding must not count
    classifier, _ = small_model
    texts = ["hi", "my parcel has been stuck in customs for three weeks, where is it?", "太差劲了"]
    together = classifier.predict(texts)
    for text, batched in zip(texts, together, strict=True):
        alone = classifier.predict([text])[0]
        assert alone.intent == batched.intent and abs(alone.confidence - batched.confidence) < 1e-4


def test_the_saved_model_declares_its_pooling(small_model) -> None:  # type: ignore[no-untyped-def]
    _, folder = small_model
    config = json.loads((folder / "config.json").read_text())
    # plain transformers must refuse it rather than load it [CLS]-pooled and predict something else
    assert config["model_type"] == "mean-pooled-bert"
