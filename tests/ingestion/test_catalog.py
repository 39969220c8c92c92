import json
from pathlib import Path

import pytest

from agent.ingestion.catalog import read_catalog
from agent.ingestion.problems import SourceError

HEADER = "sku;Product Name;Sale Price;Brand;Category;Stock;Description\n"
ROWS = "A1;Silent Fan;EUR 49,90;Breeze;Home;12;Quiet desk fan\nA2;静音风扇;￥299;微风;家居;0;超静音台扇\n"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_any_encoding_and_delimiter(tmp_path: Path, encoding: str) -> None:
    docs, issues = read_catalog(_write(tmp_path / "c.csv", HEADER + ROWS, encoding))
    assert issues == []
    assert [d.metadata["id"] for d in docs] == ["A1", "A2"]
    fan, chinese = (d.metadata for d in docs)
    assert (fan["price"], fan["currency"], fan["stock"]) == (49.9, "EUR", 12)
    assert (chinese["name"], chinese["price"], chinese["currency"], chinese["stock"]) == (
        "静音风扇",
        299.0,
        "CNY",
        0,
    )
    assert fan["line"] == 2 and chinese["line"] == 3


def test_tab_and_pipe_delimiters(tmp_path: Path) -> None:
    for delimiter in ["\t", "|"]:
        text = f"id{delimiter}title{delimiter}price\nX{delimiter}Lamp{delimiter}$5\n"
        docs, _ = read_catalog(_write(tmp_path / "c.csv", text))
        assert docs[0].metadata["name"] == "Lamp" and docs[0].metadata["price"] == 5.0


def test_json_list_and_wrapped_object(tmp_path: Path) -> None:
    items = [
        {"ASIN": "B01", "title": "Desk Lamp", "list price": "$1,265.00"},
        {"ASIN": "B02", "title": "Chair"},
    ]
    docs, issues = read_catalog(_write(tmp_path / "a.json", json.dumps(items, indent=2)))
    assert [d.metadata["price"] for d in docs] == [1265.0, None]
    assert issues[0].line == 7 and "could not be parsed" in issues[0].reason and not issues[0].skipped
    wrapped = json.dumps({"products": items}, indent=2)
    docs, _ = read_catalog(_write(tmp_path / "b.json", wrapped))
    assert len(docs) == 2


def test_jsonl_malformed_line_is_named(tmp_path: Path) -> None:
    text = '{"id": "1", "name": "A", "price": 3}\n{"id": "2", "name": "B", "price": \n'
    with pytest.raises(SourceError) as raised:
        read_catalog(_write(tmp_path / "p.jsonl", text))
    assert raised.value.line == 2 and "p.jsonl:2" in str(raised.value)


def test_bad_rows_are_reported_with_file_and_line(tmp_path: Path) -> None:
    text = "id,name,price\n1,Good,$10\n2,,$5\n3,Odd price,call us\n1,Duplicate,$1\n"
    docs, issues = read_catalog(_write(tmp_path / "c.csv", text))
    assert [d.metadata["id"] for d in docs] == ["1", "3"]
    rendered = [str(i) for i in issues]
    assert any(r.endswith("c.csv:3: missing product name") for r in rendered)
    assert any("c.csv:4:" in r and "unknown price" in r for r in rendered)
    assert any("c.csv:5:" in r and "duplicate id '1'" in r for r in rendered)


def test_column_overrides(tmp_path: Path) -> None:
    text = "Ref,Title,Our Price\nZ9,Kettle,12.50\n"
    docs, _ = read_catalog(_write(tmp_path / "c.csv", text), {"id": "Ref", "price": "Our Price"})
    assert docs[0].metadata["id"] == "Z9" and docs[0].metadata["price"] == 12.5


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("latin.csv", "id,name\n1,caf\xe9\n".encode("latin-1") + b"\xff\xfe\x80", "neither UTF-8 nor GBK"),
        ("noname.csv", b"sku,price\n1,3\n", "no product name column"),
        ("bad.json", b'[{"name": "x"},', "malformed JSON"),
    ],
)
def test_bad_files_are_fatal_with_a_clear_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(SourceError, match=message) as raised:
        read_catalog(_write_bytes(tmp_path / name, content))
    assert name in str(raised.value)


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
