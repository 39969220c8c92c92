"""The system prompt is built for a prompt cache: a byte-identical head, then what changes; a model
on the fixed pipeline reads the facts as references beside their values."""

from __future__ import annotations

from agent.answer.facts import TurnFacts
from agent.consult.conversation import Profile
from agent.consult.prompting import answer_limit, stable_prefix, system_prompt
from agent.consult.records import Record
from agent.settings import Settings
from agent.understand.request import Bound, Budget

LAPTOP: Record = {"id": "LAP-001", "kind": "product", "name": "Voltix AirBook 13", "price": 899.0,
                  "currency": "USD", "stock": 4, "source": "products.csv", "specs": "RAM: 16 GB; Weight: 1.2 kg"}  # fmt: skip
SCOUT: Record = {**LAPTOP, "id": "LAP-004", "name": "Kestrel Scout 14", "price": 549.0}


def _prompt(
    settings: Settings,
    records: list[Record],
    language: str = "en",
    references: bool = True,
    **profile: object,
) -> str:
    facts = TurnFacts.from_records(records, language)
    return system_prompt(settings, "recommendation", Profile(**profile), facts, records, references)  # type: ignore[arg-type]


def test_every_turn_starts_with_the_same_bytes(settings: Settings) -> None:
    prompts = [
        _prompt(settings, []),
        _prompt(settings, [LAPTOP], budget=Budget(Bound.UNDER, 1000)),
        _prompt(settings, [LAPTOP, SCOUT], "zh"),
    ]
    head = stable_prefix(settings, references=True)
    assert all(p.startswith(head + "\n\n") for p in prompts) and len(set(prompts)) == 3
    for changing in ("1000", "LAP-001", "Voltix", "Simplified Chinese"):
        assert changing not in head
    assert "- objection handling: The customer has a doubt" in head and settings.shop_name in head


def test_the_pipeline_reads_references_beside_their_values_and_tools_read_values(settings: Settings) -> None:
    pipeline = _prompt(settings, [LAPTOP, SCOUT])
    assert "[[p1]] = Voltix AirBook 13" in pipeline and "[[p2.price]] = $549.00" in pipeline
    assert "[[p1.spec:Weight]] = 1.2 kg" in pipeline and "Write a fact only as its reference" in pipeline
    tools = _prompt(settings, [LAPTOP], references=False)
    assert "[[p1" not in tools and "Voltix AirBook 13" in tools and "$899.00" in tools


def test_the_facts_come_after_the_turn_and_the_language_last(settings: Settings) -> None:
    prompt = _prompt(settings, [LAPTOP], "zh")
    assert prompt.index("Conversation stage") < prompt.rindex("<facts>") < prompt.index("请只用简体中文")


def test_only_a_pipeline_turn_with_several_products_gets_the_short_answer(settings: Settings) -> None:
    two, one = TurnFacts.from_records([LAPTOP, SCOUT], "en"), TurnFacts.from_records([LAPTOP], "en")
    assert answer_limit(settings, two, calls_tools=False) == {"max_tokens": settings.llm_list_answer_tokens}
    assert answer_limit(settings, one, calls_tools=False) == {}
    assert answer_limit(settings, two, calls_tools=True) == {}
