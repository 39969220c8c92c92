"""The report's charts: series per day, the funnel, one category, the forecast section, and the
offline HTML file; no customer's contact details anywhere in them."""

from __future__ import annotations

from pathlib import Path

import plotly.io as pio
import pytest

from agent.consult.ledger import LeadItem, SalesLedger
from agent.insights.load import load_orders
from agent.report.__main__ import main as report_cli
from agent.report.assemble import build_report
from agent.report.collect import parse_range
from agent.report.trends import buckets, funnel
from agent.settings import Settings
from agent.storage.orders import OrdersStore
from tests.conftest import ROOT, tmp_settings

LAPTOP = [{"id": "LAP-001", "name": "Voltix AirBook 13"}]
PHONE = [{"id": "PHN-001", "name": "Voltix Phone 15"}]


def fill(ledger: SalesLedger) -> None:
    ledger.migrate()
    ledger.add_turn("t1", "customer", "product_recommendation", 0.9, "en", LAPTOP)
    ledger.add_turn("t1", "customer", "purchase", 0.9, "en", LAPTOP)
    ledger.add_turn("t2", "customer", "price_inquiry", 0.8, "en", PHONE)
    ledger.add_turn("t3", "customer", "chitchat", 0.9, "zh", [])
    ledger.add_lead(
        "t1", [LeadItem("LAP-001", "Voltix AirBook 13", 1, 899.0)], {"email": "ann@example.com"}, "en"
    )


def report_settings(tmp_path: Path, orders: bool = True) -> Settings:
    settings = tmp_settings(tmp_path)
    fill(SalesLedger(settings.sales_db))
    if orders:
        load_orders(OrdersStore(settings.orders_db), [ROOT / "knowledge" / "orders" / "orders.csv"])
    return settings


async def test_the_funnel_counts_where_conversations_stopped(tmp_path: Path) -> None:
    charted = await build_report(report_settings(tmp_path, orders=False), *parse_range("2000-01-01", None))
    assert funnel(charted.report) == [
        ("conversation", 3), ("needs discovery", 2), ("recommendation", 2), ("closing", 1), ("order request", 1),
    ]  # fmt: skip
    assert charted.view is None and "ingest.py --orders" in charted.markdown()


async def test_one_category_keeps_only_its_conversations(tmp_path: Path) -> None:
    since, until = parse_range("2000-01-01", None)
    charted = await build_report(report_settings(tmp_path), since, until, "Laptops")
    assert charted.report.conversations == 1 and charted.report.leads[0]["thread_id"] == "t1"
    assert charted.view is not None and set(charted.view.histories) == {f"LAP-00{n}" for n in range(1, 9)}
    assert "## Laptops: sales report" in charted.markdown() and "Laptops: " in charted.markdown()


async def test_a_category_in_another_spelling_is_the_catalogs(tmp_path: Path) -> None:
    charted = await build_report(report_settings(tmp_path), *parse_range("2000-01-01", None), "笔记本电脑")
    assert charted.report.conversations == 1 and "## Laptops: sales report" in charted.markdown()


def test_the_cli_refuses_a_category_the_catalog_does_not_have(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = report_settings(tmp_path)
    monkeypatch.setenv("SALES_SALES_DB", str(settings.sales_db))
    monkeypatch.setenv("SALES_CHAT_DB", str(settings.chat_db))
    assert report_cli(["--since", "2000-01-01", "--category", "Toys"]) == 2
    error = capsys.readouterr().err
    assert "'Toys' is no category" in error and "Laptops, Monitors" in error and "Traceback" not in error


async def test_the_charts_show_no_contact_details(tmp_path: Path) -> None:
    since, until = parse_range("2000-01-01", None)
    charted = await build_report(report_settings(tmp_path), since, until)
    figures = charted.figures()
    assert set(figures) == {"activity", "intents", "funnel", "products", "thumbs", "forecast", "stock"}
    everything = charted.markdown() + "".join(pio.to_json(f) for f in figures.values())
    assert "ann@example.com" not in everything
    assert len(buckets(charted.report).starts) > 60 and buckets(charted.report).weekly


def test_cli_writes_one_offline_html_file_and_keeps_the_summary_on_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report_settings(tmp_path)
    for name, file in (
        ("SALES_DB", "sales.sqlite"),
        ("CHAT_DB", "chat.sqlite"),
        ("ORDERS_DB", "orders.sqlite"),
    ):
        monkeypatch.setenv(f"SALES_{name}", str(tmp_path / file))
    out = tmp_path / "report.html"
    assert report_cli(["--since", "2026-11-01", "--html", str(out)]) == 0
    assert "### Demand forecast" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert page.count('class="chart"') == 7 and "<script src=" not in page
    assert "Plotly.newPlot" in page and len(page) > 3_000_000  # plotly.js itself is inside
