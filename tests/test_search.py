import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent.search", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_json_hits_best_first_with_filters(sample_index: Path) -> None:
    result = _run(
        "--index", str(sample_index), "--k", "5", "--json", "--max-price", "150", "--in-stock", "耳机"
    )
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 5
    assert set(hits[0]) == {"id", "kind", "title", "score", "source", "price", "currency"}
    assert all(h["kind"] == "product" and h["price"] <= 150 for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert hits[0]["id"] == "AUD-006"


def test_queries_file_prints_one_json_line_per_query(sample_index: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("smart bulbs for alexa\n\n退货政策\n", encoding="utf-8")
    result = _run("--index", str(sample_index), "--queries", str(queries), "--k", "2")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["smart bulbs for alexa", "退货政策"]
    assert lines[0]["hits"][0]["id"] == "SMH-001"
    assert lines[1]["hits"][0]["kind"] == "faq"


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    result = _run("--index", str(tmp_path / "none"), "laptop")
    assert result.returncode == 2
    assert "no knowledge index" in result.stderr and "python ingest.py" in result.stderr


def test_a_chinese_query_finds_an_english_named_product(toy_index: Path) -> None:
    result = _run("--index", str(toy_index), "--k", "3", "--json", "魔方")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["title"] == "Speed Cube 3x3 Stickerless"
