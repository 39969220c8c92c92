"""Problems found while reading sources: row-level ones are reported, file-level ones are fatal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RowIssue:
    """A row that was skipped or kept with a caveat; ``line`` is 1-based in the source file."""

    source: str
    line: int
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


class SourceError(Exception):
    """A whole source cannot be read. Ingestion stops and the serving index is left as it was."""

    def __init__(self, source: Path | str, reason: str, line: int | None = None) -> None:
        self.source = str(source)
        self.line = line
        self.reason = reason
        where = f"{self.source}:{line}" if line is not None else self.source
        super().__init__(f"{where}: {reason}")


def decode_text(path: Path, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or GBK/GB18030; name the bad line when neither fits."""
    if not data.strip():
        raise SourceError(path, "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise SourceError(
                path, "cannot decode the file: it is neither UTF-8 nor GBK/GB18030 text", line
            ) from None
