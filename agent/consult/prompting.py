"""The system prompt of a turn, assembled from prompt files, settings, state and facts.

Built for the engine's prompt cache: first the part that is the same on every turn of every
conversation (persona, rules and every stage's guidance: ``stable_prefix``, byte-identical for a
given shop and path), then what changes (the stage, the profile, the facts, the language).

A model on the fixed pipeline is shown the facts as references (``[[p1.price]] = $899.00``) and
writes the references; a model with tools is shown the values and writes them (its sentences are
bound to the records afterwards, ``agent.answer.checks``).
"""

from __future__ import annotations

from agent.answer.facts import TurnFacts
from agent.answer.render import render_reference
from agent.consult.conversation import Profile
from agent.consult.records import Record, facts_block
from agent.consult.state import Stage
from agent.llm.factory import answer_tokens
from agent.prompts import load_localized, load_prompt
from agent.settings import Settings

LANGUAGE_NAMES = {"en": "English", "zh": "Simplified Chinese (简体中文)"}


def stable_prefix(settings: Settings, references: bool) -> str:
    """Persona, rules and what to do at each stage: depends on the shop's settings and the path
    only, never on the turn."""
    persona = load_prompt("system", shop_name=settings.shop_name, tone=settings.tone)
    stages = "\n".join(
        f"- {_stage_name(stage)}: {' '.join(load_prompt(f'stage_{stage}').split())}" for stage in Stage
    )
    rules = load_prompt("grounding_references" if references else "grounding")
    return f"{persona}\n\n{rules}\n\n{load_prompt('stages', stages=stages)}"


def _stage_name(stage: str) -> str:
    return stage.replace("_", " ")


def system_prompt(
    settings: Settings,
    stage: str | None,
    profile: Profile,
    facts: TurnFacts,
    records: list[Record],
    references: bool,
    draft: str | None = None,
) -> str:
    language = facts.language
    language_name = LANGUAGE_NAMES.get(language, "English")
    if draft:  # a salesperson's draft: their words about the customer are in the conversation
        task = load_prompt(
            "draft", shop_name=settings.shop_name, draft_kind=draft, customer=profile.describe()
        )
        # The kind's own shape (a script's parts, an email's greeting, length and close).
        task += "\n" + load_localized("draft_" + draft.replace(" ", "_").replace("-", "_"), language).strip()
        task += f"\nWrite it in {language_name}."
    else:
        task = load_prompt(
            "task",
            stage=_stage_name(stage or Stage.GREETING.value),
            profile=profile.describe(),
            language_name=language_name,
        )
    if references:
        block = f"<facts>\n{facts.sheet(lambda ref: render_reference(ref, facts))}\n</facts>"
    else:
        block = facts_block(records)
    # Last, in the customer's language: small models follow the end of the prompt best.
    closing = load_localized("answer_language", language)
    return f"{stable_prefix(settings, references)}\n\n{task}\n\n{block}\n\n{closing}"


def answer_limit(
    settings: Settings, facts: TurnFacts, calls_tools: bool, draft: bool = False
) -> dict[str, int]:
    """The model settings of a turn's answer: a draft gets a draft's length; on the fixed pipeline,
    a turn that found several products gets a shorter answer (the lead and a reason for each);
    tool-calling models keep room for their calls."""
    if draft:
        return {"max_tokens": settings.llm_draft_tokens}
    if calls_tools or len(facts.products) < 2:
        return {}
    return {"max_tokens": min(settings.llm_list_answer_tokens, answer_tokens(settings, calls_tools))}
