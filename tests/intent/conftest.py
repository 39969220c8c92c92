"""The small intent model that the intent tests share: trained once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.e5.rebuild import ensure_e5_model
from agent.intent.data import load_splits
from agent.intent.modeling import IntentClassifier
from agent.intent.trainer import TrainingArguments, train
from tests.conftest import ROOT

DATA = ROOT / "knowledge" / "intents"
SMALL_LABELS = ("chitchat", "shipping", "complaint", "out_of_scope")


@pytest.fixture(scope="session")
def small_model(settings, tmp_path_factory) -> tuple[IntentClassifier, Path]:  # type: ignore[no-untyped-def]
    splits = load_splits(DATA)
    keep = [e for e in splits["train"] if e.intent in SMALL_LABELS]
    val = [e for e in splits["val"] if e.intent in SMALL_LABELS]
    args = TrainingArguments(epochs=3, patience=3, progress=False)
    classifier = train(ensure_e5_model(settings.model_cache_dir), keep, val, args, labels=SMALL_LABELS)
    folder = tmp_path_factory.mktemp("intent")
    classifier.save_pretrained(folder, card="# test model\n")
    return classifier, folder
