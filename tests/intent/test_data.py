import json
import re
from pathlib import Path

import pytest

from agent.intent.data import LABELS, IntentDataError, load_examples, load_splits
from tests.conftest import ROOT

DATA = ROOT / "knowledge" / "intents"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "hi", "intent": "greeting"}', "unknown label 'greeting'"),
        ('{"text": "   ", "intent": "chitchat"}', "empty text"),
        ('{"text": "hi", "intent": "chitchat"', "malformed JSON"),
        ('["hi", "chitchat"]', 'expected an object with "text" and "intent"'),
    ],
)
def test_bad_lines_are_named_with_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text('{"text": "hello", "intent": "chitchat"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(IntentDataError, match=re.escape(f"{path}:3: {message}")):
        load_examples(path)


def test_project_data_covers_every_label_in_both_languages() -> None:
    examples = [e for split in load_splits(DATA).values() for e in split]
    for label in LABELS:
        texts = [e.text for e in examples if e.intent == label]
        chinese = [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)]
        assert len(texts) >= 60, label
        assert 20 <= len(chinese) <= len(texts) - 20, label


def test_no_near_duplicates_across_splits() -> None:
    def grams(text: str) -> set[str]:
        n = re.sub(r"[\W_]+", "", text.lower())
        return {n[i : i + 3] for i in range(max(1, len(n) - 2))}

    splits = {
        name: [grams(json.loads(line)["text"]) for line in (DATA / f"{name}.jsonl").open(encoding="utf-8")]
        for name in ("train", "val", "test")
    }
    for a, b in (("train", "val"), ("train", "test"), ("val", "test")):
        for x in splits[a]:
            for y in splits[b]:
                assert len(x & y) / len(x | y) < 0.6
