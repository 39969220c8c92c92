"""Measurements in an answer: only the records' own, in any unit of the same dimension."""

from __future__ import annotations

from agent.consult.measures import quantities, unbacked_measures
from agent.consult.records import Record

_KETTLE: Record = {
    "kind": "product",
    "id": "sku-77",
    "name": "Steel Kettle 1.5 L",
    "specs": "ItemWeight:2.2pounds|ProductDimensions:28x12x15inches|Power (W): 1800",
}


def test_quantities_read_units_in_both_languages_and_leave_plain_words_alone() -> None:
    said = quantities("It weighs 1.2 kg, has a 13.3-inch screen, 1,000 mAh and 重量250克，续航10小时。")
    assert [(q.value, q.dimension) for q in said] == [
        (1.2, "mass"), (13.3, "length"), (1000.0, "charge"), (250.0, "mass"), (10.0, "time"),
    ]  # fmt: skip
    assert quantities("We have 2 in stock, 5 months of warranty and 2 more colours.") == []


def test_a_figure_the_catalog_gives_passes_in_its_own_or_a_converted_unit() -> None:
    answer = "It holds 1.5 L, weighs 2.2 lbs (about 1 kg), is 15 inches (38 cm) tall and draws 1800 W."
    assert unbacked_measures(answer, [_KETTLE]) == []


def test_a_made_up_figure_is_named_even_in_chinese() -> None:
    found = unbacked_measures("This kettle weighs 500 g. 它的续航是8小时。", [_KETTLE])
    assert [v.kind for v in found] == ["spec", "spec"]
    assert "500 g" in found[0].detail and "8小时" in found[1].detail


def test_a_figure_with_another_unit_does_not_back_one_though_a_bare_figure_does() -> None:
    assert unbacked_measures("It boils 1800 ml at once.", [_KETTLE]) == []  # bare "1800" in "Power (W): 1800"
    assert [v.kind for v in unbacked_measures("It weighs 15 kg.", [_KETTLE])] == ["spec"]


def test_the_customers_own_limit_may_be_said_back() -> None:
    assert unbacked_measures("All of these are under 2 kg.", [_KETTLE], ["Anything under 2 kg?"]) == []
    assert unbacked_measures("All of these are under 2 kg.", [_KETTLE]) != []


def test_a_ticket_id_is_no_figure() -> None:
    # A handoff ticket relayed in an answer: "H-5DB8C1A2" read as 5 dB failed the answer.
    assert quantities("I have asked a colleague (request H-5DB8C1A2). Until then: ask me.") == []
    assert quantities("ANC up to 35 dB, 28x15in.") != []
