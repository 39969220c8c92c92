"""Whether a customer's word is one the catalog uses: plurals and typos count, near words do not."""

from __future__ import annotations

import pytest

from agent.retrieval.keyword import KeywordIndex

INDEX = KeywordIndex(["Voltix Headphones Pro", "Power bank 20000 mAh", "Laptop sleeve", "Gift bag"])


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("headphones", True),
        ("laptops", True),  # the plural of a word the catalog uses
        ("bags", True),
        ("hedphones", True),  # one letter left out
        ("headphnoes", True),  # two swapped
        ("mower", False),  # one letter from "power", another thing
        ("lawn", False),
        ("bicycles", False),
    ],
)
def test_a_word_is_known_by_its_forms_and_spellings(word: str, known: bool) -> None:
    assert INDEX.has_like(word) is known
