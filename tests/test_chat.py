"""``python -m agent.chat --script``: one conversation played from a file, a JSON transcript out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_script_prints_one_transcript_entry_per_message(sample_index: Path, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "consultation.txt"
    script.write_text(
        "Hello!\nI need noise cancelling headphones under $200\n\n运费多少钱？\n", encoding="utf-8"
    )
    env = os.environ | {
        "SALES_INDEX_DIR": str(sample_index),
        "SALES_MODEL_CACHE_DIR": str(settings.model_cache_dir),
        "SALES_CONVERSATIONS_DB": str(tmp_path / "c.sqlite"),
        "SALES_SALES_DB": str(tmp_path / "s.sqlite"),
    }
    run = subprocess.run(
        [sys.executable, "-m", "agent.chat", "--llm", "fake", "--script", str(script)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    turns = json.loads(run.stdout)
    assert [t["message"] for t in turns] == [
        "Hello!",
        "I need noise cancelling headphones under $200",
        "运费多少钱？",
    ]
    keys = {"message", "answer", "acts", "intent", "stage", "citations", "ending", "violations", "latency_ms"}
    assert all(set(t) == keys for t in turns)
    assert turns[1]["acts"] == ["browse"] and turns[1]["stage"] == "recommendation"
    assert any(c.startswith("AUD-") for c in turns[1]["citations"]) and turns[1]["violations"] == []
    assert turns[2]["intent"] == "shipping" and any(".md#" in c for c in turns[2]["citations"])
