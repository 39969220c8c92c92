"""The stream gate: a reader sees a sentence only after the text so far passed the check."""

from __future__ import annotations

import pytest

from agent.consult.gate import StreamGate, whole_sentences


class Reader:
    def __init__(self) -> None:
        self.seen: list[str] = []

    async def __call__(self, text: str) -> None:
        self.seen.append(text)


async def test_checked_sentences_go_out_and_a_price_is_not_cut_at_its_decimal_point() -> None:
    reader, checked = Reader(), Reader()
    gate = StreamGate(reader)

    def check(text: str) -> bool:
        checked.seen.append(text)
        return True

    gate.arm(check)
    for token in ["The AirBook", " is $1,299", ".00", " today.", " It weighs", " 1.2 kg"]:
        await gate.add(token)
    assert "".join(reader.seen) == "The AirBook is $1,299.00 today."  # the unfinished sentence waits
    assert checked.seen == ["The AirBook is $1,299.00 today."]
    await gate.finish("The AirBook is $1,299.00 today. It weighs 1.2 kg.")
    assert "".join(reader.seen) == "The AirBook is $1,299.00 today. It weighs 1.2 kg."


async def test_a_chinese_answer_goes_out_at_its_full_stops() -> None:
    reader = Reader()
    gate = StreamGate(reader)
    gate.arm(lambda text: True)
    for token in ["这款", "绿茶", "售价", "₹130。", "要", "吗"]:
        await gate.add(token)
    assert reader.seen == ["这款绿茶售价₹130。"]


async def test_after_a_failing_sentence_nothing_more_streams_and_a_replaced_answer_is_not_appended() -> None:
    reader = Reader()
    gate = StreamGate(reader)
    gate.arm(lambda text: "free" not in text)
    for token in ["Green Tea is ₹130.", " Delivery is free", " for you.", " Order now!"]:
        await gate.add(token)
    assert reader.seen == ["Green Tea is ₹130."]
    await gate.finish("From our catalog:\n- Green Tea — ₹130.00")
    assert reader.seen == ["Green Tea is ₹130."]  # the caller shows the checked answer whole


async def test_a_closed_gate_passes_nothing_and_an_unarmed_one_passes_nothing_unchecked() -> None:
    reader = Reader()
    unarmed = StreamGate(reader)
    await unarmed.add("Hello there. ")
    closed = StreamGate(reader)
    closed.arm(lambda text: True)
    closed.close()
    await closed.add("Hello there. ")
    assert reader.seen == []


@pytest.mark.parametrize(
    ("cut", "whole"),
    [
        ("The AirBook is $899.00. It has a 15 h batt", "The AirBook is $899.00."),
        ("这款绿茶售价₹130。很适合早", "这款绿茶售价₹130。"),
        ("Here are three:\n\n1. Dell Inspiron 1", "Here are three:"),
        ("No sentence has ended yet", "No sentence has ended yet"),
        ("It is in stock.", "It is in stock."),
        ("Nimbus Buds Pro, $199.\n- Nimbus Quiet 700: Codec: LDAC; Weight:", "Nimbus Buds Pro, $199."),
    ],
)
def test_an_answer_cut_at_the_token_limit_ends_at_its_last_whole_sentence(cut: str, whole: str) -> None:
    assert whole_sentences(cut) == whole


async def test_a_doomed_prefix_stops_the_stream_and_keeps_the_text_so_far() -> None:
    reader = Reader()
    gate = StreamGate(reader)
    # A copy of the last answer passes every grounding rule and is still replaced at the end.
    gate.arm(lambda text: True, doomed=lambda text: text.count("Green Tea") > 1)
    for token in ["Green Tea is ₹130.", " Green Tea is ₹130.", " And more"]:
        await gate.add(token)
    assert reader.seen == ["Green Tea is ₹130."] and gate.stopped.is_set()
    assert gate.stop_text == "Green Tea is ₹130. Green Tea is ₹130."
