"""The embedded models: joined from their wheels, checked, and a missing one says how to get it."""

from __future__ import annotations

import pytest

from agent.llm.embedded import EMBEDDED_MODELS, SplitGguf, ensure_embedded_gguf, part_paths
from agent.llm.factory import engine_config
from agent.settings import Settings


def test_the_default_is_the_verified_0_5b_and_an_unknown_size_names_the_choices(settings: Settings) -> None:
    config = engine_config("embedded", "", settings)
    assert config.gguf.name == EMBEDDED_MODELS["0.5b"].file_name and config.gguf.is_file()
    with pytest.raises(ValueError, match="0.5b, 1.5b"):
        ensure_embedded_gguf(settings.model_cache_dir, "7b")


def test_a_model_whose_wheels_are_missing_names_the_command_that_installs_them() -> None:
    absent = SplitGguf(("no_such_model_part1",), "0" * 64, "x", "x.gguf", "make model-1.5b")
    with pytest.raises(FileNotFoundError, match=r"no_such_model_part1 is not installed \(make model-1.5b\)"):
        part_paths(absent)
