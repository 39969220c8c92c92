"""Prompts are text files in ``prompts/``, loaded by name; ``$name`` placeholders are filled in.

The folder ships inside the package as ``agent.prompt_files`` (pyproject.toml maps it), so an
installed agent reads its own copy, never a path beside the code.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template


@cache
def _read(name: str) -> str:
    resource = files("agent.prompt_files").joinpath(f"{name}.txt")
    if not resource.is_file():
        raise FileNotFoundError(f"no prompt named {name!r} ({resource})")
    return resource.read_text(encoding="utf-8").strip()


def prompt_template(name: str) -> str:
    """The prompt file as written, placeholders and all."""
    return _read(name)


def load_prompt(name: str, **values: object) -> str:
    """The prompt ``prompts/<name>.txt`` with ``$placeholders`` substituted (all must be given)."""
    return Template(_read(name)).substitute({k: str(v) for k, v in values.items()})


def load_localized(name: str, language: str, **values: object) -> str:
    """``<name>.<language>.txt``, falling back to English."""
    try:
        return load_prompt(f"{name}.{language}", **values)
    except FileNotFoundError:
        return load_prompt(f"{name}.en", **values)
