"""Which of the catalog's own spec keys a message asks about, in English and Chinese."""

from __future__ import annotations

import pytest

from agent.consult.asked_specs import asked_specs, missing_spec_line, states_value
from agent.consult.records import Record
from agent.ingestion.cleaning import spec_pairs

HEADPHONES: Record = {
    "id": "h-77", "kind": "product", "name": "Quiet 700",
    "specs": "Type: over-ear; ANC: adaptive; Battery: 30 h; Weight: 250 g; Product Dimensions: 18 x 16 x 8 cm",
}  # fmt: skip
TEE: Record = {
    "id": "tee-1",
    "kind": "product",
    "name": "Tee",
    "specs": "Size: M; Color: Navy; Fit Type: slim",
}


@pytest.mark.parametrize(
    ("message", "record", "keys"),
    [
        ("How heavy is it?", HEADPHONES, ["Weight"]),
        ("How much does it weigh?", HEADPHONES, ["Weight"]),
        (
            "它有多重？",
            HEADPHONES,
            ["Weight"],
        ),  # CC-CEDICT reads 多重 as "multiple": the measure word decides
        ("电池能用多久？", HEADPHONES, ["Battery"]),
        ("第二个续航多久？", HEADPHONES, ["Battery"]),  # the dictionary explains 续航, names no key
        ("What's the battery life and does it have ANC?", HEADPHONES, ["ANC", "Battery"]),
        ("How big is it?", HEADPHONES, ["Product Dimensions"]),
        ("What sizes and colors do you have?", TEE, ["Color", "Size"]),
        ("How much is it?", HEADPHONES, []),  # a price question asks for no spec
        ("I need light headphones for travel", HEADPHONES, []),  # a need, not "how light"
        ("What type of fit is it?", TEE, ["Fit Type"]),  # "type" alone asks for nothing: every key is one
        ("Which type do you recommend?", TEE, []),
    ],
)
def test_a_question_asks_for_the_catalogs_own_keys(message: str, record: Record, keys: list[str]) -> None:
    assert asked_specs(message, [key for key, _ in spec_pairs(record["specs"])]) == keys


def test_specs_are_read_as_ingestion_stores_them() -> None:
    assert spec_pairs('RAM: 16 GB; Screen: 13.3" 2560x1600; junk; Empty: ') == [
        ("RAM", "16 GB"),
        ("Screen", '13.3" 2560x1600'),
    ]


@pytest.mark.parametrize(
    ("answer", "states"),
    [
        ("The Quiet 700 weighs 250 g.", True),
        ("Quiet 700 重 250克。", True),
        ("The Quiet 700 is $349.00, in stock.", False),
    ],
)
def test_a_value_is_stated_as_written_or_by_its_figures(answer: str, states: bool) -> None:
    assert states_value("250 g", answer) is states


def test_a_spec_the_products_do_not_list_is_said_to_be_missing_in_the_customers_language() -> None:
    buds: Record = {"id": "b-2", "kind": "product", "name": "Buds Pro", "specs": "Battery: 8 h"}
    line = missing_spec_line(["Weight"], [buds], "en")
    assert line is not None and "weight" in line and "Buds Pro" in line
    assert "Buds Pro" in (missing_spec_line(["Weight"], [buds], "zh") or "") and "商品目录" in (
        missing_spec_line(["Weight"], [buds], "zh") or ""
    )
    assert missing_spec_line(["Weight"], [buds, HEADPHONES], "en") is None  # one of them lists it


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("How heavy is it?", ["Weight"]),
        ("它多重？", ["Weight"]),
        ("How big is the pack?", ["Dimensions", "Size"]),
        ("How long does delivery take?", []),  # time, not a length
        ("How much is it?", []),
    ],
)
def test_a_measurement_the_catalog_has_no_key_for_is_still_asked_for(message: str, asked: list[str]) -> None:
    # A grocery export has no spec columns: "how heavy?" must still be answered "not listed".
    assert asked_specs(message, []) == asked


def test_a_generic_measurement_is_named_in_chinese_for_a_chinese_customer() -> None:
    tea: Record = {"id": "t-1", "kind": "product", "name": "100% Green Tea", "specs": None}
    assert "「重量」" in (missing_spec_line(["Weight"], [tea], "zh") or "")
