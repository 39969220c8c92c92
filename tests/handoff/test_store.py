"""The handoff desk on a real SQLite file: queue, one taker, who/when records, report figures."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from agent.handoff.figures import handoff_figures
from agent.handoff.store import CLOSED, RETURNED, TAKEN, WAITING, HandoffDesk


@pytest.fixture
def desk(tmp_path: Path) -> HandoffDesk:
    return HandoffDesk(tmp_path / "sales.sqlite").migrate()


def test_a_request_queues_once_per_episode_and_again_after_it_ended(desk: HandoffDesk) -> None:
    first = desk.request("H-1", "thread-a", "customer asked for a person", "en")
    assert first is not None and first.status == WAITING
    assert desk.request("H-1", "thread-a", "asked again", "en") is None  # still open: no second entry
    assert [h.id for h in desk.waiting()] == [first.id]
    assert desk.take(first.id, "sam", "Sam", "staff-thread") is not None
    assert desk.end(first.id, "sam", CLOSED) is not None
    again = desk.request("H-1", "thread-a", "asked again", "zh")
    assert again is not None and again.id != first.id and again.language == "zh"


def test_only_one_of_two_salespeople_takes_a_conversation(desk: HandoffDesk) -> None:
    waiting = desk.request("H-2", "thread-b", "repeated complaint", "en")
    assert waiting is not None
    results: list[object] = []
    barrier = threading.Barrier(2)

    def grab(name: str) -> None:
        barrier.wait()
        results.append(desk.take(waiting.id, name, name.title(), f"{name}-thread"))

    threads = [threading.Thread(target=grab, args=(n,)) for n in ("sam", "kim")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    taken = [r for r in results if r is not None]
    assert len(taken) == 1
    row = desk.get(waiting.id)
    assert row is not None and row.status == TAKEN and row.taken_by in ("sam", "kim") and row.taken_at
    assert desk.waiting() == []


def test_only_the_holder_hands_back_and_the_records_say_who_and_when(desk: HandoffDesk) -> None:
    live = desk.request("H-3", "thread-c", "customer asked for a person", "en")
    assert live is not None
    desk.take(live.id, "sam", "Sam", "sam-thread")
    assert desk.held_in("sam-thread", "sam") is not None
    assert desk.held_in("sam-thread", "kim") is None
    assert desk.end(live.id, "kim", RETURNED) is None  # not kim's
    ended = desk.end(live.id, "sam", RETURNED)
    assert ended is not None and ended.status == RETURNED and ended.ended_by == "sam" and ended.ended_at
    assert desk.end(live.id, "sam", CLOSED) is None  # already handed back
    with pytest.raises(ValueError, match="status"):
        desk.end(live.id, "sam", "deleted")


def test_messages_of_both_sides_are_stored_and_the_first_reply_is_timed(desk: HandoffDesk) -> None:
    live = desk.request("H-4", "thread-d", "customer asked for a person", "en")
    assert live is not None
    desk.take(live.id, "sam", "Sam", "sam-thread")
    desk.add_message(live.id, "customer", "Customer", "is anyone there?")
    desk.add_message(live.id, "staff", "sam", "Hi, Sam here.")
    desk.add_message(live.id, "staff", "sam", "How can I help?")
    assert [(m["side"], m["text"]) for m in desk.messages(live.id)] == [
        ("customer", "is anyone there?"),
        ("staff", "Hi, Sam here."),
        ("staff", "How can I help?"),
    ]
    row = desk.get(live.id)
    assert row is not None and row.first_reply_at is not None
    first_staff = desk.messages(live.id)[1]["created_at"]
    assert row.first_reply_at == first_staff  # the first reply, not the latest


def test_report_figures_count_answered_and_never_answered(desk: HandoffDesk) -> None:
    answered = desk.request("H-5", "t1", "customer asked for a person", "en")
    ignored = desk.request("H-6", "t2", "customer asked for a person", "en")
    taken_silent = desk.request("H-7", "t3", "repeated complaint", "en")
    assert answered and ignored and taken_silent
    desk.take(answered.id, "sam", "Sam", "s1")
    desk.add_message(answered.id, "staff", "sam", "Hello")
    desk.take(taken_silent.id, "kim", "Kim", "s2")
    desk.end(taken_silent.id, "kim", CLOSED)
    today = date.today()
    figures = handoff_figures(desk, today, today + timedelta(days=1))
    assert (figures.requested, figures.answered, figures.never_answered) == (3, 1, 2)
    assert figures.median_first_reply_s is not None and 0 <= figures.median_first_reply_s < 5
    before = handoff_figures(desk, today - timedelta(days=3), today)
    assert before.requested == 0 and before.median_first_reply_s is None


def test_figures_of_a_missing_or_old_ledger_are_zero(tmp_path: Path) -> None:
    today = date.today()
    assert handoff_figures(HandoffDesk(tmp_path / "none.sqlite"), today, today).requested == 0
    old = tmp_path / "old.sqlite"
    sqlite3.connect(old).close()  # a ledger from before live handoffs
    assert handoff_figures(HandoffDesk(old), today, today + timedelta(days=1)).requested == 0


def test_privacy_deletion_forgets_the_handoffs_and_messages(desk: HandoffDesk) -> None:
    live = desk.request("H-8", "gone", "customer asked for a person", "en")
    kept = desk.request("H-9", "kept", "customer asked for a person", "en")
    assert live and kept
    desk.add_message(live.id, "customer", "Customer", "my email is a@b.example")
    assert desk.delete_threads(["gone"]) == 1
    assert desk.get(live.id) is None and desk.messages(live.id) == []
    assert desk.get(kept.id) is not None
