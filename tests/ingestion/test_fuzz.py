"""Property tests: whatever a catalog file holds, ingestion never crashes, names the file (and the
line) of what it cannot use, and never damages the index that is serving."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.embeddings import EMBEDDING_MODEL_ID
from agent.ingestion.catalog import read_catalog
from agent.ingestion.manifest import serving_folder
from agent.ingestion.pipeline import ingest
from agent.ingestion.problems import SourceError
from agent.retrieval.loader import load_retriever
from tests.conftest import SAMPLE_SOURCES

HEADERS = ["id", "name", "price", "currency", "stock", "key_specs", "description", "category", "价格", ""]
cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["$1,299.00", "¥6999", "-5", "1e308", "NaN", "free", "", " ", '"', "\n", "12 in stock"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=9), max_size=6)
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(HEADERS), inner, max_size=6)
    ),
    max_leaves=20,
)


def _csv(header: list[str], body: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(body)
    return out.getvalue()


def _check(path: Path) -> None:
    try:
        documents, issues = read_catalog(path)
    except SourceError as error:
        assert path.name in str(error)  # names the file (and the line, where there is one)
        return
    for issue in issues:
        assert issue.source.endswith(path.name) and issue.line >= 1
    for document in documents:
        price = document.metadata.get("price")
        assert price is None or (price == price and price >= 0)  # never NaN or negative


@settings(max_examples=150, deadline=None)
@given(header=st.lists(st.sampled_from(HEADERS), max_size=8), body=rows, raw=st.binary(max_size=40))
def test_any_csv_is_read_or_refused_with_its_name(
    header: list[str], body: list[list[str]], raw: bytes
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "feed.csv"
        path.write_bytes(_csv(header, body).encode() + raw)
        _check(path)


@settings(max_examples=150, deadline=None)
@given(data=json_value)
def test_any_json_is_read_or_refused_with_its_name(data: object) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "feed.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        _check(path)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(HEADERS), max_size=8), body=rows)
def test_a_fuzzed_feed_never_damages_the_serving_index(
    sample_index: Path,
    embedder,
    header: list[str],
    body: list[list[str]],  # type: ignore[no-untyped-def]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        index = Path(scratch) / "index"
        shutil.copytree(sample_index, index)
        before = serving_folder(index)
        feed = Path(scratch) / "feed.csv"
        feed.write_text(_csv(header, body), encoding="utf-8")
        try:
            ingest([*SAMPLE_SOURCES, feed], index, embedder, EMBEDDING_MODEL_ID)
        except SourceError as error:
            assert "feed.csv" in str(error) and serving_folder(index) == before
        retriever = load_retriever(index, embedder, EMBEDDING_MODEL_ID, 0.6)  # still loads and serves
        assert "LAP-001" in retriever.by_id
