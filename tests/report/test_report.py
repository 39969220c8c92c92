"""The sales manager's report: customer conversations only, within the dates asked for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from agent.consult.ledger import LeadItem, LedgerMissingError, SalesLedger
from agent.report.__main__ import main as report_cli
from agent.report.collect import collect, parse_range
from agent.report.render import as_markdown
from agent.settings import Settings
from agent.storage.drafts import DraftBook, DraftStatus


def _settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, sales_db=tmp_path / "sales.sqlite", chat_db=tmp_path / "chat.sqlite")  # type: ignore[call-arg]


def _fill(where: Path) -> None:
    ledger = SalesLedger(where).migrate()
    laptop = [{"id": "LAP-001", "name": "Voltix AirBook 13"}]
    ledger.add_turn("t1", "customer", "product_recommendation", 0.9, "en", laptop)
    ledger.add_turn("t1", "customer", "price_inquiry", 0.8, "en", laptop)
    ledger.add_turn("t2", "customer", "product_recommendation", 0.7, "zh", [])
    ledger.add_turn("t3", "staff", "comparison", 0.9, "en", laptop)  # staff work is not a sale
    ledger.add_lead("t1", [LeadItem("LAP-001", "Voltix AirBook 13", 2, 899.0)], {"email": "a@b.co"}, "en")
    ledger.add_handoff("t2", "asked for a person", "wants a human", {})
    drafts = DraftBook(where).migrate()
    approved = drafts.add("s1", "sam", "follow-up email", "en", "Dear Anna, ...", [])
    drafts.add("s1", "sam", "sales script", "en", "Opening: ...", [])
    drafts.review(approved, DraftStatus.APPROVED, "sam")


async def test_counts_customer_conversations_intents_products_leads_and_handoffs(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _fill(settings.sales_db)
    since, until = parse_range("2000-01-01", None)
    report = await collect(settings, since, until)
    assert (report.conversations, report.customer_turns) == (2, 3)
    assert report.intents.most_common(1) == [("product_recommendation", 2)]
    assert report.products[("LAP-001", "Voltix AirBook 13")] == 2
    text = as_markdown(report)
    assert "| LAP-001 | Voltix AirBook 13 | 2 |" in text
    assert "2 x Voltix AirBook 13" in text and "asked for a person" in text
    assert "a@b.co" not in text and "| email |" in text  # which contact was left, not the contact
    assert "Drafts for salespeople: 2 made, 1 approved" in text


async def test_a_range_before_the_data_is_empty(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _fill(settings.sales_db)
    report = await collect(settings, *parse_range("2000-01-01", "2000-01-31"))
    assert report.conversations == 0 and report.leads == [] and report.handoffs == []


def test_dates_are_checked_and_named() -> None:
    assert parse_range("2026-11-01", "2026-11-30") == (date(2026, 11, 1), date(2026, 12, 1))
    assert parse_range(None, None, today=date(2026, 11, 22))[0] == date(2026, 10, 23)
    with pytest.raises(ValueError, match="since"):
        parse_range("yesterday", None)
    with pytest.raises(ValueError, match="until"):
        parse_range("2026-11-02", "2026-11-01")


def test_cli_prints_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SALES_SALES_DB", str(tmp_path / "sales.sqlite"))
    monkeypatch.setenv("SALES_CHAT_DB", str(tmp_path / "chat.sqlite"))
    _fill(tmp_path / "sales.sqlite")
    assert report_cli(["--since", "2000-01-01"]) == 0
    assert "Customer conversations: **2**" in capsys.readouterr().out
    assert report_cli(["--since", "soon"]) == 2


async def test_a_report_on_a_missing_ledger_says_so_and_creates_no_database(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(LedgerMissingError, match="sales.sqlite"):
        await collect(settings, *parse_range("2000-01-01", None))
    assert list(tmp_path.iterdir()) == []  # neither the ledger nor the chat history was created


async def test_a_report_before_any_chat_history_creates_none(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _fill(settings.sales_db)
    report = await collect(settings, *parse_range("2000-01-01", None))
    assert report.leads and (report.thumbs_up, report.thumbs_down) == (0, 0)
    assert not settings.chat_db.exists()


def test_cli_on_a_fresh_install_prints_an_empty_report_and_creates_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    var = tmp_path / "var"  # a fresh install: not even the folder yet
    for setting, name in (("SALES_DB", "sales"), ("CHAT_DB", "chat"), ("ORDERS_DB", "orders")):
        monkeypatch.setenv(f"SALES_{setting}", str(var / f"{name}.sqlite"))
    assert report_cli([]) == 0
    out, err = capsys.readouterr()
    assert "No conversations yet" in out and "sales.sqlite" in out and "Customer conversations: **0**" in out
    assert "Traceback" not in err
    assert report_cli(["--html", str(tmp_path / "report.html")]) == 0
    assert "No conversations yet" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no ledger, chat or orders file


async def test_the_report_counts_handoffs_a_person_answered_and_those_never_answered(tmp_path: Path) -> None:
    from agent.storage.desk import HandoffDesk

    settings = _settings(tmp_path)
    _fill(settings.sales_db)
    desk = HandoffDesk(settings.sales_db).migrate()
    answered = desk.request("H-1", "t1", "customer asked for a person", "en")
    desk.request("H-2", "t2", "repeated complaint", "zh")  # nobody ever took this one
    assert answered is not None
    desk.take(answered.id, "sam", "Sam", "staff-thread")
    desk.add_message(answered.id, "customer", "customer", "hello?")
    desk.add_message(answered.id, "staff", "sam", "Hi, Sam here")
    report = await collect(settings, *parse_range("2000-01-01", None))
    assert report.live is not None and (report.live.requested, report.live.answered) == (2, 1)
    text = as_markdown(report)
    assert "1 of 2 answered by a salesperson in the chat" in text and "**1 never answered**" in text
