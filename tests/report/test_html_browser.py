"""The offline HTML report in a real browser (Debian's chromium via Playwright) with every network
request refused: its charts draw from the inlined plotly.js. Screenshots go to docs/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.report.assemble import build_report
from agent.report.collect import parse_range
from agent.report.html import write_html
from tests.report.test_charts import report_settings
from tests.web.browser import NEEDS_CHROMIUM, SHOTS, chromium

pytestmark = NEEDS_CHROMIUM


@pytest.fixture
async def report_file(tmp_path: Path) -> Path:
    charted = await build_report(report_settings(tmp_path), *parse_range("2026-09-01", None))
    return write_html(tmp_path / "report.html", charted.title, charted.markdown(), charted.figures())


def test_the_html_report_opens_offline_and_shows_its_charts(report_file: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 1300})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else (outside.append(route.request.url), route.abort()))  # type: ignore[func-returns-value]  # fmt: skip
        page.goto(report_file.as_uri())
        page.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 7", timeout=30_000
        )
        assert page.locator(".js-plotly-plot").count() == 7
        assert page.locator("#chart-funnel .funnellayer .point").count() == 5  # one bar per funnel step
        assert page.locator("#chart-forecast .scatterlayer .trace").count() >= 6
        assert "Sales funnel" in page.locator("#chart-funnel").inner_text()
        page.screenshot(path=str(SHOTS / "report.png"))
        page.locator('[data-chart="forecast"]').screenshot(path=str(SHOTS / "report-forecast.png"))
    assert outside == []
