"""Drafts for salespeople: stored when made, approved with edits or discarded once, listed and
exported per author (admins: everyone's), counted for the report; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from agent.storage.drafts import DraftBook, DraftStatus, as_csv, as_markdown


def test_a_draft_is_approved_with_its_edits_once_and_listed_for_its_author(where: Path | str) -> None:
    book = DraftBook(where)
    assert book.counts("2000-01-01", "2100-01-01") == {"made": 0, "approved": 0}  # before any worker
    book.migrate()
    mine = book.add("t-1", "sam", "follow-up email", "en", "Dear Anna, ...", ["AUD-001 Nimbus Quiet 700"])
    other = book.add("t-2", "kim", "sales script", "zh", "开场白：……", [])
    dropped = book.add("t-3", "sam", "chat reply", "en", "Hi!", [])
    assert book.review(mine, DraftStatus.APPROVED, "sam", text="Dear Anna, the Nimbus Quiet 700 ...")
    assert not book.review(mine, DraftStatus.DISCARDED, "kim")  # reviewed already: nothing changes
    assert book.review(other, DraftStatus.APPROVED, "ada")
    assert book.review(dropped, DraftStatus.DISCARDED, "sam")
    approved = book.approved("sam")
    assert [d.id for d in approved] == [mine] and approved[0].text.startswith("Dear Anna, the Nimbus")
    assert approved[0].reviewed_by == "sam" and approved[0].facts == ["AUD-001 Nimbus Quiet 700"]
    assert {d.id for d in book.approved()} == {mine, other}  # an admin sees everyone's
    assert book.counts("2000-01-01", "2100-01-01") == {"made": 3, "approved": 2}
    rows = list(csv.DictReader(io.StringIO(as_csv(book.approved()))))
    assert [r["id"] for r in rows] == [mine, other] and rows[1]["text"] == "开场白：……"
    assert "Dear Anna, the Nimbus" in as_markdown(approved)
    book.close()
