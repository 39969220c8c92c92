"""The parser's training data: generated from the templates, every span inside its message and
labelled, validation from template lines the training set never saw."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.understand.generate import Generator, read_templates
from agent.understand.labels import ACTS, SPAN_LABELS
from tests.conftest import ROOT

FOLDER = ROOT / "knowledge" / "requests"


def test_generated_messages_have_known_acts_and_spans_inside_them() -> None:
    train, val = Generator(FOLDER, seed=3).examples(per_template=2, multi=50)
    assert len(train) > 500 and len(val) > 100
    for example in train + val:
        assert set(example.acts) <= set(ACTS) and example.acts
        for start, end, label in example.spans:
            assert 0 <= start < end <= len(example.text) and label in SPAN_LABELS
            assert example.text[start:end].strip() == example.text[start:end]
    assert {a for e in train for a in e.acts} == set(ACTS)  # every act is taught
    # Validation renders other template lines than training (split by phrasing family).
    assert not {e.template for e in train} & {e.template for e in val if "+" not in e.template}


def test_a_bad_template_line_names_its_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "templates.en.txt"
    bad.write_text("browse | do you have {need}?\nshopping | {need} please\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"templates.en.txt:2"):
        read_templates(bad, "en")
