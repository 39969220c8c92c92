"""Which policy topics a message asks about: a comparison is no discount question."""

from __future__ import annotations

import pytest

from agent.consult.requests import policy_topics


@pytest.mark.parametrize(
    ("message", "topics"),
    [
        ("哪个更便宜？", []),  # compares two products; no discount is asked for
        ("Which one is cheaper?", []),
        ("What do you offer for students?", []),
        ("能便宜一点吗？打个八折吧", ["discount"]),
        ("Any offers on this one?", ["discount"]),
        ("有优惠吗？包邮吗？", ["shipping", "discount"]),
        ("How much is it, and does it ship for free?", ["shipping"]),
    ],
)
def test_the_topics_a_message_asks_about(message: str, topics: list[str]) -> None:
    assert policy_topics(message) == topics
