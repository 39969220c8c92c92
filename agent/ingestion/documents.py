"""Read FAQ and policy documents and split them by heading and size, keeping citations."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from langchain_core.documents import Document

from agent.ingestion.problems import SourceError, decode_text

DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
MAX_CHUNK_CHARS = 1000
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def read_document(path: Path) -> list[Document]:
    """Chunks of the document at ``path``, each with its source, heading path and line."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        markdown = _pdf_as_markdown(path)
    else:
        text = decode_text(path, path.read_bytes())
        markdown = _html_as_markdown(text) if suffix in {".html", ".htm"} else text
    sections = _sections(markdown, default_title=path.stem)
    chunks: list[Document] = []
    for heading, line, body in sections:
        for piece in _split_by_size(body):
            n = len(chunks)
            chunks.append(
                Document(
                    page_content=f"{heading}\n{piece}",
                    metadata={
                        "kind": "faq",
                        "id": f"{path.name}#{n}",
                        "title": heading,
                        "heading": heading,
                        "source": str(path),
                        "line": line,
                    },
                    id=f"{path.name}#{n}",
                )
            )
    if not chunks:
        raise SourceError(path, "the document has no text")
    return chunks


def _sections(markdown: str, default_title: str) -> list[tuple[str, int, str]]:
    """(heading path, first line, body) for each section; text before any heading included."""
    stack: list[tuple[int, str]] = []
    sections: list[tuple[str, int, str]] = []
    body: list[str] = []
    start = 1

    def flush() -> None:
        text = "\n".join(body).strip()
        if text:
            path = " > ".join(title for _, title in stack) or default_title
            sections.append((path, start, text))
        body.clear()

    for number, line in enumerate(markdown.splitlines(), start=1):
        match = _HEADING.match(line)
        if not match:
            body.append(line)
            continue
        flush()
        level = len(match.group(1))
        stack[:] = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, match.group(2))]
        start = number
    flush()
    return sections


def _split_by_size(text: str) -> list[str]:
    """Split on paragraph boundaries so each chunk stays under MAX_CHUNK_CHARS."""
    if len(text) <= MAX_CHUNK_CHARS:
        return [text]
    chunks: list[str] = []
    current = ""
    for paragraph in re.split(r"\n\s*\n|(?<=[.!?。！？])\s+", text):
        paragraph = paragraph.strip()
        while len(paragraph) > MAX_CHUNK_CHARS:  # one giant paragraph: hard split
            chunks.append(paragraph[:MAX_CHUNK_CHARS])
            paragraph = paragraph[MAX_CHUNK_CHARS:]
        if current and len(current) + len(paragraph) + 1 > MAX_CHUNK_CHARS:
            chunks.append(current)
            current = paragraph
        else:
            current = f"{current}\n{paragraph}".strip()
    if current:
        chunks.append(current)
    return chunks


class _HtmlText(HTMLParser):
    """Keep headings as Markdown headings and text blocks as paragraphs; drop scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "noscript", "template"}:
            self.skip += 1
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._end_block()
            self.prefix = "#" * int(tag[1]) + " "
        elif tag in {"p", "div", "li", "tr", "br", "section", "article", "dt", "dd"}:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "noscript", "template"}:
            self.skip = max(0, self.skip - 1)
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "li", "tr", "dd"}:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def _end_block(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.lines += [self.prefix + text, ""]
        self.current, self.prefix = [], ""


def _html_as_markdown(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    parser._end_block()
    return "\n".join(parser.lines)


def _pdf_as_markdown(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as error:
        raise SourceError(path, f"cannot read the PDF: {error}") from None
    return "\n\n".join(
        f"# {path.stem} (page {n})\n{text}" for n, text in enumerate(pages, start=1) if text.strip()
    )
