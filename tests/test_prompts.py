"""Prompts are edited in the top-level ``prompts/`` folder and ship inside the package as
``agent.prompt_files``: an installed agent reads nothing outside itself."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from agent.prompts import load_localized, load_prompt
from tests.conftest import ROOT


def test_every_prompt_file_is_a_resource_of_the_package() -> None:
    shipped = {entry.name for entry in files("agent.prompt_files").iterdir() if entry.name.endswith(".txt")}
    assert shipped == {path.name for path in (ROOT / "prompts").glob("*.txt")}


def test_the_wheel_maps_the_prompts_folder_into_the_package_with_every_subpackage() -> None:
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert tool["package-dir"] == {"agent.prompt_files": "prompts"}
    assert "*.txt" in tool["package-data"]["agent.prompt_files"]
    # The list is explicit (a mapped folder cannot be found): a new subpackage must be added to it.
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "agent").rglob("__init__.py")
    }
    assert set(tool["packages"]) == on_disk | {"agent.prompt_files"}


def test_prompts_load_by_name_from_anywhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    text = load_prompt("reply_greeting.en", shop_name="Test Shop")
    assert "Test Shop" in text
    assert load_localized("reply_greeting", "xx", shop_name="S") == load_prompt(
        "reply_greeting.en", shop_name="S"
    )
    with pytest.raises(FileNotFoundError, match="no prompt named 'nope'"):
        load_prompt("nope")
