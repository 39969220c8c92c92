"""The system prompt of a turn, assembled from prompt files, settings, state and facts.

Built for the engine's prompt cache: first the part that is the same on every turn of every
conversation (persona, rules and every stage's guidance: ``stable_prefix``, byte-identical for a
given shop), then what changes (the stage's name, profile, facts, the answer language). A prompt
cache (llama.cpp's, OpenAI's) then computes only the changing tail of each turn.
"""

from __future__ import annotations

from typing import Any

from agent.consult.profile import describe
from agent.consult.records import Record, facts_block
from agent.consult.state import Stage
from agent.llm.factory import answer_tokens
from agent.prompts import load_localized, load_prompt
from agent.settings import Settings

LANGUAGE_NAMES = {"en": "English", "zh": "Simplified Chinese (简体中文)"}


def stable_prefix(settings: Settings) -> str:
    """Persona, rules and what to do at each stage: depends on the shop's settings only, never on
    the turn. The guidance of every stage sits here, once computed by the cache, rather than
    the current stage's in the tail that each turn prefills (about 45 tokens, 0.4 s on 2 cores)."""
    persona = load_prompt("system", shop_name=settings.shop_name, tone=settings.tone)
    stages = "\n".join(
        f"- {_stage_name(stage)}: {' '.join(load_prompt(f'stage_{stage}').split())}" for stage in Stage
    )
    return f"{persona}\n\n{load_prompt('grounding')}\n\n{load_prompt('stages', stages=stages)}"


def _stage_name(stage: str) -> str:
    return stage.replace("_", " ")


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
            stage=_stage_name(stage),
            profile=describe(profile),
            language_name=language,
        )
    # Last, in the customer's language: small models follow the end of the prompt best.
    closing = load_localized("answer_language", outcome.get("language", "en"))
    return f"{stable_prefix(settings)}\n\n{task}\n\n{facts_block(facts)}\n\n{closing}"


def answer_limit(settings: Settings, facts: list[Record], calls_tools: bool) -> dict[str, int]:
    """The model settings of a turn's answer: on the fixed pipeline, a turn that found several
    products gets a short answer (the lead and a reason), because code lists the products after
    it anyway; a small model's own list is the slowest part of the turn (about 20 tokens/s with
    two conversations on 2 cores) and the part the checks most often replace."""
    products = sum(r["kind"] == "product" for r in facts)
    if calls_tools or products < 2:
        return {}
    return {"max_tokens": min(settings.llm_list_answer_tokens, answer_tokens(settings, calls_tools))}
