"""The system prompt of a turn, assembled from prompt files, settings, state and facts."""

from __future__ import annotations

from typing import Any

from agent.consult.profile import describe
from agent.consult.records import Record, facts_block
from agent.consult.state import Stage
from agent.prompts import load_localized, load_prompt
from agent.settings import Settings

LANGUAGE_NAMES = {"en": "English", "zh": "Simplified Chinese (简体中文)"}


def system_prompt(settings: Settings, state: dict[str, Any], facts: list[Record]) -> str:
    turn = state.get("turn", {})
    stage = state.get("stage") or Stage.GREETING.value
    profile = state.get("profile", {})
    language = LANGUAGE_NAMES.get(turn.get("language", "en"), "English")
    if turn.get("draft"):
        head = load_prompt(
            "draft", shop_name=settings.shop_name, draft_kind=turn["draft"], customer=describe(profile)
        )
        head += f"\nWrite it in {language}."
    else:
        head = load_prompt(
            "system",
            shop_name=settings.shop_name,
            tone=settings.tone,
            stage=stage.replace("_", " "),
            stage_guidance=load_prompt(f"stage_{stage}"),
            profile=describe(profile),
            language_name=language,
        )
    # Last, in the customer's language: small models follow the end of the prompt best.
    closing = load_localized("answer_language", turn.get("language", "en"))
    return f"{head}\n\n{load_prompt('grounding')}\n\n{facts_block(facts)}\n\n{closing}"
