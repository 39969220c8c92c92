"""The lines code adds to any answer: a staff draft's header, or what the shop's data lacks."""

from __future__ import annotations

from agent.consult.closing_lines import with_closing_lines
from agent.consult.records import Record

_BUDS: Record = {"kind": "product", "id": "sku-9", "name": "Nimbus Buds Pro", "price": 199.0, "specs": ""}


def test_an_answer_about_a_policy_nobody_wrote_says_so_once() -> None:
    outcome = {"missing_topics": ["returns"]}
    once = with_closing_lines("The Nimbus Buds Pro is $199.00.", outcome, [_BUDS], "en")
    assert once.endswith(
        "I don't have information about returns in our policies; a colleague can confirm it for you."
    )
    assert with_closing_lines(once, outcome, [_BUDS], "en") == once


def test_a_spec_the_catalog_lacks_is_named_and_a_draft_gets_only_its_header() -> None:
    answer = with_closing_lines("它是 $199.00。", {"asked_specs": ["Weight"]}, [_BUDS], "zh")
    assert answer.startswith("它是 $199.00。\n\n") and "Nimbus Buds Pro" in answer.split("\n\n")[1]
    draft = with_closing_lines("Hi Ana,", {"draft": True, "asked_specs": ["Weight"]}, [_BUDS], "en")
    assert draft.startswith("**DRAFT for review") and "does not list" not in draft
    assert "Nimbus Buds Pro" in draft.split("Facts used")[1]
