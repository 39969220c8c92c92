"""Earlier answers as a small model sees them: its own words, nothing code wrote."""

from __future__ import annotations

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage

from agent.consult.messages import as_small_model_sees, model_words, stored_answer

LISTING = "From our catalog:\n- **Green Coffee** (Jayanthi Coffee) — ₹200.00 [2039]"


def test_the_model_words_of_an_answer_depend_on_who_wrote_it() -> None:
    said = "Yes, I have coffee."
    assert model_words(said, said, None) == said
    assert model_words(f"{said}\n\n{LISTING}", said, "completed") == said
    assert model_words(LISTING, "No coffee here.", "completed") == ""  # the listing replaced it
    assert model_words(LISTING, "The coffee is ₹1.00!", "records") == ""


def test_a_small_model_sees_only_what_it_wrote_before() -> None:
    messages: list[AnyMessage] = [
        HumanMessage("Do you have coffee?"),
        stored_answer(f"Yes, I have coffee.\n\n{LISTING}", "Yes, I have coffee."),
        HumanMessage("Cheaper ones?"),
        stored_answer(LISTING, ""),  # written in code
        HumanMessage("The second one?"),
    ]
    seen = as_small_model_sees(messages)
    assert [m.text for m in seen] == [
        "Do you have coffee?",
        "Yes, I have coffee.",
        "Cheaper ones?",
        "",
        "The second one?",
    ]
    assert messages[1].text.endswith("[2039]")  # what was stored (and shown) is unchanged


def test_answers_stored_before_the_model_words_were_kept_are_seen_whole() -> None:
    old = AIMessage(content=LISTING)
    assert as_small_model_sees([old]) == [old]
