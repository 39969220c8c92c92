from pathlib import Path

import pytest

from agent.ingestion.documents import MAX_CHUNK_CHARS, read_document
from agent.ingestion.problems import SourceError


def test_markdown_is_split_by_heading_with_citations(tmp_path: Path) -> None:
    path = tmp_path / "returns.md"
    path.write_text("# Returns\nIntro.\n\n## Window\n30 days.\n\n## Refunds\nWithin 5 days.\n")
    chunks = read_document(path)
    assert [c.metadata["heading"] for c in chunks] == ["Returns", "Returns > Window", "Returns > Refunds"]
    assert chunks[1].metadata["source"] == str(path) and chunks[1].metadata["line"] == 4
    assert "30 days" in chunks[1].page_content


def test_long_sections_are_split_by_size(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text("# Policy\n" + "\n\n".join(f"Paragraph {i}. " + "word " * 60 for i in range(20)))
    chunks = read_document(path)
    assert len(chunks) > 3
    assert all(len(c.page_content) <= MAX_CHUNK_CHARS + 50 for c in chunks)
    assert all(c.metadata["heading"] == "Policy" for c in chunks)


def test_html_keeps_headings_and_drops_scripts(tmp_path: Path) -> None:
    path = tmp_path / "faq.html"
    path.write_text(
        "<html><head><style>p{}</style><script>alert('x')</script></head><body>"
        "<h1>FAQ</h1><h2>Shipping</h2><p>We ship to <b>Canada</b>.</p></body></html>"
    )
    chunks = read_document(path)
    assert chunks[-1].metadata["heading"] == "FAQ > Shipping"
    assert "We ship to Canada." in chunks[-1].page_content
    assert all("alert" not in c.page_content for c in chunks)


def test_plain_text_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_bytes("支持七天无理由退货。".encode("gbk"))
    chunks = read_document(path)
    assert chunks[0].metadata["heading"] == "说明" and "七天无理由" in chunks[0].page_content


def test_pdf_pages_are_read(tmp_path: Path) -> None:
    path = tmp_path / "warranty.pdf"
    path.write_bytes(_tiny_pdf("Two year warranty on laptops"))
    chunks = read_document(path)
    assert "Two year warranty on laptops" in chunks[0].page_content
    assert chunks[0].metadata["heading"] == "warranty (page 1)"


def test_broken_pdf_and_empty_file_are_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(SourceError, match="broken.pdf"):
        read_document(broken)
    empty = tmp_path / "empty.md"
    empty.write_text("   \n")
    with pytest.raises(SourceError, match="empty.md: the file is empty"):
        read_document(empty)


def _tiny_pdf(text: str) -> bytes:
    """A minimal one-page PDF with real text, built by hand (no PDF writer dependency)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
