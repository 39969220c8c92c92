import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent.search import main
from tests.conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent.search", *args], capture_output=True, text=True, cwd=ROOT
    )


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The CLI in this process (one subprocess test below runs it as a user does)."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_hits_best_first_with_filters(sample_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _main(
        capsys, "--index", str(sample_index), "--k", "5", "--json", "--max-price", "150", "--in-stock", "耳机"
    )
    assert code == 0, err
    hits = json.loads(out)
    assert len(hits) == 5
    assert set(hits[0]) == {"id", "kind", "title", "score", "source", "price", "currency"}
    assert all(h["kind"] == "product" and h["price"] <= 150 for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert hits[0]["id"] == "AUD-006"


def test_queries_file_prints_one_json_line_per_query(
    sample_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("smart bulbs for alexa\n\n退货政策\n", encoding="utf-8")
    _, out, _ = _main(capsys, "--index", str(sample_index), "--queries", str(queries), "--k", "2")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == ["smart bulbs for alexa", "退货政策"]
    assert lines[0]["hits"][0]["id"] == "SMH-001"
    assert lines[1]["hits"][0]["kind"] == "faq"


def test_missing_index_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _main(capsys, "--index", str(tmp_path / "none"), "laptop")
    assert code == 2
    assert "no knowledge index" in err and "python ingest.py" in err


def test_a_chinese_query_finds_an_english_named_product(toy_index: Path) -> None:
    result = _run("--index", str(toy_index), "--k", "3", "--json", "魔方")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["title"] == "Speed Cube 3x3 Stickerless"
