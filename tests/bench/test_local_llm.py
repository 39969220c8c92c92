"""The recorded prompts of ``bench/local_llm.py`` are the ones the agent sends today: a prompt change
that is not re-recorded (``--record``) would stop the bench at its first prompt."""

from __future__ import annotations

import json

from agent.consult.prompting import stable_prefix
from agent.settings import Settings
from tests.conftest import ROOT


def test_recorded_prompts_start_with_todays_cached_head() -> None:
    recorded = json.loads((ROOT / "bench" / "data" / "local_llm_prompts.json").read_text())
    head = stable_prefix(Settings(_env_file=None), references=True)  # type: ignore[call-arg]
    systems = [prompt[0]["data"]["content"] for prompt in recorded]
    assert len(systems) == 4
    assert all(system.startswith(head) for system in systems), "re-record: bench/local_llm.py --record"
