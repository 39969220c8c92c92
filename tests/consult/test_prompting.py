"""The system prompt is built for a prompt cache: a byte-identical head, then what changes."""

from __future__ import annotations

from agent.consult.prompting import answer_limit, stable_prefix, system_prompt
from agent.consult.records import Record
from agent.settings import Settings

LAPTOP: Record = {"id": "LAP-001", "kind": "product", "name": "Voltix AirBook 13", "price": 899.0,
                  "currency": "USD", "stock": 4, "source": "products.csv"}  # fmt: skip


def test_every_turn_of_every_conversation_starts_with_the_same_bytes(settings: Settings) -> None:
    turns = [
        ({"stage": "greeting", "outcome": {"language": "en"}}, []),
        (
            {
                "stage": "recommendation",
                "profile": {"budget_max": 1000, "category": "Laptops"},
                "outcome": {"language": "en"},
            },
            [LAPTOP],
        ),  # fmt: skip
        ({"stage": "closing", "profile": {"name": "Li"}, "outcome": {"language": "zh"}}, [LAPTOP]),
        ({"stage": "recommendation", "outcome": {"language": "en", "draft": "follow-up email"}}, [LAPTOP]),
    ]
    prompts = [system_prompt(settings, state, facts) for state, facts in turns]
    head = stable_prefix(settings)
    assert all(p.startswith(head + "\n\n") for p in prompts)
    assert len(set(prompts)) == len(prompts)  # the tails differ
    # Nothing that changes per turn sits in the head: stage, profile, facts, language.
    for changing in ("Conversation stage", "1000", "LAP-001", "<facts>\n", "Simplified Chinese", "Li"):
        assert changing not in head.replace("<facts> and </facts>", "")
    assert "Rules you must follow" in head and settings.shop_name in head
    # Every stage's guidance is in the head; a turn names its stage.
    assert "- objection handling: The customer has a doubt" in head
    assert "Conversation stage: closing." in prompts[2]


def test_the_facts_come_after_the_turn_and_the_language_last(settings: Settings) -> None:
    prompt = system_prompt(settings, {"stage": "recommendation", "outcome": {"language": "zh"}}, [LAPTOP])
    assert prompt.index("Conversation stage") < prompt.rindex("<facts>") < prompt.index("请只用简体中文")


def test_only_a_pipeline_turn_with_several_products_gets_the_short_answer(settings: Settings) -> None:
    second: Record = {**LAPTOP, "id": "LAP-004", "name": "Kestrel Scout 14"}
    policy: Record = {"id": "faq.md#1", "kind": "faq", "title": "Returns", "text": "30 days."}
    short = {"max_tokens": settings.llm_list_answer_tokens}
    assert answer_limit(settings, [LAPTOP, second], calls_tools=False) == short
    assert answer_limit(settings, [LAPTOP, policy], calls_tools=False) == {}  # one product: its details
    assert answer_limit(settings, [LAPTOP, second], calls_tools=True) == {}  # tool callers need room
    # A shorter answer length for every turn wins over the list budget.
    tight = settings.model_copy(update={"llm_max_new_tokens": 32})
    assert answer_limit(tight, [LAPTOP, second], calls_tools=False) == {"max_tokens": 32}
