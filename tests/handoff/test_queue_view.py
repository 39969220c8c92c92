"""What a salesperson sees of a waiting customer: reason, profile, products seen, the conversation;
markup a customer typed stays text in the staff UI."""

from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.messages import AIMessage, HumanMessage

from agent.handoff.queue_view import queue_entry
from agent.storage.desk import LiveHandoff

LIVE = LiveHandoff(
    1, "H-1234ABCD", "thread-1", "en", "repeated complaint", "2026-12-02T09:15:00.000000+00:00", "waiting"
)
AIRBOOK = Document(
    "Voltix AirBook 13",
    metadata={"id": "LAP-001", "kind": "product", "source": "laptops.csv", "name": "Voltix AirBook 13"},
)


def test_the_entry_has_who_when_why_profile_products_and_the_conversation() -> None:
    state = {
        "profile": {
            "need": "a laptop",
            "budget": {"bound": "under", "amount": 900.0, "high": None, "currency": None},
            "contact": {"email": "kim@example.com"},
        },
        "seen": ["LAP-001", "FAQ-9"],
        "messages": [
            HumanMessage("My order is late"),
            AIMessage("Sorry to hear that."),
            HumanMessage("Still late!"),
        ],
    }
    entry = queue_entry(LIVE, state, {"LAP-001": AIRBOOK})
    assert "ticket H\\-1234ABCD" not in entry and "ticket H-1234ABCD" in entry
    assert "requested: 2026-12-02 09:15:00 UTC" in entry and "reason: repeated complaint" in entry
    assert "budget under 900" in entry and "contact: kim@example.com" in entry
    assert "products seen: Voltix AirBook 13 [LAP-001]" in entry
    assert entry.index("Customer: My order is late") < entry.index("Assistant: Sorry to hear that\\.")


def test_markup_from_the_customer_is_escaped() -> None:
    state = {"messages": [HumanMessage("![pixel](http://evil.example/t.png) [click](javascript:alert(1))")]}
    entry = queue_entry(LIVE, state, {})
    assert "![pixel](" not in entry and "[click](" not in entry
    assert r"\!\[pixel\]\(http://evil\.example/t\.png\)" in entry
    assert "products seen: none" in entry
