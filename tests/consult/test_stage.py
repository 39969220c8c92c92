import pytest

from agent.consult.conversation import Profile
from agent.consult.stage import next_stage
from agent.consult.state import Stage


@pytest.mark.parametrize(
    ("current", "intent", "profile", "expected"),
    [
        (None, "chitchat", {}, Stage.GREETING),
        (None, "product_recommendation", {}, Stage.NEEDS_DISCOVERY),
        ("needs_discovery", "product_recommendation", {"need": "a laptop"}, Stage.RECOMMENDATION),
        ("recommendation", "objection", {}, Stage.OBJECTION_HANDLING),
        ("objection_handling", "purchase", {}, Stage.CLOSING),
        ("recommendation", "shipping", {}, Stage.CLOSING),
        ("greeting", "shipping", {}, Stage.NEEDS_DISCOVERY),
        ("closing", "complaint", {}, Stage.AFTER_SALES),
        ("after_sales", "shipping", {}, Stage.AFTER_SALES),
        ("recommendation", "out_of_scope", {}, Stage.RECOMMENDATION),
        ("closing", "human_handoff", {}, Stage.CLOSING),
        ("recommendation", "chitchat", {}, Stage.RECOMMENDATION),
    ],
)
def test_stage_follows_intent_and_state(current, intent, profile, expected) -> None:  # type: ignore[no-untyped-def]
    assert next_stage(current, intent, Profile(**profile)) == expected
