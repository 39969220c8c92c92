"""The system prompt of a turn, assembled from prompt files, settings, state and facts.

Built for the engine's prompt cache: first the part that is the same on every turn of every
conversation (persona and rules: ``stable_prefix``, byte-identical for a given shop), then what
changes (stage, profile, facts, the answer language). A prompt cache (llama.cpp's, OpenAI's)
then computes only the changing tail of each turn.
"""

from __future__ import annotations

from typing import Any

from agent.consult.profile import describe
from agent.consult.records import Record, facts_block
from agent.consult.state import Stage
from agent.prompts import load_localized, load_prompt
from agent.settings import Settings

LANGUAGE_NAMES = {"en": "English", "zh": "Simplified Chinese (简体中文)"}


def stable_prefix(settings: Settings) -> str:
    """Persona and rules: depends on the shop's settings only, never on the turn."""
    persona = load_prompt("system", shop_name=settings.shop_name, tone=settings.tone)
    return f"{persona}\n\n{load_prompt('grounding')}"


def system_prompt(settings: Settings, state: dict[str, Any], facts: list[Record]) -> str:
    outcome = state.get("outcome", {})
    stage = state.get("stage") or Stage.GREETING.value
    profile = state.get("profile", {})
    language = LANGUAGE_NAMES.get(outcome.get("language", "en"), "English")
    if outcome.get("draft"):
        task = load_prompt(
            "draft", shop_name=settings.shop_name, draft_kind=outcome["draft"], customer=describe(profile)
        )
        task += f"\nWrite it in {language}."
    else:
        task = load_prompt(
            "task",
            stage=stage.replace("_", " "),
            stage_guidance=load_prompt(f"stage_{stage}"),
            profile=describe(profile),
            language_name=language,
        )
    # Last, in the customer's language: small models follow the end of the prompt best.
    closing = load_localized("answer_language", outcome.get("language", "en"))
    return f"{stable_prefix(settings)}\n\n{task}\n\n{facts_block(facts)}\n\n{closing}"
