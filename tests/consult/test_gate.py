"""The stream gate: a reader sees a sentence only once it is rendered and checked; a sentence that
does not hold is never shown, the ones after it still are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from agent.consult.gate import StreamGate, whole_sentences


class Reader:
    def __init__(self) -> None:
        self.seen: list[str] = []

    async def __call__(self, text: str) -> None:
        self.seen.append(text)


@dataclass
class Kept:
    model_text: str


def _gate(compose: Callable[[str], Kept] = Kept) -> tuple[Reader, StreamGate]:
    """A gate armed with ``compose`` (by default: every sentence holds), and its reader."""
    reader = Reader()
    gate = StreamGate(reader)
    gate.arm(compose)
    return reader, gate


def _without_dollar_one(text: str) -> Kept:
    """A stand-in for the composition: every sentence but the one claiming $1.00."""
    kept = [s for s in text.replace(". ", ".\n").splitlines() if "$1.00" not in s]
    return Kept(" ".join(kept))


async def test_checked_sentences_go_out_and_a_price_is_not_cut_at_its_decimal_point() -> None:
    reader, gate = _gate()
    for token in ["The AirBook", " is $1,299", ".00", " today.", " It weighs", " 1.2 kg"]:
        await gate.add(token)
    assert "".join(reader.seen) == "The AirBook is $1,299.00 today."  # the unfinished sentence waits
    await gate.finish("The AirBook is $1,299.00 today. It weighs 1.2 kg.")
    assert "".join(reader.seen) == "The AirBook is $1,299.00 today. It weighs 1.2 kg."


async def test_a_sentence_that_does_not_hold_is_skipped_and_the_next_still_streams() -> None:
    reader, gate = _gate(_without_dollar_one)
    for token in ["It is light.", " Today it is $1.00.", " It is in stock.", " "]:
        await gate.add(token)
    assert "".join(reader.seen) == "It is light. It is in stock."


async def test_a_replaced_answer_is_not_appended_to_what_streamed() -> None:
    reader, gate = _gate()
    await gate.add("Bonjour, voici. ")
    await gate.finish("From our catalog:\n- Voltix AirBook 13")
    assert "".join(reader.seen) == "Bonjour, voici."  # the caller shows the final answer whole


async def test_a_chinese_answer_goes_out_at_its_full_stops() -> None:
    reader, gate = _gate()
    for token in ["这款", "绿茶", "售价", "₹130。", "要", "吗"]:
        await gate.add(token)
    assert "".join(reader.seen) == "这款绿茶售价₹130。"


def test_a_cut_answer_ends_at_its_last_whole_sentence() -> None:
    assert whole_sentences("The AirBook is light. It has a 15 h batt") == "The AirBook is light."
    assert whole_sentences("1. The AirBook") == "1. The AirBook"
