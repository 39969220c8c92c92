"""Debian's chromium driven by Playwright, for the browser tests and the README screenshots
(``tests/web/screenshots.py``): the test marks, the launch, and the steps both take on a page."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.web.live import ROOT, LiveApp

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "var" / "screenshots"))
# A browser test module's ``pytestmark``.
NEEDS_CHROMIUM = [
    pytest.mark.slow,
    # Skipped on a laptop without it; in CI a missing browser must fail, not skip.
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason="needs Debian's chromium (apt-get install chromium)",
    ),
]


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium, headless, that asks nothing of the network on its own."""
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def login(page: Any, app: LiveApp, name: str, password: str) -> None:
    """A staff member signs in to the app and gets the chat."""
    page.goto(f"{app.url}/login")
    page.locator("input#email").fill(name)
    page.locator("input#password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.locator("#chat-input").wait_for()


def send(chat: Any, text: str) -> None:
    """Write ``text`` in a chat (the app's page or the widget) and send it."""
    chat.locator("#chat-input").fill(text)
    chat.locator("#chat-submit").click()


def click_starter(widget: Any, label: str) -> None:
    """Click a greeting suggestion until it is sent: a button can render before its handler works."""
    sent = widget.locator("[data-step-type=user_message]")
    before = sent.count()
    for _ in range(5):
        widget.locator("[data-testid=starter]", has_text=label).click()
        try:
            sent.nth(before).wait_for(timeout=5_000)
            return
        except playwright_api.TimeoutError:
            continue
    raise AssertionError(f"the suggestion {label!r} was never sent")
