"""The live-handoff desk on either backend: queue, one taker however many click at once (on one
worker or two), who/when records, both sides' messages, report figures, privacy."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent.handoff.figures import handoff_figures
from agent.storage.desk import CLOSED, RETURNED, TAKEN, WAITING, HandoffDesk


@pytest.fixture
def desk(where: Path | str) -> Iterator[HandoffDesk]:
    desk = HandoffDesk(where, pooled=True).migrate()
    yield desk
    desk.close()


@pytest.fixture
def desks(where: Path | str) -> Iterator[list[HandoffDesk]]:
    """Two workers' desks on the one database (or two processes on the one file)."""
    desks = [HandoffDesk(where, pooled=True).migrate() for _ in range(2)]
    yield desks
    for desk in desks:
        desk.close()


def at_once(calls: list[Callable[..., Any]]) -> list[Any]:
    """What each call returned (None left out), all started together on their own threads."""
    results: list[Any] = []
    barrier = threading.Barrier(len(calls))

    def race(call: Callable[..., Any]) -> None:
        barrier.wait()
        results.append(call())

    threads = [threading.Thread(target=race, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [result for result in results if result is not None]


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
    taken = at_once([lambda n=n: desk.take(waiting.id, n, n.title(), f"{n}-thread") for n in ("sam", "kim")])
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


def test_figures_privacy_and_deletion_before_any_start_up_find_nothing(where: Path | str) -> None:
    desk, today = HandoffDesk(where), date.today()
    assert handoff_figures(desk, today, today + timedelta(days=1)).requested == 0
    assert desk.for_threads(["gone"]) == [] and desk.delete_threads(["gone"]) == 0
    if isinstance(where, Path):
        assert not where.exists()  # never created just to be read or deleted from


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


def test_two_workers_queue_a_customer_once_and_exactly_one_salesperson_takes_it(
    desks: list[HandoffDesk],
) -> None:
    [queued] = at_once([lambda d=d: d.request("H-1", "thread-a", "asked for a person", "en") for d in desks])
    assert queued.status == WAITING and [h.id for h in desks[1].waiting()] == [queued.id]
    taken = at_once(
        [
            lambda d=d, n=n: d.take(queued.id, n, n.title(), f"{n}-chat")
            for d, n in zip(desks, ("sam", "kim"), strict=True)
        ]
    )
    assert len(taken) == 1 and taken[0].status == TAKEN
    holder = taken[0].taken_by
    assert desks[0].open_for_customer("thread-a") == desks[1].get(queued.id)
    assert desks[1].held_in(f"{holder}-chat", holder) is not None and desks[0].waiting() == []
    assert desks[0].end(queued.id, "nobody", RETURNED) is None  # only the holder hands back
    ended = desks[1].end(queued.id, holder, CLOSED)
    assert ended is not None and ended.ended_by == holder and ended.ended_at
    again = desks[0].request("H-1", "thread-a", "asked again", "zh")
    assert again is not None and again.id != queued.id


def test_both_sides_messages_are_kept_in_order_and_exported_across_workers(desks: list[HandoffDesk]) -> None:
    live = desks[0].request("H-2", "thread-b", "asked for a person", "en")
    assert live is not None
    desks[1].take(live.id, "sam", "Sam", "sam-chat")
    desks[0].add_message(live.id, "customer", "Customer", "is anyone there?")
    desks[1].add_message(live.id, "staff", "sam", "Hi, Sam here.")
    desks[1].add_message(live.id, "staff", "sam", "How can I help?")
    said = desks[0].messages(live.id)
    assert [(m["side"], m["text"]) for m in said] == [
        ("customer", "is anyone there?"),
        ("staff", "Hi, Sam here."),
        ("staff", "How can I help?"),
    ]
    row = desks[0].get(live.id)
    assert row is not None and row.first_reply_at == said[1]["created_at"]
    assert [h.ticket for h in desks[0].between(live.requested_at, "9999")] == ["H-2"]
    [exported] = desks[1].for_threads(["thread-b"])
    assert (
        exported["taken_by"] == "sam" and [m["text"] for m in exported["messages"]][0] == "is anyone there?"
    )
    assert desks[1].delete_threads(["thread-b"]) == 1
    assert desks[0].get(live.id) is None and desks[0].messages(live.id) == []
